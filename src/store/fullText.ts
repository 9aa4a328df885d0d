// Whole-word search of project titles and objectives on either store (the indexes of migration
// 0005-full-text): SQLite's FTS5 with the porter stemmer, PostgreSQL's text search with the
// Snowball English stemmer. Each word of the search text is quoted, so nothing the user types is
// read as the search language of either database; all the words must be found.
//
// PostgreSQL computes an activity's search vector itself (a generated column). On SQLite, triggers
// keep the index when an activity is deleted or its text changes, but an inserted activity's text
// is written by the store (searchTextWriter, indexMissingSearchText): an insert trigger made SQLite
// open a statement journal for every row inserted, and FTS5 then wrote each row's text to disk as a
// segment of its own, which cost more than the rest of writing the activity (migration 0013).
import type BetterSqlite3 from 'better-sqlite3';
import { type QueryExecutorProvider, type RawBuilder, sql } from 'kysely';
import { searchWords } from '../model/searchText.js';
import type { StoreDialect } from './migrations.js';
import type { Store } from './open.js';

export function storeDialect(store: Store): StoreDialect {
  return store.sqlite ? 'sqlite' : 'postgres';
}

/** The FTS5 query: each word a quoted string (words hold letters and digits only, so no quote to escape). */
function ftsQuery(words: string[]): string {
  return words.map((w) => `"${w}"`).join(' ');
}

/**
 * Whether the activity aliased `a` has every word of `text` in its title or objective (in its title
 * alone with `titleOnly`). No words: none has.
 */
export function textMatches(dialect: StoreDialect, text: string, { titleOnly = false } = {}): RawBuilder<boolean> {
  const words = searchWords(text);
  if (words.length === 0) return sql<boolean>`1 = 0`;
  if (dialect === 'postgres') {
    // The title is weight A of the vector; the words hold letters and digits only, so the query text has no operator but ours.
    if (titleOnly) return sql<boolean>`a.search_vector @@ to_tsquery('devfin_english', ${words.map((w) => `${w}:A`).join(' & ')})`;
    return sql<boolean>`a.search_vector @@ plainto_tsquery('devfin_english', ${words.join(' ')})`;
  }
  const query = titleOnly ? words.map((w) => `title : "${w}"`).join(' AND ') : ftsQuery(words);
  return sql<boolean>`a.id in (select k.activity_id from activity_text_key k where k.key in (select rowid from activity_text where activity_text match ${query}))`;
}

/** Which of the matches `relevance` reads: the `candidates` most relevant, or those at least `atLeast` relevant. */
export interface RelevanceCut {
  candidates?: number;
  atLeast?: number;
}

/**
 * A query of the activities that match `text`, with their relevance (higher first): BM25 on SQLite,
 * ts_rank on PostgreSQL, a title's words weighing more than an objective's on both. The two scales
 * differ; only the order within one store means something. With `candidates`, only that many of
 * the most relevant matches (which of several equally relevant ones at the cut is left to the
 * database: see rankedRows in activityQueries.ts); with `atLeast`, only the matches at least that
 * relevant. It is meant to be a materialized common table expression (the query comes in
 * parentheses, as Kysely writes raw SQL as given): joined as a subquery, SQLite ran the search
 * again for each activity it read.
 */
export function relevance(
  dialect: StoreDialect,
  text: string,
  { candidates, atLeast }: RelevanceCut = {},
): RawBuilder<{ id: string; relevance: number }> {
  const words = searchWords(text);
  if (words.length === 0) return sql`(select '' as id, 0 as relevance where 1 = 0)`;
  const top = candidates == null ? sql`` : sql` order by relevance desc limit ${candidates}`;
  if (dialect === 'postgres') {
    const rank = sql`ts_rank(a.search_vector, q.query)`;
    const floor = atLeast == null ? sql`` : sql` and ${rank} >= cast(${atLeast} as real)`;
    return sql`(select a.id, ${rank} as relevance from activity a, plainto_tsquery('devfin_english', ${words.join(' ')}) q(query) where a.search_vector @@ q.query${floor}${top})`;
  }
  const rank = sql`-bm25(activity_text, 3.0, 1.0)`;
  const floor = atLeast == null ? sql`` : sql` and ${rank} >= ${atLeast}`;
  // FTS5 ranks its own matches and keeps the best `candidates` in its sorter before any join: the
  // key table is then read for those alone, not for each of tens of thousands of matches.
  return sql`(select k.activity_id as id, t.relevance from (select rowid as key, ${rank} as relevance from activity_text where activity_text match ${ftsQuery(words)}${floor}${top}) t join activity_text_key k on k.key = t.key)`;
}

/** The text of an activity that the index holds. */
export interface SearchText {
  id: string;
  title: string | null;
  objective: string | null;
}

/** SQLite: writes the search text of each activity inserted, right after its row (see the top of this file). */
export function searchTextWriter(sqlite: BetterSqlite3.Database): (activity: SearchText) => void {
  const key = sqlite.prepare('insert into activity_text_key (activity_id) values (?)');
  const text = sqlite.prepare('insert into activity_text (rowid, title, objective) values (?, ?, ?)');
  return (activity) => {
    text.run(key.run(activity.id).lastInsertRowid, activity.title, activity.objective);
  };
}

/**
 * SQLite: indexes the activities that have no search text yet, after rows were copied in by SQL
 * rather than written one by one (a restore, a migration, a benchmark's copies). Nothing to do on
 * PostgreSQL.
 */
export async function indexMissingSearchText(db: QueryExecutorProvider, dialect: StoreDialect): Promise<void> {
  if (dialect !== 'sqlite') return;
  const before = await sql<{ last: number | null }>`select max(key) as last from activity_text_key`.execute(db);
  const last = Number(before.rows[0]?.last ?? 0);
  await sql`insert into activity_text_key (activity_id)
    select a.id from activity a where not exists (select 1 from activity_text_key k where k.activity_id = a.id)
    order by a.id`.execute(db);
  await sql`insert into activity_text (rowid, title, objective)
    select k.key, a.title, a.objective from activity_text_key k join activity a on a.id = k.activity_id
    where k.key > ${last}`.execute(db);
}
