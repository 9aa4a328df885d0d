// What the two stores must do alike beyond the shared-data comparison of postgres.test.ts, on small
// fixtures through the devfin command: find a project by the end of its id with the id's case, keep
// the last of two rates given for one month in one batch, and the indexes of migration 0004 (on a fresh store, and
// on a store with data made before it, whose answers must not change).
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExchangeRate } from '../../src/model/exchangeRate.js';
import { mergeRecords } from '../../src/model/project.js';
import { type ActivityListItem, portfolioActivities, streamActivities } from '../../src/portfolio/activities.js';
import { PROJECT_CHILD_TABLES, projectRows } from '../../src/store/activityRows.js';
import { openStore } from '../../src/store/open.js';
import { connectPostgres } from '../../src/store/postgres.js';
import { loadExchangeRates, saveExchangeRates } from '../../src/store/reference.js';
import { recordsOfProjects } from '../../src/store/sourceRecords.js';
import type { Tables } from '../../src/store/tables.js';
import { devfinJson, runDevfin, temporaryDir } from '../support/cli.js';
import { iatiFile, writeFixture } from '../support/iatiFixtures.js';
import { type PostgresServer, startPostgres } from '../support/postgres.js';
import { SHARED_DATA } from '../support/sharedData.js';

const USAID = path.join(SHARED_DATA, 'iati/usaid-carec');
const DPORTAL = path.join(SHARED_DATA, 'iati/dportal-covid19-2021');
const dir = temporaryDir();
let server: PostgresServer;

beforeAll(async () => {
  server = await startPostgres();
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

type Backend = 'SQLite' | 'PostgreSQL';
let stores = 0;
async function freshStore(backend: Backend): Promise<string> {
  return backend === 'SQLite' ? path.join(dir, `store-${++stores}.sqlite`) : server.createDatabase();
}

async function ok(args: string[]): Promise<string> {
  const result = await runDevfin(args);
  expect(result.code, `devfin ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

/** The index names of the store's tables. */
async function indexNames(store: string): Promise<string[]> {
  if (store.startsWith('postgres')) {
    const db = await connectPostgres(store);
    try {
      const { rows } = await sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = 'public'`.execute(db);
      return rows.map((r) => r.name).sort();
    } finally {
      await db.destroy();
    }
  }
  const sqlite = new Database(store, { readonly: true });
  try {
    return (sqlite.prepare(`select name from sqlite_master where type = 'index'`).all() as { name: string }[]).map((r) => r.name).sort();
  } finally {
    sqlite.close();
  }
}

/** Puts a store back as devfin left it before 0004-query-speed: the per-activity indexes of 0001, not those of 0004. */
async function undoQuerySpeedIndexes(store: string): Promise<void> {
  const db = store.startsWith('postgres')
    ? await connectPostgres(store)
    : new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(store) }) });
  try {
    for (const name of QUERY_SPEED_INDEXES) await db.schema.dropIndex(name).execute();
    await db.schema.createIndex('money_flow_by_activity').on('money_flow').columns(['activity_id', 'measure']).execute();
    for (const table of ['activity_financier', 'activity_country', 'activity_sector'])
      await db.schema.createIndex(`${table}_by_activity`).on(table).columns(['activity_id']).execute();
    await sql`delete from kysely_migration where name = '0004-query-speed'`.execute(db);
  } finally {
    await db.destroy();
  }
}

/**
 * Puts a store back as devfin left ADB's loan activities before 0008-sources: each loan a project of
 * its own, keyed by its IATI identifier, with its own rows.
 */
