// Whole-word search of project titles and objectives on either store (the indexes of migration
// 0005-full-text): SQLite's FTS5 with the porter stemmer, PostgreSQL's text search with the
// Snowball English stemmer. Each word of the search text is quoted, so nothing the user types is
// read as the search language of either database; all the words must be found.
import { type RawBuilder, sql } from 'kysely';
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
