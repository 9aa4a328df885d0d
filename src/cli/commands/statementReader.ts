// Reading a statement for the statements commands: a URL (fetched), a file, or HTML saved to a
// file, then its extraction. The commands load this module only when they run, because the
// extractor's libraries (date parsing, HTML reading) take a while to load.
import { existsSync } from 'node:fs';
import type { StatementExtraction } from '../../model/statement.js';
import { fetchText } from '../../sources/http.js';
import {
  looksLikeHtml,
  parseStatementText,
  readStatementFile,
  type StatementDocument,
  statementFromHtml,
} from '../../statements/document.js';
import { extractStatement } from '../../statements/extract.js';
import { refuseNonText } from '../../statements/textInput.js';

export async function readStatement(input: string): Promise<StatementDocument> {
  if (/^https?:\/\//i.test(input)) {
    const body = await fetchText(input, { attempts: 2, timeoutMs: 30_000, maxBytes: 20 * 1024 * 1024 });
    if (looksLikeHtml(body)) return statementFromHtml(body, input);
    refuseNonText(body, input);
    return parseStatementText(body, input);
  }
  if (!existsSync(input)) throw new Error(`${input}: no such file`);
  return readStatementFile(input);
}

export function extract(document: StatementDocument, publishedOn: string | null): StatementExtraction {
  return extractStatement(document.text, publishedOn ? { publishedOn } : {});
}
