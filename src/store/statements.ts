// Official statements kept in the store, for the timeline of engagements.
import { createHash } from 'node:crypto';
import type { StatementExtraction } from '../model/statement.js';
import type { Store } from './open.js';

export interface StoredStatement {
  id: string;
  source: string | null;
  title: string | null;
  publishedOn: string | null;
  addedAt: string;
  extraction: StatementExtraction;
}

/** A statement is known by its text: the same text kept again is the same statement. */
function statementId(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The publication date kept with this text before, if it was kept with one. */
export async function keptPublicationDate(store: Store, text: string): Promise<string | null> {
  const row = await store.db.selectFrom('statement').select('published_on').where('id', '=', statementId(text)).executeTakeFirst();
  return row?.published_on ?? null;
}

/** Keeps a statement; the same text added again replaces the earlier extraction. Returns its id. */
export async function saveStatement(
  store: Store,
  statement: { text: string; source: string | null; title: string | null; publishedOn: string | null; extraction: StatementExtraction },
): Promise<string> {
  const id = statementId(statement.text);
  const row = {
    id,
    source: statement.source,
    title: statement.title,
    published_on: statement.publishedOn,
    added_at: new Date().toISOString(),
    text: statement.text,
    extraction: JSON.stringify(statement.extraction),
  };
  await store.db
    .insertInto('statement')
    .values(row)
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({ source: row.source, title: row.title, published_on: row.published_on, extraction: row.extraction }),
    )
    .execute();
  return id;
}

export async function loadStatements(store: Store): Promise<StoredStatement[]> {
  const rows = await store.db.selectFrom('statement').select(['id', 'source', 'title', 'published_on', 'added_at', 'extraction']).execute();
  return rows.map((r) => ({
    id: r.id,
    source: r.source,
    title: r.title,
    publishedOn: r.published_on,
    addedAt: r.added_at,
    extraction: JSON.parse(r.extraction) as StatementExtraction,
  }));
}
