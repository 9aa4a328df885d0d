// What the two stores must do alike beyond the shared-data comparison of postgres.test.ts, on small
// fixtures through the devfin command: find a project by the end of its id with the id's case, keep
// the last of two rates given for one month in one batch, the indexes of migration 0004 (on a fresh store, and
// on a store with data made before it, whose answers must not change), and migration 0006, after
// which a store imported before it answers as one imported after.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { stringify } from 'csv-stringify/sync';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityListItem } from '../../src/model/answers.js';
import type { ExchangeRate } from '../../src/model/exchangeRate.js';
import { mergeRecords } from '../../src/model/project.js';
import { portfolioActivities, streamActivities } from '../../src/portfolio/activities.js';
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

async function openDirectly(store: string): Promise<Kysely<Tables>> {
  return store.startsWith('postgres')
    ? await connectPostgres(store)
    : new Kysely<Tables>({ dialect: new SqliteDialect({ database: new Database(store) }) });
}

/**
 * Puts a store back as devfin left it before 0004-query-speed: the per-activity indexes of 0001,
 * not those of 0004. Migrations run in order, so 0006-sector-vocabulary, which replaced one of
 * them, is undone too (its index); it runs again after 0004, from the documents.
 */
async function undoQuerySpeedIndexes(store: string): Promise<void> {
  const db = await openDirectly(store);
  try {
    for (const name of [...QUERY_SPEED_INDEXES, SECTOR_VOCABULARY_INDEX]) await db.schema.dropIndex(name).ifExists().execute();
    await db.schema.createIndex('money_flow_by_activity').on('money_flow').columns(['activity_id', 'measure']).execute();
    for (const table of ['activity_financier', 'activity_country', 'activity_sector'])
      await db.schema.createIndex(`${table}_by_activity`).on(table).columns(['activity_id']).execute();
    await sql`delete from kysely_migration where name in ('0004-query-speed', '0006-sector-vocabulary')`.execute(db);
  } finally {
    await db.destroy();
  }
}

/**
 * Puts a store back as devfin left it before 0006-sector-vocabulary, as far as its answers go:
 * World Bank themes among the records' sectors (vocabulary 98) and no themes field, sector rows in
 * the records' own vocabularies with the World Bank's names as given, co-financiers under the
 * names the export gives them, and the sector index of 0004.
 */
