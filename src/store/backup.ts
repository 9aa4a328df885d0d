// The whole store as one portable file, and back: a gzip'd stream of JSON lines, a header naming
// the schema (the migrations the store has run) and then, table by table, a line naming the table
// and its columns followed by one line per row (a JSON array of values). The tables are the
// store's own, read from the database itself, so tables that later migrations add are included
// without a change here; what the database derives (the full-text index and its key table, a
// generated column) is left out and made again as rows are restored. SQLite and PostgreSQL write
// and read the same format, so a store moves between them.
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { type Kysely, sql, type Transaction } from 'kysely';
import { raiseDataVersion } from './dataVersion.js';
import { indexMissingSearchText } from './fullText.js';
import { storeMigrations } from './migrations.js';
import type { Store } from './open.js';
import type { Tables } from './tables.js';

export const BACKUP_FORMAT = 'devfin-backup';
const BACKUP_VERSION = 1;

interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** The migrations the store had run, in the order run: its schema version. */
  migrations: string[];
}

interface TableHeader {
  table: string;
  columns: string[];
  rows: number;
}

export interface BackupSummary {
  file: string;
  migrations: string[];
  tables: { table: string; rows: number }[];
}

/** Rows read from PostgreSQL at a time through a cursor, so a large table is never held whole. */
const FETCH_ROWS = 1000;

/**
 * Tables the database keeps by itself from others: the SQLite full-text index (a virtual table, its
 * shadow tables, and the key table its triggers fill when an activity row is inserted).
 */
const DERIVED_TABLES = new Set(['activity_text_key']);

type AnyDb = Kysely<Record<string, Record<string, unknown>>>;
type AnyTrx = Transaction<Record<string, Record<string, unknown>>>;

function dialectOf(store: Store): 'sqlite' | 'postgres' {
  return store.sqlite ? 'sqlite' : 'postgres';
}

/** The store's own tables and the columns a restore writes, in a stable order. */
async function storeTables(db: AnyDb | AnyTrx, dialect: 'sqlite' | 'postgres'): Promise<{ table: string; columns: string[] }[]> {
  if (dialect === 'postgres') {
    const rows = await sql<{ table_name: string; column_name: string }>`
      select c.table_name, c.column_name
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE' and c.is_generated = 'NEVER'
        and c.table_name not like 'kysely_%'
      order by c.table_name, c.ordinal_position`.execute(db);
    return groupColumns(rows.rows).filter((t) => !DERIVED_TABLES.has(t.table));
  }
  const rows = await sql<{ table_name: string; column_name: string; hidden: number; sql: string }>`
    select m.name as table_name, c.name as column_name, c.hidden, m.sql
    from sqlite_master m, pragma_table_xinfo(m.name) c
    where m.type = 'table' and m.name not like 'sqlite_%' and m.name not like 'kysely_%'
    order by m.name, c.cid`.execute(db);
  const virtual = rows.rows.filter((r) => /^create virtual table/i.test(r.sql)).map((r) => r.table_name);
  const isDerived = (name: string) => DERIVED_TABLES.has(name) || virtual.some((v) => name === v || name.startsWith(`${v}_`));
  return groupColumns(rows.rows.filter((r) => r.hidden === 0 && !isDerived(r.table_name)));
}

function groupColumns(rows: { table_name: string; column_name: string }[]): { table: string; columns: string[] }[] {
  const tables = new Map<string, string[]>();
  for (const row of rows) tables.set(row.table_name, [...(tables.get(row.table_name) ?? []), row.column_name]);
  return [...tables].map(([table, columns]) => ({ table, columns }));
}

