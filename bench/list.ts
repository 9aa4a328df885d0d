// List benchmark (npm run bench:list): `devfin activities` as a person runs it.
//
// Builds a store of all the shared data in ../shared/data (codelists, IMF rates, the World Bank
// export and every IATI file) with the devfin commands a user types, or takes BENCH_STORE=path.
// Then runs, each in a child process with its output read through a pipe, BENCH_REPEATS times
// (default 3) and prints the median wall clock, the median CPU time (user + system: steadier than
// the wall clock on a machine that others share) and the largest peak resident set size:
//   bare SELECT            node and better-sqlite3 printing the same rows in the same order (the
//                          baseline, measured in the same run, that the others are given a ratio of)
//   activities --limit 1000  one page: the memory of a command that holds nothing beyond a page
//   activities             the table for people
//   activities --csv
//   activities --json
// Targets: the whole table in < 3 s, and every full list within 64 MB of the one-page run (memory
// flat: it does not grow with the list). Always exits 0: targets are reported as PASS/MISS.
// BENCH_CHILD=tsx runs devfin from src/ via tsx instead of the built dist/; BENCH_BIN=path/bin/devfin.js
// runs another checkout's build (the same list before a change, say).
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { type ChildRun, runMeasured } from './support/child.js';
import { envNumber, fixed, int, median, verdict } from './support/stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA = process.env.BENCH_DATA_DIR ?? join(ROOT, '../shared/data');
const REPEATS = Math.round(envNumber('BENCH_REPEATS', 3));
const TABLE_TARGET_S = 3;
const FLAT_MARGIN_MB = 64;
const log = (line: string) => process.stderr.write(`${line}\n`);

function devfinCommand(): [string, string[]] {
  if (process.env.BENCH_BIN) return [process.execPath, [process.env.BENCH_BIN]];
  if (process.env.BENCH_CHILD === 'tsx') return [process.execPath, ['--import', 'tsx', join(ROOT, 'bench/support/devfinCli.ts')]];
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('dist/ is missing: run npm run build first (or BENCH_CHILD=tsx)');
  return [process.execPath, [join(ROOT, 'bin/devfin.js')]];
}

async function devfin(args: string[]): Promise<ChildRun> {
  const [command, prefix] = devfinCommand();
  const run = await runMeasured(command, [...prefix, ...args], ROOT);
  if (run.exitCode !== 0) throw new Error(`devfin ${args.join(' ')} exited ${run.exitCode}: ${run.stderr.slice(-2000)}`);
  return run;
}

async function buildStore(store: string): Promise<void> {
  const codelists = join(DATA, 'codelists/json');
  const rates = join(DATA, 'exchangerates');
  const steps: [string, string[]][] = [
    ['codelists', ['codelists', 'update', '--from', ...readdirSync(codelists).map((f) => join(codelists, f))]],
    ['exchange rates', ['rates', 'import', join(rates, 'imf_exchangerates_A_ENDA_USD.csv'), join(rates, 'imf_monthly_2015_2020.csv')]],
    ['IATI files', ['import', join(DATA, 'iati')]],
    ['World Bank export', ['import', join(DATA, 'worldbank/projects.csv')]],
  ];
  for (const [what, args] of steps) {
    const start = performance.now();
    // Some IATI files are rejected on purpose (the stress-test file): exit 1 with the rest imported.
    const [command, prefix] = devfinCommand();
    const run = await runMeasured(command, [...prefix, ...args, '--db', store], ROOT);
    if (run.exitCode !== 0 && !/imported/.test(run.stdout)) throw new Error(`loading ${what} failed: ${run.stderr.slice(-2000)}`);
    log(`store: ${what} loaded in ${fixed((performance.now() - start) / 1000, 1)} s`);
  }
}

