// Opens the store named by --db or DEVFIN_DATABASE_URL (a file path, sqlite:PATH or
// postgres://...), creating it and bringing its schema up to date.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type SqliteDatabase from 'better-sqlite3';
import envPaths from 'env-paths';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { type StoreDialect, storeMigrations } from './migrations.js';
import { connectPostgres, isPostgresUrl, redactedUrl } from './postgres.js';
import type { Tables } from './tables.js';

export interface Store {
  db: Kysely<Tables>;
  /** The raw SQLite handle, for bulk writes inside a transaction of `db` (same connection); null on other databases. */
  sqlite: SqliteDatabase.Database | null;
  /** What the user named, resolved: an absolute file path for SQLite, the URL without its password for PostgreSQL. */
  location: string;
  close(): Promise<void>;
}

export function defaultStorePath(): string {
  return join(envPaths('devfin', { suffix: '' }).data, 'devfin.sqlite');
}

/** `--db` wins over DEVFIN_DATABASE_URL, which wins over the default file in the user's data directory. */
export function resolveStoreLocation(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return option || env.DEVFIN_DATABASE_URL || defaultStorePath();
}

export async function openStore(location: string): Promise<Store> {
  return isPostgresUrl(location) ? openPostgresStore(location) : openSqliteStore(location);
}

async function openPostgresStore(url: string): Promise<Store> {
  const location = redactedUrl(url);
  let db: Kysely<Tables>;
  try {
    db = await connectPostgres(url);
  } catch (error) {
    throw new Error(`cannot open the store ${location}: ${(error as Error).message}`);
  }
  await migrate(db, 'postgres', location);
  return { db, sqlite: null, location, close: () => db.destroy() };
}

async function openSqliteStore(location: string): Promise<Store> {
  const path = resolve(location.replace(/^sqlite:/i, ''));
  mkdirSync(dirname(path), { recursive: true });
  // Loaded when a store is opened, not by every command (`devfin --help` needs no database).
  const { default: Database } = await import('better-sqlite3');
  let sqlite: SqliteDatabase.Database;
  try {
    sqlite = new Database(path);
    sqlite.pragma('journal_mode = WAL');
  } catch (error) {
    throw new Error(`cannot open the store ${path}: ${(error as Error).message}`);
  }
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrate(db, 'sqlite', path);
  // `pragma optimize` keeps the query planner's statistics fresh after imports (SQLite's advice: run it on close).
  const close = async () => {
    sqlite.pragma('optimize');
    await db.destroy();
  };
  return { db, sqlite, location: path, close };
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