async function ranMigrations(db: AnyDb | AnyTrx): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from kysely_migration order by timestamp, name`.execute(db);
  return rows.rows.map((r) => r.name);
}

/** A value as JSON keeps it: numbers, text and null are all the store holds. */
function portable(value: unknown, table: string, column: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  throw new Error(`cannot back up ${table}.${column}: a value of type ${typeof value} (${Object.prototype.toString.call(value)})`);
}

/**
 * Writes the whole store to `file`, read in one transaction so the backup is one moment of the
 * store (on PostgreSQL that transaction takes the write lock: imports wait until it is written).
 */
export async function backupStore(store: Store, file: string): Promise<BackupSummary> {
  const dialect = dialectOf(store);
  const gzip = createGzip();
  const written = pipeline(gzip, createWriteStream(file));
  const write = async (value: unknown) => {
    if (!gzip.write(`${JSON.stringify(value)}\n`)) await new Promise((resolve) => gzip.once('drain', resolve));
  };
  const summary: BackupSummary = { file, migrations: [], tables: [] };
  try {
    await (store.db as unknown as AnyDb).transaction().execute(async (trx) => {
      summary.migrations = await ranMigrations(trx);
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        createdAt: new Date().toISOString(),
        migrations: summary.migrations,
      };
      await write(header);
      for (const { table, columns } of await storeTables(trx, dialect)) {
        const count = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(trx);
        const rows = Number(count.rows[0]?.n ?? 0);
        await write({ table, columns, rows } satisfies TableHeader);
        let seen = 0;
        for await (const row of readRows(store, trx, dialect, table, columns)) {
          await write(columns.map((column) => portable(row[column], table, column)));
          seen++;
        }
        if (seen !== rows) throw new Error(`${table} changed while it was read (${rows} rows counted, ${seen} read)`);
        summary.tables.push({ table, rows });
      }
    });
  } catch (error) {
    gzip.destroy(error as Error);
    await written.catch(() => {});
    throw error;
  }
  gzip.end();
  await written;
  return summary;
}

async function* readRows(
  store: Store,
  trx: AnyTrx,
  dialect: 'sqlite' | 'postgres',
  table: string,
  columns: string[],
): AsyncGenerator<Record<string, unknown>> {
  const select = sql`select ${sql.join(columns.map((c) => sql.ref(c)))} from ${sql.table(table)}`;
  if (dialect === 'sqlite' && store.sqlite) {
    // The raw handle is the transaction's own connection: it reads the same snapshot, a row at a time.
    const compiled = select.compile(trx);
    yield* store.sqlite.prepare(compiled.sql).iterate(...(compiled.parameters as unknown[])) as Iterable<Record<string, unknown>>;
    return;
  }
  await sql`declare devfin_backup no scroll cursor for ${select}`.execute(trx);
  try {
    for (;;) {
      const page = await sql<Record<string, unknown>>`fetch forward ${sql.raw(String(FETCH_ROWS))} from devfin_backup`.execute(trx);
      yield* page.rows;
      if (page.rows.length < FETCH_ROWS) break;
    }
  } finally {
    await sql`close devfin_backup`.execute(trx);
  }
}

/** The lines of a backup file, parsed, each with its line number for messages. */
async function* backupLines(file: string): AsyncGenerator<{ value: unknown; line: number }> {
  const input = createReadStream(file).pipe(createGunzip());
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      try {
        yield { value: JSON.parse(text), line };
      } catch (error) {
        throw new Error(`${file}:${line}: not a line of a devfin backup: ${(error as Error).message}`);
      }
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR')
      throw new Error(`${file}: not a devfin backup (not gzip'd, or cut short): ${(error as Error).message}`);
    throw error;
  }
}

export class RestoreRefused extends Error {}

/**
 * Restores a backup into the store, in one transaction: the store holds the backup whole or is
 * left as it was. A store that holds anything is refused unless `replace`; a backup from a
 * schema this version does not know (a newer devfin) is refused.
 */
