// Checks every claim of a statement: each is matched to what it is about (from its sentence and
// the ones next to it) and then checked accordingly. The CLI and any other caller share this loop.
import type { Claim } from '../model/statement.js';
import { listProgrammes } from '../portfolio/programmes.js';
import { parseStatementText } from '../sources/statements/document.js';
import { contentSentences } from '../sources/statements/passages.js';
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
