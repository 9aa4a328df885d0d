// Opens the store named by --db or DEVFIN_DATABASE_URL (a file path, sqlite:PATH or
// postgres://...), creating it and bringing its schema up to date.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type SqliteDatabase from 'better-sqlite3';
import envPaths from 'env-paths';
import { Kysely, Migrator } from 'kysely';
import { type StoreDialect, storeMigrations } from './migrations.js';
import { OneWriterSqliteDialect, type WriterWait } from './oneWriter.js';
import { connectPostgres, isPostgresUrl, redactedUrl } from './postgres.js';
import type { Tables } from './tables.js';

export interface Store {
  db: Kysely<Tables>;
  /** The raw SQLite handle, for bulk writes inside a transaction of `db` (same connection); null on other databases. */
  sqlite: SqliteDatabase.Database | null;
  /** What the user named, resolved: an absolute file path for SQLite, the URL without its password for PostgreSQL. */
  location: string;
  /** Set a listener to be told when a write waits for another process's write to end (and when it goes on). */
  writerWait: WriterWait;
  close(): Promise<void>;
}

export function defaultStorePath(): string {
  return join(envPaths('devfin', { suffix: '' }).data, 'devfin.sqlite');
}

/** `--db` wins over DEVFIN_DATABASE_URL, which wins over the default file in the user's data directory. */
export function resolveStoreLocation(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return option || env.DEVFIN_DATABASE_URL || defaultStorePath();
}

export interface OpenOptions {
  /**
   * Create a SQLite store that does not exist yet (and its folder). Commands that only read pass
   * false: a mistyped path must not leave an empty store, nor folders, behind it.
   */
  create?: boolean;
  /** Told when a write (from the start: bringing the schema up to date is one) waits for another process's. */
  onWriterWait?: (waiting: boolean) => void;
}

/**
 * A URL scheme other than the two known: `mysql://x/y` was taken for a file path. One letter
 * before the colon is a Windows drive (C:\data\devfin.sqlite), not a scheme.
 */
const URL_SCHEME = /^([a-z][a-z0-9+.-]+):/i;

export async function openStore(location: string, options: OpenOptions = {}): Promise<Store> {
  const writerWait: WriterWait = { listener: options.onWriterWait ?? null };
  if (isPostgresUrl(location)) return openPostgresStore(location, writerWait);
  const scheme = URL_SCHEME.exec(location)?.[1];
  if (scheme && scheme.toLowerCase() !== 'sqlite') {
    throw new Error(
      `unknown store scheme "${scheme}:" in ${redactedUrl(location)}: give a SQLite file path, sqlite:PATH or a postgres://user:password@host/database URL`,
    );
  }
  return openSqliteStore(location, options.create ?? true, writerWait);
}

async function openPostgresStore(url: string, writerWait: WriterWait): Promise<Store> {
  const location = redactedUrl(url);
  let db: Kysely<Tables>;
  try {
    db = await connectPostgres(url, writerWait);
  } catch (error) {
    throw new Error(`cannot open the store ${location}: ${(error as Error).message}`);
  }
  await migrate(db, 'postgres', location);
  return { db, sqlite: null, location, writerWait, close: () => db.destroy() };
}

async function openSqliteStore(location: string, create: boolean, writerWait: WriterWait): Promise<Store> {
  const path = resolve(location.replace(/^sqlite:/i, ''));
  if (!create && !existsSync(path))
    throw new Error(`no store at ${path}; run \`devfin import FILE-OR-FOLDER\` first (or name the store with --db)`);
  if (create) mkdirSync(dirname(path), { recursive: true });
  // Loaded when a store is opened, not by every command (`devfin --help` needs no database).
  const { default: Database } = await import('better-sqlite3');
  let sqlite: SqliteDatabase.Database;
  try {
    sqlite = new Database(path, { fileMustExist: !create });
    sqlite.pragma('journal_mode = WAL');
  } catch (error) {
    throw new Error(`cannot open the store ${path}: ${(error as Error).message}`);
  }
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Tables>({ dialect: new OneWriterSqliteDialect(sqlite, writerWait) });
  await migrate(db, 'sqlite', path);
  // `pragma optimize` keeps the query planner's statistics fresh after imports (SQLite's advice: run
  // it on close). Only a connection that wrote runs it: a reader (a query, an export's worker) has
  // nothing to add, and optimizing may write, waiting behind an import for the busy timeout.
  const close = async () => {
    if (Number(sqlite.prepare('select total_changes()').pluck().get()) > 0) sqlite.pragma('optimize');
    await db.destroy();
  };
  return { db, sqlite, location: path, writerWait, close };
}

/**
 * Brings the schema up to date. On PostgreSQL the Migrator holds an advisory lock, so processes
 * starting together take turns. Migrations are independent of each other, so one that a store lacks
 * runs even when later ones have run (work from parallel branches lands in any order).
 */
async function migrate(db: Kysely<Tables>, dialect: StoreDialect, location: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => storeMigrations(dialect) },
    allowUnorderedMigrations: true,
  });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw new Error(`cannot bring the store ${location} up to date: ${(error as Error).message}`);
  }
}
