// World Bank export import benchmark (npm run bench:worldbank).
//
// Times the command a person types, `devfin import .../worldbank/projects.csv` (bin/devfin.js on
// the built dist/, in a child process, into a fresh SQLite store: wall clock and peak RSS), and in
// the same run parses the same five files (projects.csv and its four companion tables) with
// csv-parse and nothing else. As a breakdown, the same import is also run in this process (store
// already open, code already compiled), which leaves out start-up, opening the store and closing it.
// Each is measured BENCH_RUNS times (default 3) after a warm-up of the in-process ones, and the
// medians are compared. Targets: the command takes at most 3x the bare parse, and peaks under 300 MB.
// Environment: BENCH_RUNS, BENCH_WORLDBANK_DIR, BENCH_RSS=poll (poll /proc instead of /usr/bin/time).
// Always exits 0: the targets are reported as PASS/MISS, not enforced.
import { createReadStream, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { listSourceFiles } from '../src/sources/files.js';
import { type ChildRun, runMeasured } from './support/child.js';
import { ensureDist, ROOT } from './support/dist.js';
import { importIntoFreshStore } from './support/importer.js';
import { envNumber, fixed, int, MB, median, timed, verdict } from './support/stats.js';

const WORLDBANK = process.env.BENCH_WORLDBANK_DIR ?? fileURLToPath(new URL('../../shared/data/worldbank', import.meta.url));
const RUNS = Math.round(envNumber('BENCH_RUNS', 3));
const TARGET = 3;
const RSS_TARGET_MB = 300;

async function bareParse(paths: string[]): Promise<number> {
  let rows = 0;
  for (const path of paths) {
    for await (const _record of createReadStream(path).pipe(parse({ bom: true, relax_column_count: true }))) rows++;
  }
  return rows;
}

/** `devfin import PROJECTS` as typed, into a fresh store; fails loudly when the command did not import the export. */
async function importCommand(projectsPath: string): Promise<ChildRun> {
  const dir = await mkdtemp(join(tmpdir(), 'devfin-bench-wb-'));
  try {
    const run = await runMeasured(
      process.execPath,
      [join(ROOT, 'bin', 'devfin.js'), 'import', '--db', join(dir, 'wb.sqlite'), projectsPath],
      ROOT,
      process.env.BENCH_RSS === 'poll' ? 'poll' : 'auto',
    );
    if (run.exitCode !== 0 || !/1 imported/.test(run.stderr))
      throw new Error(`devfin import failed (exit ${run.exitCode}):\n${run.stderr.split('\n').slice(0, 20).join('\n')}`);
    return run;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  await ensureDist((line) => process.stderr.write(`${line}\n`));
  const [file] = await listSourceFiles([join(WORLDBANK, 'projects.csv')]);
  if (file?.format !== 'worldbank-export') throw new Error(`no World Bank export at ${WORLDBANK}`);
  const paths = [file.path, ...file.companions];
  const megabytes = paths.reduce((sum, p) => sum + statSync(p).size, 0) / MB;
  process.stderr.write(`files: ${paths.length} (${paths.map((p) => p.split('/').pop()).join(', ')}), ${fixed(megabytes, 1)} MB\n`);

  const bare: number[] = [];
  const imports: number[] = [];
  const commands: number[] = [];
  const cpus: number[] = [];
  const bareCpus: number[] = [];
  const peaks: number[] = [];
  let method = '';
  let rows = 0;
  let projects = 0;
  await bareParse(paths);
  await importIntoFreshStore([file]);
  for (let run = 1; run <= RUNS; run++) {
    const parsed = await timed(() => bareParse(paths));
    bare.push(parsed.seconds);
    bareCpus.push(parsed.cpuSeconds);
    rows = parsed.value;
    const command = await importCommand(file.path);
    commands.push(command.seconds);
    cpus.push(command.cpuSeconds ?? Number.NaN);
    if (command.peakRssKb != null) peaks.push(command.peakRssKb / 1024);
    method = command.method;
    const imported = await importIntoFreshStore([file]);
    imports.push(imported.seconds);
    projects = imported.activities;
    process.stderr.write(
      `run ${run}: bare parse ${fixed(parsed.seconds)} s, devfin import (command) ${fixed(command.seconds)} s peak RSS ${fixed((command.peakRssKb ?? Number.NaN) / 1024, 0)} MB, in process ${fixed(imported.seconds)} s\n`,
    );
  }
  const bareSeconds = median(bare);
  const commandSeconds = median(commands);
  const importSeconds = median(imports);
  const ratio = commandSeconds / bareSeconds;
  const peak = peaks.length > 0 ? Math.max(...peaks) : Number.NaN;
  const lines = [
    `World Bank export: ${int(projects)} projects, ${int(rows)} CSV rows in all, ${fixed(megabytes, 1)} MB (median of ${RUNS} runs; load average ${loadavg()
      .map((l) => fixed(l, 1))
      .join(' ')})`,
    `bare CSV parse          : ${fixed(bareSeconds)} s  ${int(rows / bareSeconds)} rows/s  ${fixed(megabytes / bareSeconds, 1)} MB/s`,
    `devfin import (command) : ${fixed(commandSeconds)} s  ${int(rows / commandSeconds)} rows/s  ${int(projects / commandSeconds)} projects/s (cpu ${fixed(median(cpus))} s); peak RSS ${fixed(peak, 0)} MB (target < ${RSS_TARGET_MB} MB) ${verdict(peak < RSS_TARGET_MB)}`,
    `command / parse         : ${fixed(ratio)}x (target <= ${TARGET}x) ${verdict(ratio <= TARGET)}; in CPU seconds, which the load moves less: ${fixed(median(cpus))} / ${fixed(median(bareCpus))} = ${fixed(median(cpus) / median(bareCpus))}x`,
    `  breakdown: the import in process (store open, code compiled) ${fixed(importSeconds)} s = ${fixed(importSeconds / bareSeconds)}x the parse; ` +
      `start-up, store open/close and compiling in the command: ${fixed(commandSeconds - importSeconds)} s`,
    `  (command: node bin/devfin.js import --db FRESH projects.csv on dist/; peak RSS by ${method})`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