async function undoSectorVocabulary(store: string): Promise<void> {
  const db = await openDirectly(store);
  try {
    const records = await db.selectFrom('source_record').select(['id', 'source', 'doc']).execute();
    for (const record of records) {
      const { themes, sectors, ...rest } = JSON.parse(record.doc);
      const old = Object.fromEntries(
        Object.entries(rest).flatMap(([field, value]) =>
          field === 'recipientRegions'
            ? [
                [field, value],
                [
                  'sectors',
                  [
                    ...sectors,
                    ...themes.map((t: { name: string; percentage: number | null }) => ({
                      code: t.name,
                      vocabulary: '98',
                      percentage: t.percentage,
                      names: [{ lang: 'en', text: t.name }],
                    })),
                  ],
                ],
              ]
            : [[field, value]],
        ),
      );
      await db
        .updateTable('source_record')
        .set({ doc: JSON.stringify(old) })
        .where('id', '=', record.id)
        .where('source', '=', record.source)
        .execute();
    }
    await db.deleteFrom('activity_sector').where('vocabulary', '=', 'dac3').execute();
    await db.updateTable('activity_sector').set({ vocabulary: '1' }).where('vocabulary', '=', 'dac5').execute();
    await db
      .updateTable('activity_sector')
      .set({ vocabulary: '99', code: sql`'FY17 - ' || code` })
      .where('vocabulary', '=', 'worldbank')
      .execute();
    for (const table of ['activity_financier', 'money_flow'] as const)
      await db
        .updateTable(table)
        .set({ financier: 'US: Agency for International Development (USAID)', financier_ref: null })
        .where('financier', '=', 'U.S. Agency for International Development')
        .where('activity_id', 'like', 'P%')
        .execute();
    await db.schema.dropIndex(SECTOR_VOCABULARY_INDEX).execute();
    await db.schema
      .createIndex('activity_sector_by_activity_covering')
      .on('activity_sector')
      .columns(['activity_id', 'code', 'share'])
      .execute();
    await sql`delete from kysely_migration where name = '0006-sector-vocabulary'`.execute(db);
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

const SECTOR_VOCABULARY_INDEX = 'activity_sector_by_activity_vocabulary';

const QUERY_SPEED_INDEXES = [
  'activity_filter_columns',
  'money_flow_by_activity_covering',
  'activity_financier_by_activity_covering',
  'activity_country_by_activity_covering',
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

  it('a second file replaces, keeps and adds records batch after batch, whatever the characters of their ids', async () => {
    // 161 activities: more than three of the importer's batches of 50, so every lookup runs per batch
    // with ids stored by earlier batches and files; one id has a non-ASCII letter, a backslash and a
    // quote, which the lookups pass to the database as text.
    const odd = 'XM-TEST-1-Ü\\"q';
    const numbered = (prefix: string, from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => `XM-TEST-1-${prefix}${String(from + i).padStart(3, '0')}`);
    const first = [...numbered('B', 0, 120), odd].map((id) => ({ id, lastUpdated: '2024-01-01T00:00:00Z', country: 'KZ' }));
    const second = [
      ...numbered('B', 0, 60).map((id) => ({ id, lastUpdated: '2024-01-01T00:00:00Z', country: 'KZ' })),
      ...[...numbered('B', 60, 90), odd].map((id) => ({ id, lastUpdated: '2025-01-01T00:00:00Z', country: 'UZ', title: `New ${id}` })),
      ...numbered('B', 90, 100).map((id) => ({ id, lastUpdated: '2023-01-01T00:00:00Z', country: 'UZ', title: `Old ${id}` })),
      ...numbered('C', 0, 40).map((id) => ({ id, country: 'TJ' })),
    ];
    const store = await freshStore(backend);
    await ok(['import', '--db', store, writeFixture(dir, `batches-1-${backend}.xml`, iatiFile(first))]);
    const [result] = await devfinJson<{ counts: Record<string, number> }[]>([
      'import',
      '--db',
      store,
      writeFixture(dir, `batches-2-${backend}.xml`, iatiFile(second)),
    ]);
    expect(result?.counts).toMatchObject({ added: 40, replaced: 31, unchanged: 60, keptNewer: 10 });
    const list = async (country: string) =>
      (await devfinJson<{ id: string; title: string }[]>(['activities', '--db', store, '--country', country]))
        .map((a) => `${a.id} ${a.title}`)
        .sort();
    // Replaced projects lost the rows of their old version (their country KZ), and the older versions did not land.
    expect(await list('UZ')).toEqual([...numbered('B', 60, 90), odd].map((id) => `${id} New ${id}`).sort());
    expect(await list('KZ')).toEqual([...numbered('B', 0, 60), ...numbered('B', 90, 120)].map((id) => `${id} Project ${id}`).sort());
    expect(await list('TJ')).toHaveLength(40);
    const summary = await devfinJson<{ total: { activities: number } }>(['summary', '--db', store]);
    expect(summary.total.activities).toBe(161);
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
    // A command that writes makes the store (one that only reads does not).
    await ok(['rates', 'import', '--db', store, path.join(SHARED_DATA, 'exchangerates/imf_monthly_2015_2020.csv')]);
    const names = await indexNames(store);
    for (const name of QUERY_SPEED_INDEXES) expect(names).toContain(name);
    for (const name of PER_ACTIVITY_INDEXES) expect(names).not.toContain(name);
    // 0006-sector-vocabulary replaced 0004's covering index of sectors with one that holds the vocabulary.
    expect(names).toContain(SECTOR_VOCABULARY_INDEX);
    expect(names).not.toContain('activity_sector_by_activity_covering');
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
    await undoFullText(store);
    await undoQuerySpeedIndexes(store);
    expect(await indexNames(store)).toEqual(expect.arrayContaining(PER_ACTIVITY_INDEXES));
    // The next devfin command migrates the store again, with its data in place.
    const after = await answers();
    const names = await indexNames(store);
    for (const name of [...QUERY_SPEED_INDEXES, SECTOR_VOCABULARY_INDEX]) expect(names).toContain(name);
    for (const name of PER_ACTIVITY_INDEXES) expect(names).not.toContain(name);
    expect(after).toEqual(before);
    expect((before[0] as { total: { activities: number } }).total.activities).toBeGreaterThan(90);
  });

  it('0006-sector-vocabulary brings a store imported before it up to date: the same answers as a store imported after', async () => {
    const store = await freshStore(backend);
    const worldBank = writeWorldBankExport(path.join(dir, `worldbank-${backend}`));
    await ok(['import', '--db', store, USAID, worldBank]);
    const questions = [
      ['summary', '--by', 'sector', '--country', 'KZ'],
      ...['dac5', 'dac3', 'worldbank'].map((v) => ['summary', '--by', 'sector', '--include-dropped', '--sector-vocabulary', v]),
      ['summary', '--by', 'financier', '--country', 'KZ'],
      ['summary', '--financier', 'USAID', '--country', 'KZ'],
      ['activity', 'P900001'],
      ['activity', 'P900002'],
    ];
    const answers = async () => {
      const all: unknown[] = [];
      for (const question of questions) all.push(withoutImportTimes(await devfinJson([...question, '--db', store])));
      return all;
    };
    const after = await answers();
    await undoSectorVocabulary(store);
    // (Read without devfin, which would migrate the store.)
    const stale = await openDirectly(store);
    try {
      const names = await stale.selectFrom('activity_financier').select('financier').distinct().execute();
      expect(names.map((r) => r.financier)).toContain('US: Agency for International Development (USAID)');
    } finally {
      await stale.destroy();
    }
    // The next command migrates the store, with its data in place. Dollar figures are sums of
    // shared amounts in floating point, which the database adds in the order it holds the rows:
    // rows laid out again may be a dollar off in a figure.
    const migrated = await answers();
    expect(withDollarsWithin(migrated, after)).toEqual(after);
    expect(await indexNames(store)).toContain(SECTOR_VOCABULARY_INDEX);
    const [bySector, , , worldBankNames, byFinancier] = after as { rows: { key: string; activities: number }[] }[];
    expect(bySector?.rows.map((r) => r.key)).toEqual(['Rural and Inter-Urban Roads', 'Public Administration - Transportation', 'none']);
    expect(worldBankNames?.rows.find((r) => r.key === 'Rural and Inter-Urban Roads')?.activities).toBe(2);
    expect(byFinancier?.rows.filter((r) => r.key.includes('Agency for International Development')).map((r) => r.key)).toEqual([
      'U.S. Agency for International Development',
    ]);
    const [project] = after.slice(-2) as { activity: { themes: { name: string }[]; sectors: unknown[] } }[];
    expect(project?.activity.themes.map((t) => t.name)).toEqual([
      'FY17 - Human Development and Gender',
      'FY17 - Private Sector Development',
    ]);
    expect(project?.activity.sectors).toHaveLength(2);
  });
});

/** `value` with each dollar figure replaced by `reference`'s where they differ by at most a dollar. */
/** The money of an answer: in dollars, and in the answer's currency (the same dollars for USD). */
const MONEY_FIELDS = /^(?:commitment|disbursement)(?:Usd)?$/;

function withDollarsWithin(value: unknown, reference: unknown): unknown {
  if (Array.isArray(value) && Array.isArray(reference)) return value.map((v, i) => withDollarsWithin(v, reference[i]));
  if (value && reference && typeof value === 'object' && typeof reference === 'object') {
    const other = reference as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) =>
        MONEY_FIELDS.test(key) && typeof v === 'number' && typeof other[key] === 'number' && Math.abs(v - (other[key] as number)) <= 1
          ? [key, other[key]]
          : [key, withDollarsWithin(v, other[key])],
      ),
    );
  }
  return value;
}

