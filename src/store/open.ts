// Opens the store named by --db or DEVFIN_DATABASE_URL (a file path, sqlite:PATH, or later
// postgres://...), creating it and bringing its schema up to date.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import envPaths from 'env-paths';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { migrations } from './migrations.js';
import type { Tables } from './tables.js';

export interface Store {
  db: Kysely<Tables>;
  /** The raw SQLite handle, for bulk writes inside a transaction of `db` (same connection); null on other databases. */
  sqlite: SqliteDatabase.Database | null;
  /** What the user named, resolved: an absolute file path for SQLite. */
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
  if (/^postgres(ql)?:\/\//i.test(location)) {
    throw new Error('PostgreSQL stores are not supported by this version of devfin yet; use a SQLite file path');
  }
  const path = resolve(location.replace(/^sqlite:/i, ''));
  mkdirSync(dirname(path), { recursive: true });
  let sqlite: SqliteDatabase.Database;
  try {
    sqlite = new SqliteDatabase(path);
    sqlite.pragma('journal_mode = WAL');
  } catch (error) {
    throw new Error(`cannot open the store ${path}: ${(error as Error).message}`);
  }
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrate(db, path);
  return { db, sqlite, location: path, close: () => db.destroy() };
}

async function migrate(db: Kysely<Tables>, location: string): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw new Error(`cannot bring the store ${location} up to date: ${(error as Error).message}`);
}
