// Start-up benchmark (npm run bench:startup): how long `devfin` takes before it does any work.
//
// Times, as child processes on the built dist/: `node -e 0` (the floor: Node itself),
// `devfin --help`, and `devfin status` on a fresh store (its first run creates the store and its
// schema) and on that store again. The first run of each is reported apart ("first run": the
// files of dist/ and node_modules may not be in the page cache yet, as after a build or an
// install), then the median of BENCH_RUNS (default 5) runs after it. Also lists the packages each
// command loads (see support/packageTrace.ts).
// Environment: BENCH_RUNS. Always exits 0: the figures are reported, not enforced.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDist, ROOT } from './support/dist.js';
import { packagesIn, TRACE_PACKAGES } from './support/packageTrace.js';
import { envNumber, fixed, median } from './support/stats.js';

const RUNS = Math.round(envNumber('BENCH_RUNS', 5));
const DEVFIN = join(ROOT, 'bin', 'devfin.js');

interface Timed {
  seconds: number;
  status: number | null;
  stderr: string;
}

function run(args: string[], nodeOptions: string[] = []): Timed {
  const start = performance.now();
  const child = spawnSync(process.execPath, [...nodeOptions, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DEVFIN_DATABASE_URL: '' },
  });
  return { seconds: (performance.now() - start) / 1000, status: child.status, stderr: child.stderr };
}

function packagesLoaded(args: string[]): string[] {
  return packagesIn(run(args, TRACE_PACKAGES).stderr);
}

async function main(): Promise<void> {
  await ensureDist((line) => process.stderr.write(`${line}\n`));
  const dir = await mkdtemp(join(tmpdir(), 'devfin-bench-startup-'));
  try {
    const store = join(dir, 'startup.sqlite');
    const commands: { name: string; args: string[]; first?: string[] }[] = [
      { name: 'node -e 0', args: ['-e', '0'] },
      { name: 'devfin --help', args: [DEVFIN, '--help'] },
      // The first run of status creates the store (the schema's migrations); the others open it.
      { name: 'devfin status', args: [DEVFIN, 'status', '--db', store] },
    ];
    const lines = [
      `start-up (load average ${loadavg()
        .map((l) => fixed(l, 1))
        .join(' ')}; medians of ${RUNS} runs after the first)`,
    ];
    for (const { name, args } of commands) {
      const first = run(args);
      if (first.status !== 0) throw new Error(`${name} failed (exit ${first.status}): ${first.stderr}`);
      const warm: number[] = [];
      for (let i = 0; i < RUNS; i++) warm.push(run(args).seconds);
      const firstNote = name === 'devfin status' ? ' (creates the store)' : '';
      lines.push(
        `  ${name.padEnd(14)}: first run ${fixed(first.seconds * 1000, 0)} ms${firstNote}, then ${fixed(median(warm) * 1000, 0)} ms`,
      );
    }
    for (const { name, args } of commands.slice(1)) {
      const packages = packagesLoaded(args);
      lines.push(`  ${name} loads ${packages.length} packages: ${packages.join(', ')}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