/** importedAt differs between two imports of the same file; nothing else may. */
function withoutImportTimes(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v) => (key === 'importedAt' ? undefined : v));
}

/**
 * A World Bank export of three Kazakhstan projects with its companion tables: sectors under the
 * FY17 names and the plain ones (P900002's add up to 140%), themes, and USAID as a co-financier.
 */
function writeWorldBankExport(folder: string): string {
  mkdirSync(folder, { recursive: true });
  const table = (name: string, rows: Record<string, string>[]) =>
    writeFileSync(path.join(folder, `${name}.csv`), stringify(rows, { header: true }));
  const project = (id: string, status: string, approved: string, ibrd: string) => ({
    id,
    countryshortname: 'Kazakhstan',
    status,
    project_name: `Roads ${id}`,
    boardapprovaldate: `${approved}T00:00:00Z`,
    curr_ibrd_commitment: ibrd,
    lendinginstr: 'Investment Project Financing',
  });
  table('projects', [
    project('P900001', 'Active', '2020-01-15', '100000000'),
    project('P900002', 'Closed', '2012-05-01', '50000000'),
    project('P900003', 'Active', '2021-03-01', '20000000'),
  ]);
  const sector = (project_id: string, sector: string, sector_percent: string) => ({
    project_id,
    major_sector: 'Transportation',
    sector,
    sector_percent,
  });
  table('project_sectors', [
    sector('P900001', 'FY17 - Rural and Inter-Urban Roads', '60'),
    sector('P900001', 'FY17 - Public Administration - Transportation', '40'),
    sector('P900002', 'Rural and Inter-Urban Roads', '70'),
    sector('P900002', 'FY17 - Rural and Inter-Urban Roads', '70'),
  ]);
  const theme = (project_id: string, level_1: string, percentage_1: string, level_2 = '', percentage_2 = '') => ({
    project_id,
    level_1,
    percentage_1,
    level_2,
    percentage_2,
  });
  table('project_themes', [
    theme('P900001', 'FY17 - Human Development and Gender', '100'),
    theme('P900001', '> FY17 - Human Development and Gender', '100', 'FY17 - Gender', '20'),
    theme('P900001', 'FY17 - Private Sector Development', '30'),
  ]);
  table('project_financiers', [
    {
      project_id: 'P900001',
      name: 'US: Agency for International Development (USAID)',
      amount_usd: '5000000',
      project_financial_type: 'Bilateral Agency',
    },
  ]);
  return path.join(folder, 'projects.csv');
}

