// One writer at a time on SQLite, as on PostgreSQL (postgres.ts): a write transaction waits for
// the one in progress, however long it takes, instead of failing with "database is locked".
import type SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection, type Driver, SqliteDialect, SqliteDriver } from 'kysely';

/** Told, once per transaction, that it waits for another process's write to end. */
export interface WriterWait {
  listener: ((waiting: boolean) => void) | null;
}

/**
 * How long one attempt at the write lock may block the thread (better-sqlite3 is synchronous): short,
 * so that between attempts the process goes on (progress, the read-ahead thread's messages).
 */
const ATTEMPT_MS = 50;
const PAUSE_MS = 100;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

class OneWriterSqliteDriver extends SqliteDriver {
  readonly #sqlite: SqliteDatabase.Database;
  readonly #wait: WriterWait;
  constructor(sqlite: SqliteDatabase.Database, wait: WriterWait) {
    super({ database: sqlite });
    this.#sqlite = sqlite;
    this.#wait = wait;
  }

  /**
   * `begin immediate` takes the write lock at once: a deferred `begin` that reads first and then
   * writes cannot wait for the lock (SQLite refuses at once, to avoid a deadlock). While another
   * process writes, try again every PAUSE_MS, as long as it takes.
   */
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const timeout = this.#sqlite.pragma('busy_timeout', { simple: true }) as number;
    let waited = false;
    try {
      this.#sqlite.pragma(`busy_timeout = ${ATTEMPT_MS}`);
      for (;;) {
        try {
          await connection.executeQuery(CompiledQuery.raw('begin immediate'));
          return;
        } catch (error) {
          if (!isBusy(error)) throw error;
          if (!waited) this.#wait.listener?.(true);
          waited = true;
          await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
        }
      }
    } finally {
      this.#sqlite.pragma(`busy_timeout = ${timeout}`);
      if (waited) this.#wait.listener?.(false);
    }
  }
}

export class OneWriterSqliteDialect extends SqliteDialect {
  readonly #sqlite: SqliteDatabase.Database;
  readonly #wait: WriterWait;
  constructor(sqlite: SqliteDatabase.Database, wait: WriterWait) {
    super({ database: sqlite });
    this.#sqlite = sqlite;
    this.#wait = wait;
  }
  override createDriver(): Driver {
    return new OneWriterSqliteDriver(this.#sqlite, this.#wait);
  }
}