export async function restoreStore(store: Store, file: string, { replace }: { replace: boolean }): Promise<BackupSummary> {
  const dialect = dialectOf(store);
  const lines = backupLines(file);
  const first = await lines.next();
  const header = first.done ? null : (first.value.value as Partial<BackupHeader>);
  if (!header || header.format !== BACKUP_FORMAT || !Array.isArray(header.migrations))
    throw new RestoreRefused(`${file}:1: not a devfin backup (its first line does not name the format "${BACKUP_FORMAT}")`);
  if (header.version !== BACKUP_VERSION)
    throw new RestoreRefused(`${file}:1: backup format version ${header.version}; this devfin reads version ${BACKUP_VERSION}`);
  const known = new Set(Object.keys(storeMigrations(dialect)));
  const unknown = header.migrations.filter((name) => !known.has(name));
  if (unknown.length > 0)
    throw new RestoreRefused(
      `${file}: the backup comes from a newer schema (its migrations ${unknown.join(', ')} are unknown to this devfin); restore it with the devfin that made it, or a later one`,
    );
  const db = store.db as unknown as AnyDb;
  const summary: BackupSummary = { file, migrations: header.migrations, tables: [] };
  await db.transaction().execute(async (trx) => {
    const tables = new Map((await storeTables(trx, dialect)).map((t) => [t.table, t.columns]));
    const held = [];
    for (const table of tables.keys()) {
      if (table === 'data_version') continue;
      const found = await sql<{ one: number }>`select 1 as one from ${sql.table(table)} limit 1`.execute(trx);
      if (found.rows.length > 0) held.push(table);
    }
    if (held.length > 0 && !replace)
      throw new RestoreRefused(
        `the store ${store.location} is not empty (it has rows in ${held.join(', ')}); add --replace to replace everything it holds with the backup`,
      );
    for (const table of held) await sql`delete from ${sql.table(table)}`.execute(trx);

    let current: { table: string; columns: string[]; rows: number; line: number } | null = null;
    let batch: unknown[][] = [];
    let seen = 0;
    const flush = async () => {
      if (!current || batch.length === 0) return;
      const { table, columns } = current;
      await trx
        .insertInto(table)
        .values(batch.map((values) => Object.fromEntries(columns.map((c, i) => [c, values[i]]))))
        .execute();
      batch = [];
    };
    const finish = async () => {
      await flush();
      if (current && seen !== current.rows)
        throw new RestoreRefused(
          `${file}:${current.line}: table ${current.table} should have ${current.rows} rows, the backup has ${seen} (cut short?)`,
        );
      if (current) summary.tables.push({ table: current.table, rows: seen });
    };
    for await (const { value, line } of lines) {
      if (Array.isArray(value)) {
        if (!current) throw new RestoreRefused(`${file}:${line}: a row before any table`);
        if (value.length !== current.columns.length)
          throw new RestoreRefused(`${file}:${line}: ${value.length} values for the ${current.columns.length} columns of ${current.table}`);
        seen++;
        // The version row is the store's own and is raised below, above any number it held
        // before: a server that kept answers at that number must not take them as current.
        if (current.table === 'data_version') continue;
        batch.push(value);
        // Well under both databases' limits of bound parameters per statement.
        if (batch.length * current.columns.length >= 30_000) await flush();
        continue;
      }
      const next = value as Partial<TableHeader>;
      if (typeof next?.table !== 'string' || !Array.isArray(next.columns) || typeof next.rows !== 'number')
        throw new RestoreRefused(`${file}:${line}: neither a row nor a table header`);
      await finish();
      const columns = tables.get(next.table);
      if (!columns) throw new RestoreRefused(`${file}:${line}: table ${next.table} is not in this store's schema`);
      const missing = next.columns.filter((c) => !columns.includes(c));
      if (missing.length > 0)
        throw new RestoreRefused(`${file}:${line}: table ${next.table} has no column ${missing.join(', ')} in this store`);
      current = { table: next.table, columns: next.columns, rows: next.rows, line };
      seen = 0;
    }
    await finish();
    await indexMissingSearchText(trx, dialect);
    if (dialect === 'postgres') await resetSequences(trx);
    await raiseDataVersion(trx as unknown as Transaction<Tables>);
  });
  return summary;
}

/** PostgreSQL: each serial column's next value follows the rows restored, not the numbers given before. */
async function resetSequences(trx: AnyTrx): Promise<void> {
  const serials = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and column_default like 'nextval(%'`.execute(trx);
  for (const { table_name, column_name } of serials.rows)
    await sql`select setval(pg_get_serial_sequence(${table_name}, ${column_name}), coalesce((select max(${sql.ref(column_name)}) from ${sql.table(table_name)}), 0) + 1, false)`.execute(
      trx,
    );
}
