// devfin backup / devfin restore on real shared data: a store holding sources (with warnings and a
// refused file in its import log), codelists, rates and a statement is written to one file and
// restored into a fresh SQLite store and a fresh PostgreSQL database. Each restored store holds the
// same rows and answers every summary as the original did; a non-empty store is refused unless
// --replace, and so is a backup from a newer schema or a file that is not a backup.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devfinJson, runDevfin, temporaryDir } from '../support/cli.js';
import { type PostgresServer, startPostgres } from '../support/postgres.js';
import { snapshotPostgres } from '../support/postgresSnapshot.js';
import { SHARED_DATA } from '../support/sharedData.js';
import { snapshotStore } from '../support/storeSnapshot.js';

const dir = temporaryDir();
const original = path.join(dir, 'original.sqlite');
const backup = path.join(dir, 'store.jsonl.gz');
const SUMMARY_BY = ['country', 'sector', 'financier', 'status'] as const;
let server: PostgresServer;

async function ok(args: string[]): Promise<string> {
  const result = await runDevfin(args);
  expect(result.code, `devfin ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

async function summaries(store: string): Promise<Record<string, unknown>> {
  const answers: Record<string, unknown> = {};
  for (const by of SUMMARY_BY) answers[by] = await devfinJson(['summary', '--db', store, '--by', by]);
  // Each store orders a search by its own relevance score: what it finds is what must agree.
  const found = await devfinJson<{ id: string }[]>(['activities', '--db', store, '--q', 'water', '--limit', '500']);
  answers.search = found.map((a) => a.id).sort();
  return answers;
}

/** The rows a restore must give back: all but the version number (raised) and the derived full-text tables. */
function comparable(snapshot: Record<string, unknown[]>): Record<string, unknown[]> {
  const { data_version: _version, kysely_migration: _migrations, kysely_migration_lock: _lock, ...rest } = snapshot;
  return Object.fromEntries(Object.entries(rest).filter(([table]) => !table.startsWith('activity_text')));
}

/**
 * Rows as sorted JSON of their values by column name, so SQLite's and PostgreSQL's rows compare
 * alike; PostgreSQL's full-text column is derived from the title and objective.
 */
function canonical(snapshot: Record<string, unknown[]>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(comparable(snapshot)).map(([table, rows]) => [
      table,
      rows
        .map((row) => {
          const { search_vector: _derived, ...values } = JSON.parse(row as string) as Record<string, unknown>;
          // node-postgres gives bigint columns as text: digits compare as numbers on both sides.
          const numeric = (v: unknown) => (typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v);
          return JSON.stringify(
            Object.keys(values)
              .sort()
              .map((k) => [k, numeric(values[k])]),
          );
        })
        .sort(),
    ]),
  );
}

let before: Record<string, unknown>;

beforeAll(async () => {
  server = await startPostgres();
  await ok([
    'codelists',
    'update',
    '--db',
    original,
    '--from',
    path.join(SHARED_DATA, 'codelists/json/Sector.json'),
    path.join(SHARED_DATA, 'codelists/json/Country.json'),
    path.join(SHARED_DATA, 'codelists/json/OrganisationRole.json'),
  ]);
  await ok(['rates', 'import', '--db', original, path.join(SHARED_DATA, 'exchangerates/imf_monthly_2015_2020.csv')]);
  // legacy-1.0x warns; frankenstein.xml is refused: both reach the import log.
  await runDevfin([
    'import',
    '--db',
    original,
    path.join(SHARED_DATA, 'iati/usaid-carec'),
    path.join(SHARED_DATA, 'iati/legacy-1.0x'),
    path.join(SHARED_DATA, 'iati/examples/frankenstein.xml'),
  ]);
  await ok(['statements', 'add', '--db', original, path.join(SHARED_DATA, 'statements/seed-carec-ministerial.txt')]);
  before = await summaries(original);
  await ok(['backup', '--db', original, backup]);
}, 600_000);

afterAll(async () => {
  await server?.stop();
});

describe('a backup', () => {
  it('names the schema and holds every table of the store, the import log included', () => {
    const lines = gunzipSync(readFileSync(backup)).toString('utf8').trim().split('\n');
    const header = JSON.parse(lines[0] as string) as { format: string; migrations: string[] };
    expect(header.format).toBe('devfin-backup');
    expect(header.migrations).toContain('0010-import-log');
    const tables = lines
      .slice(1)
      .map((line) => JSON.parse(line))
      .filter((value) => !Array.isArray(value))
      .map((value: { table: string; rows: number }) => [value.table, value.rows]);
    const counts = Object.fromEntries(tables);
    const snapshot = snapshotStore(original, { withLog: true });
    for (const table of [
      'source_file',
      'source_record',
      'activity',
      'import_log',
      'import_warning',
      'statement',
      'codelist',
      'exchange_rate',
      'sync_state',
    ])
      expect(counts[table], table).toBe(snapshot[table]?.length);
    expect(counts.import_log).toBeGreaterThan(10);
    expect(counts.import_warning).toBeGreaterThan(50);
    expect(counts.statement).toBe(1);
    // The full-text index is derived, not backed up.
    expect(Object.keys(counts).filter((t) => t.startsWith('activity_text'))).toEqual([]);
  });
});

describe.each(['SQLite', 'PostgreSQL'] as const)('restored into an empty %s store', (backend) => {
  let store: string;
  beforeAll(async () => {
    store = backend === 'SQLite' ? path.join(dir, 'restored.sqlite') : await server.createDatabase();
    await ok(['restore', '--db', store, backup]);
  }, 600_000);

  it('holds every row the original held', async () => {
    const restored = backend === 'SQLite' ? snapshotStore(store, { withLog: true }) : await snapshotPostgres(store, { withLog: true });
    expect(canonical(restored)).toEqual(canonical(snapshotStore(original, { withLog: true })));
  });

  it('answers every summary and a search as the original does', async () => {
    expect(await summaries(store)).toEqual(before);
  });

  it('keeps the import log: the refused file and its reason, the warnings of a file', async () => {
    const log = await devfinJson<{ imports: { id: number; status: string; error: { message: string } | null }[] }>([
      'log',
      '--db',
      store,
      '--limit',
      '100',
    ]);
    const refused = log.imports.filter((i) => i.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect(refused[0]?.error?.message).toMatch(/frankenstein\.xml:\d+/);
    const legacy = await devfinJson<{ warnings: number; warningsByKind: Record<string, number> }>([
      'log',
      '--db',
      store,
      path.join(SHARED_DATA, 'iati/legacy-1.0x/worldbank-pilot-2010.xml'),
    ]);
    expect(legacy.warnings).toBeGreaterThan(0);
    expect(legacy.warningsByKind['unknown-code']).toBeGreaterThan(0);
  });

  it('takes new imports after the restored ones (the log numbers go on)', async () => {
    const [result] = await devfinJson<{ status: string; logId: number }[]>([
      'import',
      '--db',
      store,
      path.join(SHARED_DATA, 'iati/examples/activity-standard-example-annotated-2.03.xml'),
    ]);
    const restoredIds = (await devfinJson<{ imports: { id: number }[] }>(['log', '--db', original, '--limit', '1000'])).imports.map(
      (i) => i.id,
    );
    expect(result?.status).toBe('imported');
    expect(result?.logId).toBeGreaterThan(Math.max(...restoredIds));
  });

  it('is refused again unless --replace, which replaces everything', async () => {
    const refused = await runDevfin(['restore', '--db', store, backup]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is not empty .*--replace/);
    await ok(['restore', '--db', store, backup, '--replace']);
    const restored = backend === 'SQLite' ? snapshotStore(store, { withLog: true }) : await snapshotPostgres(store, { withLog: true });
    expect(canonical(restored)).toEqual(canonical(snapshotStore(original, { withLog: true })));
    expect(await summaries(store)).toEqual(before);
  });
});

describe('a restore refuses', () => {
  it('a backup from a newer schema, and leaves the store empty', async () => {
    const lines = gunzipSync(readFileSync(backup)).toString('utf8').split('\n');
    const header = JSON.parse(lines[0] as string);
    header.migrations.push('0099-from-the-future');
    const newer = path.join(dir, 'newer.jsonl.gz');
    writeFileSync(newer, gzipSync([JSON.stringify(header), ...lines.slice(1)].join('\n')));
    const store = path.join(dir, 'newer.sqlite');
    const result = await runDevfin(['restore', '--db', store, newer]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/newer schema .*0099-from-the-future/);
    expect((await devfinJson<{ activities: number }>(['status', '--db', store])).activities).toBe(0);
  });

  it('a file that is not a backup, or one cut short, naming the file', async () => {
    const plain = path.join(dir, 'plain.txt');
    writeFileSync(plain, 'hello\n');
    const notGzip = await runDevfin(['restore', '--db', path.join(dir, 'plain.sqlite'), plain]);
    expect(notGzip.code).toBe(1);
    expect(notGzip.stderr).toContain(`${plain}: not a devfin backup`);

    const whole = gunzipSync(readFileSync(backup)).toString('utf8').split('\n');
    const cut = path.join(dir, 'cut.jsonl.gz');
    writeFileSync(cut, gzipSync(whole.slice(0, Math.floor(whole.length / 2)).join('\n')));
    const store = path.join(dir, 'cut.sqlite');
    const cutShort = await runDevfin(['restore', '--db', store, cut]);
    expect(cutShort.code).toBe(1);
    expect(cutShort.stderr).toMatch(/cut\.jsonl\.gz:\d+: table \w+ should have \d+ rows, the backup has \d+/);
    // One transaction: nothing of the half file stays.
    expect((await devfinJson<{ activities: number; files: number }>(['status', '--db', store])).files).toBe(0);
  });
});