async function undoAdbProjectKeys(store: string): Promise<string[]> {
  const db = (store.startsWith('postgres')
    ? await connectPostgres(store)
    : new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(store) }) })) as unknown as Kysely<Tables>;
  try {
    const records = await recordsOfProjects(db, ['54188-001']);
    for (const table of PROJECT_CHILD_TABLES) await db.deleteFrom(table).where('activity_id', '=', '54188-001').execute();
    await db.deleteFrom('activity').where('id', '=', '54188-001').execute();
    for (const record of records) {
      await db.updateTable('source_record').set({ project_id: record.id }).where('id', '=', record.id).execute();
      const rows = projectRows({ ...mergeRecords([record]), id: record.id });
      await db.insertInto('activity').values(rows.activity).execute();
      for (const table of PROJECT_CHILD_TABLES) {
        const values = (rows[table] as { activity_id: string }[]).map((row) => ({ ...row, activity_id: record.id }));
        if (values.length > 0)
          await db
            .insertInto(table)
            .values(values as never)
            .execute();
      }
    }
    await sql`delete from kysely_migration where name = '0008-sources'`.execute(db);
    return (await db.selectFrom('activity').select('id').orderBy('id').execute()).map((row) => row.id);
  } finally {
    await db.destroy();
  }
}

const QUERY_SPEED_INDEXES = [
  'activity_filter_columns',
  'money_flow_by_activity_covering',
  'activity_financier_by_activity_covering',
  'activity_country_by_activity_covering',
  'activity_sector_by_activity_covering',
];
const PER_ACTIVITY_INDEXES = [
  'money_flow_by_activity',
  'activity_financier_by_activity',
  'activity_country_by_activity',
  'activity_sector_by_activity',
];

const FIXTURE = iatiFile([
  { id: 'XM-TEST-1-Ab12cd', country: 'KZ', value: '2500000' },
  { id: 'XM-TEST-1-P000001', country: 'KZ', value: '700000', currency: 'KZT' },
  { id: 'XM-TEST-1-P000002', country: 'UZ', status: '3', value: '300000' },
]);

