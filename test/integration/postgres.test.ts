// The store on PostgreSQL, through the devfin command, against a real server that the test starts:
// the real shared data imported into SQLite and into PostgreSQL must give identical answers; a
// rejected file leaves the PostgreSQL store as it was; imports that run at the same time into one
// database (migrating it at the same time too) all land.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, devfinJson, runDevfin, temporaryDir } from '../support/cli.js';
import { iatiFile, lineOf, writeFixture } from '../support/iatiFixtures.js';
import { type PostgresServer, startPostgres } from '../support/postgres.js';
import { snapshotPostgres } from '../support/postgresSnapshot.js';
import { type RecordedServer, startRecordedServer } from '../support/recordedServer.js';
import { SHARED_DATA } from '../support/sharedData.js';

const USAID = path.join(SHARED_DATA, 'iati/usaid-carec');
const DPORTAL = path.join(SHARED_DATA, 'iati/dportal-covid19-2021');
const WORLDBANK = path.join(SHARED_DATA, 'worldbank/projects.csv');
const RATES = path.join(SHARED_DATA, 'exchangerates');

const dir = temporaryDir();
const sqlite = path.join(dir, 'store.sqlite');
let server: PostgresServer;
let recorded: RecordedServer;
let env: NodeJS.ProcessEnv;
let postgres: string;
/** The two imports that ran at the same time into the fresh PostgreSQL database. */
let concurrent: CliResult[];

