// Writing many rows fast. On SQLite one prepared single-row statement per table, run for each row,
// beats building and preparing a new multi-row statement for every chunk; other databases get
// multi-row inserts through Kysely. On SQLite an activity's search text is written with its row
// (fullText.ts says why).
import type SqliteDatabase from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { type SearchText, searchTextWriter } from './fullText.js';
import type { Store } from './open.js';
import type { Tables } from './tables.js';

export type RowWriter = (table: keyof Tables, rows: object[]) => Promise<void>;

/** Bound parameters per multi-row statement, under SQLite's and PostgreSQL's limits. */
const MAX_PARAMETERS = 30_000;

/** A writer for the rows of one transaction (`db` is that transaction). */
export function rowWriter(store: Store, db: Kysely<Tables>): RowWriter {
  const { sqlite } = store;
  if (!sqlite) return (table, rows) => insertChunked(db, table, rows);
  const statement = preparedOnce(sqlite);
  const writeSearchText = searchTextWriter(sqlite);
  return async (table, rows) => {
    const first = rows[0];
    if (!first) return;
    const columns = Object.keys(first);
    const insert = statement(
      `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`,
    );
    for (const row of rows) {
      const record = row as Record<string, unknown>;
      insert.run(columns.map((c) => record[c] ?? null));
      if (table === 'activity') writeSearchText(row as SearchText);
    }
  };
}

/**
 * The statement of an SQL text, prepared the first time it is asked for on this connection and
 * kept: statements run per batch of an import need not be prepared per batch.
 */
export function preparedOnce(sqlite: SqliteDatabase.Database): (text: string) => SqliteDatabase.Statement<unknown[]> {
  const prepared = new Map<string, SqliteDatabase.Statement<unknown[]>>();
  return (text) => {
    let found = prepared.get(text);
    if (!found) {
      found = sqlite.prepare<unknown[]>(text);
      prepared.set(text, found);
    }
    return found;
  };
}

async function insertChunked(db: Kysely<Tables>, table: keyof Tables, rows: object[]): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(first).length));
  for (let i = 0; i < rows.length; i += size) {
    await db
      .insertInto(table)
      // biome-ignore lint/suspicious/noExplicitAny: rows are built for this table by activityRows
      .values(rows.slice(i, i + size) as any)
      .execute();
  }
}
