// Checks every claim of a statement: each is matched to what it is about (from its sentence and
// the ones next to it) and then checked accordingly. `devfin statements check` and
// `POST /api/statements/check` both call checkStatementDocument, so they give the same answer.
import type { Claim } from '../model/statement.js';
import { listProgrammes } from '../portfolio/programmes.js';
import { looksLikeHtml, parseStatementText, type StatementDocument, statementFromHtml } from '../statements/document.js';
import { extractStatement } from '../statements/extract.js';
import { contentSentences } from '../statements/passages.js';
import type { Store } from '../store/open.js';
import { type ClaimCheck, checkClaim } from './checkClaim.js';
import { claimContexts, claimSubject } from './claimSubject.js';

/** `text` is the statement's text as extraction read it; `claims` its extracted claims. */
export async function checkStatement(store: Store, text: string, claims: Claim[], asOf: string, today: string): Promise<ClaimCheck[]> {
  // The same sentences as extraction splits the text into, so that a claim's span is found in its own.
  const sentences = contentSentences(parseStatementText(text).text).map((s) => s.text);
  const contexts = claimContexts(sentences, claims);
  const programmes = await listProgrammes();
  const located = claims.map((claim, i) => ({ claim, context: contexts[i] ?? { sentences, index: -1 } }));
  const checks: ClaimCheck[] = [];
  for (const { claim, context } of located) {
    checks.push(await checkClaim(store, claim, asOf, today, claimSubject(claim, context, programmes, asOf, located)));
  }
  return checks;
}

/** A statement's checks, and the day they were made as of. */
export interface StatementCheck {
  asOf: string;
  /** Neither the caller nor the statement gave a date: the checks are as of today. */
  dateAssumed: boolean;
  checks: ClaimCheck[];
}

/**
 * Reads the statement's claims and checks each. The day they are checked as of: `date` when given,
 * else the statement's publication date, else today (then `dateAssumed`).
 */
export async function checkStatementDocument(
  store: Store,
  document: StatementDocument,
  date: string | undefined,
  today: string,
): Promise<StatementCheck> {
  const asOf = date ?? document.publishedOn ?? today;
  const extraction = extractStatement(document.text, { publishedOn: asOf });
  const checks = await checkStatement(store, document.text, extraction.claims, asOf, today);
  return { asOf, dateAssumed: !date && !document.publishedOn, checks };
}

/** The same for a statement given as its text (an HTML page is read as its article); nothing in it is fetched. */
export async function checkStatementText(store: Store, text: string, date: string | undefined, today: string): Promise<StatementCheck> {
  const document = looksLikeHtml(text) ? statementFromHtml(text) : parseStatementText(text);
  return checkStatementDocument(store, document, date, today);
}