async function run(args: string[]): Promise<CliResult> {
  const result = await runDevfin(args, env);
  expect(result.code, `devfin ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result;
}

beforeAll(async () => {
  [server, recorded] = await Promise.all([
    startPostgres(),
    startRecordedServer({
      '/api/json/en/': path.join(SHARED_DATA, 'codelists/json'),
      '/imf-exchangerates/imf_exchangerates.csv': path.join(RATES, 'imf_monthly_2015_2020.csv'),
      '/imf-exchangerates/imf_exchangerates_A_ENDA_USD.csv': path.join(RATES, 'imf_exchangerates_A_ENDA_USD.csv'),
    }),
  ]);
  env = { DEVFIN_CODELISTS_URL: `${recorded.url}/`, DEVFIN_RATES_URL: `${recorded.url}/imf-exchangerates/` };
  postgres = await server.createDatabase();
  const reference = async (db: string) => {
    await run(['codelists', 'update', '--db', db]);
    await run(['rates', 'update', '--db', db]);
  };
  // The same data reaches both stores. SQLite takes the files one after the other; PostgreSQL gets
  // the two IATI folders from two processes at once on an empty database (they share no activity,
  // so the order cannot matter), then the World Bank export.
  await Promise.all([
    (async () => {
      await run(['import', '--db', sqlite, USAID, DPORTAL, WORLDBANK]);
      await reference(sqlite);
    })(),
    (async () => {
      concurrent = await Promise.all([runDevfin(['import', '--db', postgres, USAID]), runDevfin(['import', '--db', postgres, DPORTAL])]);
      await run(['import', '--db', postgres, WORLDBANK]);
      await reference(postgres);
    })(),
  ]);
}, 900_000);

afterAll(async () => {
  await Promise.all([server?.stop(), recorded?.close()]);
});

/** The same command on both stores, parsed; both must succeed. */
async function onBoth<T>(args: string[]): Promise<{ sqlite: T; postgres: T }> {
  const [a, b] = await Promise.all([devfinJson<T>([...args, '--db', sqlite], env), devfinJson<T>([...args, '--db', postgres], env)]);
  return { sqlite: a, postgres: b };
}

function withoutImportTimes(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v) => (key === 'importedAt' ? undefined : v));
}

interface Summary {
  total: { activities: number; active: number; commitmentUsd: number; disbursementUsd: number };
  rows: { key: string }[];
}

describe('two imports at the same time into one PostgreSQL database', () => {
  it('both land, each file whole', () => {
    for (const result of concurrent) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/(\d+) files: \1 imported, 0 unchanged, 0 rejected/);
    }
  });

  it('hold what the files hold, as the SQLite store does', async () => {
    const both = await onBoth<{ store: string; files: number; activities: number }>(['status']);
    expect(both.postgres.store).toMatch(/^postgres:\/\/devfin:\*\*\*@127\.0\.0\.1:\d+\//);
    expect(both.sqlite.activities).toBeGreaterThan(30_000);
    expect({ ...both.postgres, store: '' }).toEqual({ ...both.sqlite, store: '' });
  });
});

describe('PostgreSQL and SQLite give identical answers on the real data', () => {
  // Every grouping, and every kind of filter, each case a grouping with a filter or two.
  const summaries: string[][] = [
    [],
    ['--by', 'country', '--include-dropped'],
    ['--by', 'sector', '--country', 'KZ'],
    ['--by', 'status', '--as-of', '2020-06-30'],
    ['--by', 'year', '--financier', 'IDA'],
    ['--by', 'instrument', '--sector', '210'],
    ['--by', 'amount-year', '--q', 'water'],
    ['--by', 'country', '--programme', 'CAREC', '--status', 'active'],
    ['--by', 'financier', '--region', '619', '--from', '2015-01-01', '--to', '2019-12-31'],
    ['--by', 'sector', '--instrument', 'Investment Project Financing', '--country', 'UZ', '--country', 'KG'],
    // One sector vocabulary at a time, each with its "no sector in this vocabulary" row.
    ['--by', 'sector', '--sector-vocabulary', 'worldbank', '--include-dropped'],
    ['--by', 'sector', '--sector-vocabulary', 'dac3', '--country', 'KZ'],
    ['--by', 'sector', '--sector-vocabulary', 'dac5', '--financier', 'USAID'],
  ];
  for (const args of summaries) {
    it(`summary ${args.join(' ') || '(everything)'}`, async () => {
      const both = await onBoth<Summary>(['summary', ...args]);
      expect(both.sqlite.total.activities).toBeGreaterThan(0);
      expect(both.postgres).toEqual(both.sqlite);
    });
  }

  const lists: string[][] = [
    // The head and the tail (undated activities) of the whole list, in its order.
    ['--include-dropped', '--limit', '2000'],
    ['--include-dropped', '--limit', '2000', '--offset', '30000'],
    ['--country', 'KZ', '--financier', 'World Bank'],
    ['--programme', 'CAREC', '--as-of', '2021-01-01', '--q', 'road'],
  ];
  for (const args of lists) {
    it(`activities ${args.join(' ')}`, async () => {
      const both = await onBoth<{ id: string }[]>(['activities', ...args]);
      expect(both.sqlite.length).toBeGreaterThan(0);
      // With search words each store orders by its own relevance score (BM25, ts_rank): the same
      // entries, each the same, in an order of their own.
      const byId = (list: { id: string }[]) => (args.includes('--q') ? [...list].sort((a, b) => a.id.localeCompare(b.id)) : list);
      expect(byId(both.postgres)).toEqual(byId(both.sqlite));
    });
  }

  it('activity, for projects of one source and projects merged from several', async () => {
    const store = new Database(sqlite, { readonly: true });
    const merged = store.prepare('select id from activity where records > 1 order by id limit 1').all() as { id: string }[];
    store.close();
    expect(merged.length).toBeGreaterThan(0);
    const ids = ['XI-IATI-EBRD-50756', 'P179204', ...merged.map((m) => m.id)];
    for (const id of ids) {
      const both = await onBoth<unknown>(['activity', id]);
      // Each store has its own import time; everything else must match.
      expect(withoutImportTimes(both.postgres)).toEqual(withoutImportTimes(both.sqlite));
    }
  });
});

describe('whole-word search finds the same projects on both stores', () => {
  interface Listed {
    id: string;
    title: string | null;
  }
  const idsOf = (list: Listed[]) => list.map((a) => a.id).sort();
  // Words, a plural, two words, a quoted word, id-like tokens (COVID19 is written EU_COVID19 in a
  // title, TF 073322 a trust fund number) and text full of FTS5 and tsquery syntax.
  const queries = ['road', 'roads', 'water supply', '"health"', 'COVID19', 'TF 073322', '"road" OR -water* NEAR(x) & (health) | !a:b \''];
  for (const q of queries) {
    it(`--q ${q}`, async () => {
      const both = await onBoth<Listed[]>(['activities', '--include-dropped', '--q', q]);
      expect(idsOf(both.postgres)).toEqual(idsOf(both.sqlite));
      if (!q.includes('OR')) expect(both.sqlite.length).toBeGreaterThan(0);
    });
  }

  it('road finds the word road or roads, never a part of a word (broadband), and finds what roads finds', async () => {
    const store = new Database(sqlite, { readonly: true });
    // What the search found before it looked for whole words: "road" anywhere, even inside another word.
    const inside = store
      .prepare(
        `select a.id, a.title, a.objective from activity a join activity_country c on c.activity_id = a.id
         where c.country = 'KZ' and (lower(a.title) like '%road%' or lower(a.objective) like '%road%')`,
      )
      .all() as { id: string; title: string | null; objective: string | null }[];
    const text = store.prepare('select title, objective from activity where id = ?');
    const partsOfWords = inside.filter((a) => !/\broads?\b/i.test(`${a.title} ${a.objective}`)).map((a) => a.id);
    // P179204 (digital acceleration) speaks of broadband.
    expect(partsOfWords).toContain('P179204');
    const both = await onBoth<Listed[]>(['activities', '--country', 'KZ', '--q', 'road']);
    for (const found of [both.sqlite, both.postgres]) {
      expect(found.length).toBeGreaterThan(3);
      for (const id of partsOfWords) expect(idsOf(found)).not.toContain(id);
      for (const project of found) {
        const row = text.get(project.id) as { title: string | null; objective: string | null };
        expect(`${row.title} ${row.objective}`, project.id).toMatch(/\broads?\b/i);
      }
      // Titles that say "Roads" are found by "road", and the most relevant come first: a title that says it.
      const roadsTitles = inside.filter((a) => /\broads\b/i.test(a.title ?? '')).map((a) => a.id);
      expect(roadsTitles.length).toBeGreaterThan(0);
      expect(idsOf(found)).toEqual(expect.arrayContaining(roadsTitles));
      expect(found[0]?.title).toMatch(/\broads?\b/i);
    }
    store.close();
    const plural = await onBoth<Listed[]>(['activities', '--country', 'KZ', '--q', 'roads']);
    expect(idsOf(plural.sqlite)).toEqual(idsOf(both.sqlite));
  });

  it('refuses a control character in --q with the reason', async () => {
    const cli = await runDevfin(['activities', '--db', sqlite, '--q', 'road\u0007'], env);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/--q.*control character \(U\+0007\) at position 5/s);
  });
});

describe('bad input leaves the PostgreSQL store as it was', () => {
  let store: string;
  const many = Array.from({ length: 700 }, (_, i) => ({ id: `XM-TEST-1-BULK-${i}` }));
  const late = iatiFile([...many, { id: 'XM-TEST-1-LATE', value: 'lots' }]);
  const duplicate = iatiFile([{ id: 'XM-TEST-1-A' }, { id: 'XM-TEST-1-B' }, { id: 'XM-TEST-1-A' }]);
  const valid = iatiFile([{ id: 'XM-TEST-1-NEW' }]);
  const cases = [
    // The error comes after the first batches were written inside the transaction: all must go.
    { name: 'late-error.xml', content: late, line: lineOf(late, '>lots<') },
    { name: 'duplicate.xml', content: duplicate, line: 31 },
    { name: 'truncated.xml', content: valid.slice(0, valid.indexOf('</transaction>')), line: lineOf(valid, '</transaction>') },
  ];

  beforeAll(async () => {
    store = await server.createDatabase();
    const good = writeFixture(dir, 'good.xml', iatiFile([{ id: 'XM-TEST-1-GOOD-1' }, { id: 'XM-TEST-1-GOOD-2', country: 'UZ' }]));
    await run(['import', '--db', store, good]);
  });

  for (const c of cases) {
    it(c.name, async () => {
      const file = writeFixture(dir, c.name, c.content);
      const before = await snapshotPostgres(store);
      expect(before.activity).toHaveLength(2);
      const result = await runDevfin(['import', '--db', store, file]);
      // The only file given was refused: nothing imported.
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(`rejected ${file}:${c.line}:`);
      expect(result.stderr).toContain('nothing from this file was stored');
      expect(await snapshotPostgres(store)).toEqual(before);
    });
  }

  it('names an unreachable server without its password', async () => {
    const result = await runDevfin(['status', '--db', 'postgres://devfin:secret@127.0.0.1:1/nowhere']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot open the store postgres://devfin:***@127.0.0.1:1/nowhere');
    expect(result.stderr).not.toContain('secret');
  });
});
