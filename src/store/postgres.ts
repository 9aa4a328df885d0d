// The store on PostgreSQL: a connection pool behind Kysely, with the query code shared with SQLite.
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresDialect,
  PostgresDriver,
  type TransactionSettings,
} from 'kysely';
import type pg from 'pg';
import type { WriterWait } from './oneWriter.js';
import type { Tables } from './tables.js';

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** The URL with its password hidden, for messages and `devfin status`. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
  }
}

/**
 * Numbers as the SQLite store gives them. PostgreSQL returns bigint (counts, value_minor) and
 * numeric (sums of bigint) as strings to keep digits a double cannot hold; amounts in hundredths
 * stay far below 2^53, so plain numbers lose nothing and the query code reads both stores alike.
 */
const numericTypes = (types: typeof pg.types): pg.CustomTypesConfig => ({
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === types.builtins.INT8 || oid === types.builtins.NUMERIC) return (value: string) => Number(value);
    return types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
});

/**
 * Every write to the store happens in a transaction, and every transaction takes this advisory
 * lock first: one writer at a time per database, as on SQLite. Several devfin processes (web
 * servers, imports, syncs) can then share one database without one import's read-then-write
 * (is the stored version newer? which records share a project?) racing another's. Readers never
 * wait. The lock is released when the transaction ends, whatever happens to the process.
 */
const WRITE_LOCK = '7424461766123790881'; // any fixed bigint, the same in every devfin process

class OneWriterDriver extends PostgresDriver {
  readonly #wait: WriterWait;
  constructor(pool: pg.Pool, wait: WriterWait) {
    super({ pool });
    this.#wait = wait;
  }
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await super.beginTransaction(connection, settings);
    // Tried first without waiting, so that a wait can be told (the import's progress says so).
    const tried = await connection.executeQuery<{ locked: boolean }>(
      CompiledQuery.raw('select pg_try_advisory_xact_lock($1) as locked', [WRITE_LOCK]),
    );
    if (tried.rows[0]?.locked) return;
    this.#wait.listener?.(true);
    try {
      await connection.executeQuery(CompiledQuery.raw('select pg_advisory_xact_lock($1)', [WRITE_LOCK]));
    } finally {
      this.#wait.listener?.(false);
    }
  }
}

class OneWriterDialect extends PostgresDialect {
  readonly #pool: pg.Pool;
  readonly #wait: WriterWait;
  constructor(pool: pg.Pool, wait: WriterWait) {
    super({ pool });
    this.#pool = pool;
    this.#wait = wait;
  }
  override createDriver(): Driver {
    return new OneWriterDriver(this.#pool, this.#wait);
  }
}

/**
 * SQLSTATE classes and codes of a database that is gone for now rather than a query that is wrong:
 * connection exceptions (08), the server shutting down or a backend terminated by an administrator
 * (57P01-57P03), too many connections (53300).
 */
const UNAVAILABLE_CODES = /^(08...|57P0[123]|53300)$/;
const UNAVAILABLE_NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Whether `error` says the database cannot be reached (the query itself was fine): an HTTP server
 * answers 503 and tries again with a fresh connection on the next request, as the pool drops a
 * connection that failed.
 */
export function isStoreUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.test(code) || UNAVAILABLE_NETWORK.has(code))) return true;
  // node-postgres reports a connection lost mid-query without a code.
  return /Connection terminated|connection error and is not queryable|Client was closed and is not queryable/i.test(error.message);
}

/** A Kysely instance on the database of `url`, after checking that the server answers. */
export async function connectPostgres(url: string, wait: WriterWait = { listener: null }): Promise<Kysely<Tables>> {
  // Loaded here, not with this module: only a store on PostgreSQL needs the driver.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, types: numericTypes(pg.types), application_name: 'devfin' });
  // An idle connection that the server drops must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  // No JIT compilation: devfin asks short questions whose plans the planner often costs high (a
  // search ranks every match of a word), and compiling such a plan takes longer than running it.
  // Set when a connection is made, before any query of ours is queued on it; a server without the
  // setting (before PostgreSQL 11) refuses it, which changes nothing.
  pool.on('connect', (client) => {
    client.query('set jit = off').catch(() => {});
  });
  const db = new Kysely<Tables>({ dialect: new OneWriterDialect(pool, wait) });
  try {
    await db.executeQuery(CompiledQuery.raw('select 1'));
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}