/**
 * Puts a store back as devfin left it before 0005-full-text: no search index, no triggers (0013,
 * which dropped 0005's insert trigger, runs again after it).
 */
async function undoFullText(store: string): Promise<void> {
  const db = store.startsWith('postgres')
    ? await connectPostgres(store)
    : new Kysely<unknown>({ dialect: new SqliteDialect({ database: new Database(store) }) });
  const statements = store.startsWith('postgres')
    ? [
        'alter table activity drop column search_vector',
        'drop text search configuration devfin_english',
        'drop text search dictionary devfin_english_stem',
      ]
    : [
        'drop trigger activity_text_delete',
        'drop trigger activity_text_update',
        'drop table activity_text',
        'drop table activity_text_key',
      ];
  try {
    for (const statement of statements) await sql.raw(statement).execute(db);
    await sql`delete from kysely_migration where name in ('0005-full-text', '0013-search-text-written-by-store')`.execute(db);
  } finally {
    await db.destroy();
  }
}

const SEARCHABLE = iatiFile([
  { id: 'XM-TEST-1-ROADS', title: 'Rural Roads Rehabilitation' },
  { id: 'XM-TEST-1-BROADBAND', title: 'Broadband for Schools' },
  { id: 'XM-TEST-1-TRAM', title: 'Tram depot renewal' },
]);

async function ids(store: string, words: string): Promise<string[]> {
  return (await devfinJson<{ id: string }[]>(['activities', '--db', store, '--q', words])).map((a) => a.id).sort();
}