/** The rows of `devfin activities` (no filter: all but the dropped), in its order, read and printed with nothing else. */
const BARE_SELECT = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1], { readonly: true });
const rows = db.prepare("select id, title, status, financier, approval_date, closing_date, instrument from activity where status is null or status != 'dropped' order by approval_date desc nulls last, id");
let text = '';
let n = 0;
for (const r of rows.iterate()) {
  text += [r.id, r.title, r.status, r.financier, r.approval_date, r.closing_date, r.instrument].join('\\t') + '\\n';
  if (++n % 1000 === 0) { process.stdout.write(text); text = ''; }
}
process.stdout.write(text);
process.stderr.write('rows: ' + n + '\\n');
`;

interface Case {
  name: string;
  run(): Promise<ChildRun>;
  /** Rows printed, from the output. */
  rows(run: ChildRun): number;
}

const lines = (text: string) => text.split('\n').filter(Boolean).length;
/** Records, not lines: a title may hold a line break. */
const csvRows = (run: ChildRun) => (parse(run.stdout) as unknown[]).length - 1;
/** User + system seconds, from GNU time's report (NaN without it). */
const cpuSeconds = (run: ChildRun) =>
  ['User', 'System'].reduce((sum, kind) => sum + Number(new RegExp(`${kind} time \\(seconds\\): ([\\d.]+)`).exec(run.stderr)?.[1]), 0);

async function main(): Promise<void> {
  const given = process.env.BENCH_STORE;
  const dir = given ? null : await mkdtemp(join(tmpdir(), 'devfin-bench-list-'));
  const store = given ?? join(dir as string, 'store.sqlite');
  try {
    if (!given) await buildStore(store);
    const cases: Case[] = [
      {
        name: 'bare SELECT',
        run: async () => {
          const run = await runMeasured(process.execPath, ['-e', BARE_SELECT, store], ROOT);
          if (run.exitCode !== 0) throw new Error(`bare SELECT exited ${run.exitCode}: ${run.stderr.slice(-2000)}`);
          return run;
        },
        rows: (run) => Number(/rows: (\d+)/.exec(run.stderr)?.[1]),
      },
      {
        name: 'activities --limit 1000 --csv',
        run: () => devfin(['activities', '--db', store, '--limit', '1000', '--csv']),
        rows: csvRows,
      },
      { name: 'activities', run: () => devfin(['activities', '--db', store]), rows: (run) => lines(run.stdout) - 2 },
      { name: 'activities --csv', run: () => devfin(['activities', '--db', store, '--csv']), rows: csvRows },
      {
        name: 'activities --json',
        run: () => devfin(['activities', '--db', store, '--json']),
        rows: (run) => (JSON.parse(run.stdout) as unknown[]).length,
      },
    ];
    const results: { name: string; seconds: number; cpu: number; peakMb: number; rows: number }[] = [];
    for (const c of cases) {
      const runs: ChildRun[] = [];
      for (let i = 0; i < REPEATS; i++) runs.push(await c.run());
      const peaks = runs.map((r) => r.peakRssKb ?? Number.NaN);
      results.push({
        name: c.name,
        seconds: median(runs.map((r) => r.seconds)),
        cpu: median(runs.map(cpuSeconds)),
        peakMb: Math.max(...peaks) / 1024,
        rows: c.rows(runs[0] as ChildRun),
      });
      log(`${c.name}: done (${runs[0]?.method})`);
    }
    const [bare, page] = results;
    if (!bare || !page) throw new Error('no baseline');
    log('');
    log(`devfin activities on ${store}, ${REPEATS} runs each (medians of wall clock and CPU time, largest peak RSS)`);
    log(
      `${'case'.padEnd(32)}${'rows'.padStart(8)}${'seconds'.padStart(10)}${'× bare'.padStart(9)}${'CPU s'.padStart(8)}${'peak MB'.padStart(10)}`,
    );
    for (const r of results) {
      log(
        `${r.name.padEnd(32)}${int(r.rows).padStart(8)}${fixed(r.seconds).padStart(10)}${fixed(r.seconds / bare.seconds, 1).padStart(9)}${fixed(r.cpu).padStart(8)}${fixed(r.peakMb, 0).padStart(10)}`,
      );
    }
    const table = results.find((r) => r.name === 'activities');
    const full = results.filter((r) => r.name.startsWith('activities') && !r.name.includes('--limit'));
    log('');
    log(
      `target: the whole table in < ${TABLE_TARGET_S} s: ${verdict((table?.seconds ?? Number.POSITIVE_INFINITY) < TABLE_TARGET_S)} (wall clock; its CPU time ${fixed(table?.cpu ?? Number.NaN)} s)`,
    );
    for (const r of full) {
      log(
        `target: ${r.name} within ${FLAT_MARGIN_MB} MB of one page (${fixed(r.peakMb - page.peakMb, 0)} MB more): ${verdict(r.peakMb - page.peakMb <= FLAT_MARGIN_MB)}`,
      );
    }
    const counts = new Set(full.map((r) => r.rows));
    if (counts.size !== 1 || !counts.has(bare.rows)) log(`warning: the outputs hold different numbers of rows: ${full.map((r) => r.rows)}`);
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

await main();
