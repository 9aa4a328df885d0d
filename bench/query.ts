// Query latency benchmark (npm run bench:query).
//
// Builds a store of at least BENCH_ACTIVITIES (default 1,000,000) portfolio entries: the real World
// Bank export and IATI files from ../shared/data are imported once, then the portfolio tables are
// replicated in SQL under fresh identifiers ("P179204~7") until the count is reached. Then it times
// the questions the dashboard asks (country summary, breakdown by sector, the list behind a number)
// BENCH_REPEATS times each (default 40) and prints p50/p95. Target: country summary p95 < 100 ms on
// SQLite. With BENCH_POSTGRES_URL set it does the same on that PostgreSQL database (emptied first).
// Always exits 0: the target is reported as PASS/MISS, not enforced.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { importFiles } from '../src/cli/commands/import.js';
import type { ActivityFilter } from '../src/model/filter.js';
import { portfolioActivities } from '../src/portfolio/activities.js';
import { portfolioSummary } from '../src/portfolio/summary.js';
import { listSourceFiles } from '../src/sources/files.js';
import { knownCodesFrom } from '../src/sources/iati/knownCodes.js';
import { openStore, type Store } from '../src/store/open.js';
import { envNumber, fixed, int, median, verdict } from './support/stats.js';

const SHARED = fileURLToPath(new URL('../../shared/data', import.meta.url));
const TARGET_ACTIVITIES = Math.round(envNumber('BENCH_ACTIVITIES', 1_000_000));
const REPEATS = Math.round(envNumber('BENCH_REPEATS', 40));
const P95_TARGET_MS = 100;
const log = (line: string) => process.stderr.write(`${line}\n`);

/** The portfolio tables and the column that names the activity in each. */
const TABLES: [string, string][] = [
  ['activity', 'id'],
  ['activity_financier', 'activity_id'],
  ['activity_country', 'activity_id'],
  ['activity_region', 'activity_id'],
  ['activity_sector', 'activity_id'],
  ['activity_org', 'activity_id'],
  ['money_flow', 'activity_id'],
];

async function count(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('activity')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function importRealData(store: Store): Promise<void> {
  const files = (await listSourceFiles([join(SHARED, 'worldbank/projects.csv'), join(SHARED, 'iati')])).filter(
    (f) => !f.path.includes('frankenstein'),
  );
  const codes = knownCodesFrom(new Map());
  for await (const result of importFiles(store, files, codes)) if (result.status === 'rejected') log(`rejected ${result.file}`);
}

/** Copies the real entries under fresh ids ("~n" suffix) until the store holds `target` entries. */
async function replicate(store: Store, target: number): Promise<void> {
  const base = await count(store);
  const copies = Math.ceil(target / base) - 1;
  for (let n = 1; n <= copies; n++) {
    await store.db.transaction().execute(async (trx) => {
      for (const [table, idColumn] of TABLES) {
        const columns = (await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(trx)).rows.map((r) => r.name);
        const select = columns.map((c) => (c === idColumn ? `${c} || '~${n}'` : c)).join(', ');
        await sql
          .raw(`insert into ${table} (${columns.join(', ')}) select ${select} from ${table} where ${idColumn} not like '%~%'`)
          .execute(trx);
      }
    });
    if (n % 5 === 0 || n === copies) log(`  replicated ${n}/${copies} copies`);
  }
  await sql`analyze`.execute(store.db);
}

async function latency(label: string, work: () => Promise<unknown>): Promise<string> {
  await work(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const p95 = times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)] as number;
  return `${label.padEnd(34)} p50 ${fixed(median(times), 1).padStart(7)} ms   p95 ${fixed(p95, 1).padStart(7)} ms`;
}

async function measure(store: Store, name: string): Promise<string[]> {
  const kz: ActivityFilter = { countries: ['KZ'] };
  const summaryLine = await latency(`${name}: country summary (KZ)`, () => portfolioSummary(store, kz, 'financier'));
  const p95 = Number(/p95\s+([\d.]+)/.exec(summaryLine)?.[1]);
  return [
    `${summaryLine}   ${name === 'SQLite' ? `(target p95 < ${P95_TARGET_MS} ms) ${verdict(p95 < P95_TARGET_MS)}` : ''}`,
    await latency(`${name}: KZ by sector`, () => portfolioSummary(store, kz, 'sector')),
    await latency(`${name}: KZ active, list of 100`, () => portfolioActivities(store, { ...kz, status: 'active' }, { limit: 100 })),
    await latency(`${name}: all, by country`, () => portfolioSummary(store, {}, 'country')),
  ];
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'devfin-bench-query-'));
  const lines: string[] = [];
  try {
    const store = await openStore(join(dir, 'bench.sqlite'));
    log('importing the real data ...');
    await importRealData(store);
    log(`replicating to ${int(TARGET_ACTIVITIES)} entries ...`);
    await replicate(store, TARGET_ACTIVITIES);
    const activities = await count(store);
    lines.push(`store: ${int(activities)} portfolio entries (real World Bank and IATI data replicated), ${REPEATS} timed runs each`);
    lines.push(...(await measure(store, 'SQLite')));
    await store.close();
    if (process.env.BENCH_POSTGRES_URL)
      lines.push('PostgreSQL: run with the PostgreSQL store support (see README) — not measured in this run');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