describe.each<Backend>(['SQLite', 'PostgreSQL'])('%s full-text search', (backend) => {
  it('0005-full-text fills the index of a store with data; the index follows replaced and merged records', async () => {
    const store = await freshStore(backend);
    await ok(['import', '--db', store, writeFixture(dir, `search-${backend}.xml`, SEARCHABLE)]);
    expect(await ids(store, 'road')).toEqual(['XM-TEST-1-ROADS']);
    await undoFullText(store);
    // The next command migrates the store with its projects in place: they are found as before.
    expect(await ids(store, 'road')).toEqual(['XM-TEST-1-ROADS']);
    expect(await ids(store, 'broadband')).toEqual(['XM-TEST-1-BROADBAND']);

    // A newer version of a record replaces its words: the old ones find it no more.
    const newer = iatiFile([{ id: 'XM-TEST-1-TRAM', title: 'Trolleybus fleet', lastUpdated: '2030-01-01T00:00:00Z' }]);
    await ok(['import', '--db', store, writeFixture(dir, `search-newer-${backend}.xml`, newer)]);
    expect(await ids(store, 'tram')).toEqual([]);
    expect(await ids(store, 'trolleybus')).toEqual(['XM-TEST-1-TRAM']);

    // Two records of one World Bank project (44000-P... and P...) merge into one: one entry, found once.
    const first = iatiFile([{ id: '44000-P900001', title: 'Harbour dredging' }]);
    const second = iatiFile([{ id: 'P900001', title: 'Harbour dredging and quay walls' }]);
    await ok(['import', '--db', store, writeFixture(dir, `search-merge-1-${backend}.xml`, first)]);
    await ok(['import', '--db', store, writeFixture(dir, `search-merge-2-${backend}.xml`, second)]);
    expect(await ids(store, 'harbour')).toEqual(['P900001']);
    const merged = await devfinJson<{ activity: { titles: { text: string }[] } }>(['activity', '--db', store, 'P900001']);
    const title = merged.activity.titles[0]?.text ?? '';
    // The merged project's title is what is searched: its words find it, words it lacks do not.
    expect(title).toMatch(/^Harbour dredging/);
    expect(await ids(store, 'quay walls')).toEqual(title.includes('quay') ? ['P900001'] : []);
    if (backend === 'SQLite') {
      // Every activity has its one key and its one indexed text (FTS5 keeps a length per text it
      // holds), written by the store as rows were inserted, replaced and merged, none left behind.
      const sqlite = new Database(store, { readonly: true });
      try {
        const counts = sqlite
          .prepare(`select (select count(*) from activity) as activities,
            (select count(*) from activity a join activity_text_key k on k.activity_id = a.id) as keyed,
            (select count(*) from activity_text_key) as keys,
            (select count(*) from activity_text_docsize) as texts`)
          .get();
        expect(counts).toEqual({ activities: 4, keyed: 4, keys: 4, texts: 4 });
      } finally {
        sqlite.close();
      }
    }
  });

  it('reads quotes, operators and punctuation as plain text, and refuses control characters', async () => {
    const store = await freshStore(backend);
    await ok(['import', '--db', store, writeFixture(dir, `search-syntax-${backend}.xml`, SEARCHABLE)]);
    // FTS5 and tsquery syntax: a phrase, OR, NOT, a prefix, NEAR, a column filter, a lone quote.
    expect(await ids(store, '"rural roads" OR -tram* NEAR(x) title:rehabilitation \'')).toEqual([]);
    expect(await ids(store, '"Roads" (rural) & rehabilitation!')).toEqual(['XM-TEST-1-ROADS']);
    expect(await ids(store, '*** --- ""')).toEqual([]);
    const tab = await runDevfin(['activities', '--db', store, '--q', 'road\tbridge']);
    expect(tab.code).toBe(2);
    expect(tab.stderr).toContain('control character (U+0009) at position 5');
  });

  it('a page that ends among more equally relevant matches than the candidates read is that slice of the whole ranking', async () => {
    // Three titles that say water twice, then 1,200 that say "Water supply" alone (equally relevant
    // to each other, more of them than the 1,000 candidates a page of 100 reads first; IATI gives
    // no approval date, so among them the order is by id), then longer titles that say it once.
    // The ties are written highest id first: the ones a page wants are the last written.
    const tied = Array.from({ length: 1200 }, (_, i) => ({
      id: `XM-TEST-1-TIE-${String(1199 - i).padStart(4, '0')}`,
      title: 'Water supply',
    }));
    const top = [1, 2, 3].map((n) => ({ id: `XM-TEST-1-TOP-${n}`, title: 'Water water supply' }));
    const longer = [1, 2].map((n) => ({ id: `XM-TEST-1-ZLONG-${n}`, title: 'Irrigation canals and water supply for the valley' }));
    const store = await freshStore(backend);
    await ok(['import', '--db', store, writeFixture(dir, `search-ties-${backend}.xml`, iatiFile([...tied, ...top, ...longer]))]);
    // The whole ranking: the list unpaged, every match ranked.
    const whole = (await devfinJson<{ id: string }[]>(['activities', '--db', store, '--q', 'water'])).map((a) => a.id);
    expect(whole.slice(0, 3).sort()).toEqual(top.map((a) => a.id));
    expect(whole.slice(3, 1203)).toEqual(tied.map((a) => a.id).sort());
    expect(whole.slice(1203).sort()).toEqual(longer.map((a) => a.id));
    for (const [offset, limit] of [
      [0, 100],
      [150, 100],
      [200, 50],
    ] as const) {
      const page = await devfinJson<{ id: string }[]>([
        'activities',
        '--db',
        store,
        '--q',
        'water',
        '--offset',
        String(offset),
        '--limit',
        String(limit),
      ]);
      expect(
        page.map((a) => a.id),
        `offset ${offset} limit ${limit}`,
      ).toEqual(whole.slice(offset, offset + limit));
    }
  });
});

describe('PostgreSQL connections', () => {
  it('have JIT compilation off, each connection of the pool', async () => {
    const store = await openStore(await server.createDatabase());
    try {
      // Asked at once, so that the pool opens several connections.
      const answers = await Promise.all(
        [1, 2, 3].map(() => sql<{ jit: string }>`select current_setting('jit') as jit, pg_sleep(0.1)::text`.execute(store.db)),
      );
      expect(answers.map((a) => a.rows[0]?.jit)).toEqual(['off', 'off', 'off']);
    } finally {
      await store.close();
    }
  });
});
