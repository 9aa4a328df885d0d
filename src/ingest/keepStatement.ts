// A statement (press release, speech) kept in the store with what was read from it, so that its
// events join the timeline of engagements of the countries it names.
import type { StatementExtraction } from '../model/statement.js';
import type { Store } from '../store/open.js';
import { keptPublicationDate, saveStatement } from '../store/statements.js';

/**
 * The date to read a statement as of: the one given, else the one the file gives, else the one
 * given when the same text was kept before (adding it again without --date must not lose it).
 */
export async function statementPublicationDate(store: Store, text: string, given: string | null): Promise<string | null> {
  return given ?? (await keptPublicationDate(store, text));
}

export interface StatementToKeep {
  text: string;
  source: string | null;
  title: string | null;
  publishedOn: string | null;
  extraction: StatementExtraction;
}

/** Keeps the statement (the same text kept again replaces what was kept of it); returns its id. */
export async function keepStatement(store: Store, statement: StatementToKeep): Promise<string> {
  return saveStatement(store, statement);
}