describe.each<Backend>(['SQLite', 'PostgreSQL'])('%s', (backend) => {
  it('moves ADB loan activities stored as projects of their own into their project (0008-sources)', async () => {
    const store = await freshStore(backend);
    const loans = iatiFile([
      { id: '46004-54188-001-LN3940', country: 'KZ', value: '538797632.75' },
      { id: '46004-54188-001-LN3941', country: 'KZ', value: '461202367.25' },
    ]);
    await ok(['import', '--db', store, writeFixture(dir, `adb-loans-${backend}.xml`, loans)]);
    // As an older devfin stored them: two projects.
    expect(await undoAdbProjectKeys(store)).toEqual(['46004-54188-001-LN3940', '46004-54188-001-LN3941']);
    const after = await devfinJson<{ total: { activities: number } }>(['summary', '--db', store]);
    expect(after.total.activities).toBe(1);
    const project = await devfinJson<{ activity: { id: string }; records: { id: string }[]; commitmentUsd: number }>([
      'activity',
      '--db',
      store,
      '46004-54188-001-LN3941',
    ]);
    expect(project.activity.id).toBe('54188-001');
    expect(project.records.map((r) => r.id)).toEqual(['46004-54188-001-LN3940', '46004-54188-001-LN3941']);
    expect(project.commitmentUsd).toBe(1_000_000_000);
  });

  it('finds a project by the end of its id only with the case the id has', async () => {
    const store = await freshStore(backend);
    await ok(['import', '--db', store, writeFixture(dir, `suffix-${backend}.xml`, FIXTURE)]);
    const found = await devfinJson<{ activity: { id: string } }>(['activity', '--db', store, 'Ab12cd']);
    expect(found.activity.id).toBe('XM-TEST-1-Ab12cd');
    for (const id of ['ab12cd', 'AB12CD', 'XM-TEST-1-ab12cd']) {
      const result = await runDevfin(['activity', '--db', store, id]);
      expect(result.code, id).toBe(1);
      expect(result.stderr).toContain(`no activity with id ${id}`);
    }
  });

  it('keeps the last of two rates given for the same month in one batch', async () => {
    // The IMF reader already gives one rate per month and file (its first row), so the store's own
    // rule shows only when the store is given a batch directly.
    const store = await openStore(await freshStore(backend));
    try {
      const rate = (unitsPerUsd: number): ExchangeRate => ({
        currency: 'KZT',
        frequency: 'M',
        period: '2020-03',
        unitsPerUsd,
        source: 'test',
      });
      expect(await saveExchangeRates(store, [rate(400), rate(380), { ...rate(5), currency: 'EUR' }, rate(350)])).toBe(4);
      expect((await loadExchangeRates(store)).map((r) => [r.currency, r.unitsPerUsd]).sort()).toEqual([
        ['EUR', 5],
        ['KZT', 350],
      ]);
      await saveExchangeRates(store, [rate(360)]);
      expect((await loadExchangeRates(store)).find((r) => r.currency === 'KZT')?.unitsPerUsd).toBe(360);
    } finally {
      await store.close();
    }
  });

  it('reads the list of activities a page at a time in the order and with the items of the whole list', async () => {
    const location = await freshStore(backend);
    // A dozen activities with no date at all (no dates, no dated commitment), which the list puts last: more than a page of 7.
    const undated = iatiFile(Array.from({ length: 12 }, (_, i) => ({ id: `XM-TEST-1-U${String(i).padStart(2, '0')}`, country: 'KZ' })))
      .replaceAll(/\s*<activity-date [^>]*\/>/g, '')
      .replaceAll(/\s*<transaction>[\s\S]*?<\/transaction>/g, '');
    await ok(['import', '--db', location, USAID, DPORTAL, writeFixture(dir, `undated-${backend}.xml`, undated)]);
    const store = await openStore(location);
    try {
      for (const filter of [{ includeDropped: true }, { includeDropped: false, countries: ['KZ', 'UZ', 'TJ'] }]) {
        const whole = (await portfolioActivities(store, filter)).items;
        // Many activities share an approval date and some have none: pages end inside runs of equal dates.
        expect(whole.filter((a, i) => i > 0 && a.approvalDate === whole[i - 1]?.approvalDate).length).toBeGreaterThan(10);
        expect(whole.filter((a) => a.approvalDate === null).length).toBeGreaterThanOrEqual(12);
        for (const page of [{ pageSize: 7 }, { pageSize: 1000 }, { pageSize: 7, offset: 5, limit: 40 }]) {
          const read: ActivityListItem[] = [];
          for await (const items of streamActivities(store, filter, page).pages) {
            expect(items.length).toBeLessThanOrEqual(page.pageSize);
            read.push(...items);
          }
          const expected = page.limit ? (await portfolioActivities(store, filter, page)).items : whole;
          expect(read, JSON.stringify(page)).toEqual(expected);
        }
      }
    } finally {
      await store.close();
    }
  });

  it('a new store has the indexes of 0004-query-speed in place of the per-activity ones', async () => {
    const store = await freshStore(backend);
    await ok(['status', '--db', store]);
    const names = await indexNames(store);
    for (const name of QUERY_SPEED_INDEXES) expect(names).toContain(name);
    for (const name of PER_ACTIVITY_INDEXES) expect(names).not.toContain(name);
  });

  it('0004-query-speed brings a store with data up to date, and no answer changes', async () => {
    const store = await freshStore(backend);
    await ok(['import', '--db', store, USAID, DPORTAL, writeFixture(dir, `migrate-${backend}.xml`, FIXTURE)]);
    const questions = [
      ['summary', '--country', 'KZ'],
      ['summary', '--by', 'sector', '--include-dropped'],
      ['summary', '--by', 'country', '--as-of', '2020-06-30'],
      ['summary', '--by', 'amount-year', '--country', 'KZ'],
      ['activities', '--country', 'KZ', '--status', 'active'],
    ];
    // One after the other: the first command after the undo is the one that migrates.
    const answers = async () => {
      const all: unknown[] = [];
      for (const question of questions) all.push(await devfinJson([...question, '--db', store]));
      return all;
    };
    const before = await answers();
    await undoQuerySpeedIndexes(store);
    expect(await indexNames(store)).toEqual(expect.arrayContaining(PER_ACTIVITY_INDEXES));
    // The next devfin command migrates the store again, with its data in place.
    const after = await answers();
    const names = await indexNames(store);
    for (const name of QUERY_SPEED_INDEXES) expect(names).toContain(name);
    for (const name of PER_ACTIVITY_INDEXES) expect(names).not.toContain(name);
    expect(after).toEqual(before);
    expect((before[0] as { total: { activities: number } }).total.activities).toBeGreaterThan(90);
  });
});
