// A statement as devfin reads it: the article text, its title, where and when it was published.
// Plain text may open with `source:` and `date:` lines (the shared statements do); a text saved
// from a page may carry a "date YYYY-MM-DD" marker before its first words; else the page's banner
// date or dateline may tell the day. HTML goes through htmlArticle first.
import { existsSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { articleFromHtml } from './htmlArticle.js';
import { pageDate } from './passages.js';
import { refuseDeepHtml, refuseNonText } from './textInput.js';

export interface StatementDocument {
  text: string;
  title: string | null;
  /** YYYY-MM-DD, or null when neither the file nor the page says. */
  publishedOn: string | null;
  /** Where it was published (a URL) or the file it was read from. */
  source: string | null;
}

const HEADER_LINE = /^\s*(source|url|date|published|title)\s*:\s*(.*?)\s*$/i;
const DATE_MARKER = /^\s*date\s+(\d{4}-\d{2}-\d{2})\b\s*/;

/** YYYY-MM-DD from an ISO date or date-time; null for anything else. */
export function isoDay(value: string | null | undefined): string | null {
  const match = value ? /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(value) : null;
  if (!match) return null;
  const day = `${match[1]}-${match[2]}-${match[3]}`;
  const parsed = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day ? null : day;
}

/** Normalises the characters that differ between copies of one text: line ends, no-break and zero-width spaces. */
function normaliseText(text: string): string {
  return (
    text
      .replace(/^\uFEFF/, '')
      .replace(/\r\n?/g, '\n')
      // "1 200 000" grouped with no-break or thin spaces is one number: "1,200,000".
      .replace(/(\d)[\u00a0\u2009\u202f](?=\d{3}(?!\d))/g, '$1,')
      .replace(/[\u00a0\u2007\u202f]/g, ' ')
      .replace(/\u200b|\u200c|\u200d|\u2060/g, '')
  );
}

/** Reads the header lines and the date marker of a plain-text statement. */
export function parseStatementText(raw: string, source: string | null = null): StatementDocument {
  const lines = normaliseText(raw).split('\n');
  let publishedOn: string | null = null;
  let title: string | null = null;
  let at = 0;
  while (at < lines.length) {
    const line = lines[at] as string;
    if (line.trim() === '') {
      at++;
      continue;
    }
    const header = HEADER_LINE.exec(line);
    if (!header) break;
    const key = (header[1] as string).toLowerCase();
    const value = header[2] as string;
    if (key === 'date' || key === 'published') publishedOn = isoDay(value) ?? publishedOn;
    else if (key === 'title') title = value || null;
    else source = value || source;
    at++;
  }
  const body = lines.slice(at);
  // The marker opens one of the first lines (after a headline, say), never a sentence later on.
  for (let i = 0, seen = 0; i < body.length && seen < 4; i++) {
    const line = body[i] as string;
    if (line.trim() === '') continue;
    seen++;
    const marker = DATE_MARKER.exec(line);
    if (!marker) continue;
    publishedOn ??= isoDay(marker[1]);
    body[i] = line.slice(marker[0].length);
    break;
  }
  const text = body.join('\n').trim();
  return { text, title, publishedOn: publishedOn ?? pageDate(text), source };
}

export function looksLikeHtml(text: string): boolean {
  const start = text.trimStart().slice(0, 1000).toLowerCase();
  return start.startsWith('<!doctype html') || start.startsWith('<html') || /<(?:body|article|head|p|div)[\s>]/.test(start);
}

/** A statement from an HTML page: its article text, title and publication day. */
export function statementFromHtml(html: string, source: string | null = null): StatementDocument {
  refuseNonText(html, source ?? 'the page');
  refuseDeepHtml(html, source ?? 'the page');
  const article = articleFromHtml(html, source && /^https?:/i.test(source) ? source : undefined);
  return { text: article.text, title: article.title, publishedOn: article.publishedOn ?? pageDate(article.text), source };
}

/**
 * A statement from a file (.txt, .html) or from HTML given as a string. A file's content decides:
 * HTML is read as a page whatever the extension, anything else as plain text.
 */
export function readStatementFile(pathOrHtml: string): StatementDocument {
  if (looksLikeHtml(pathOrHtml) && !existsSync(pathOrHtml)) return statementFromHtml(pathOrHtml);
  const content = readFileSync(pathOrHtml, 'utf8');
  refuseNonText(content, pathOrHtml);
  const isHtml = ['.html', '.htm', '.xhtml'].includes(extname(pathOrHtml).toLowerCase()) || looksLikeHtml(content);
  return isHtml ? statementFromHtml(content, pathOrHtml) : parseStatementText(content, pathOrHtml);
}
