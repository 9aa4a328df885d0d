// AIIB's project list, as its website publishes it for the project list page: a JavaScript file
// that assigns an array of objects to a variable, `var data=[{...},{...},]`, with the fields
// date ("December 12， 2024", a full-width comma), economy, sector, financing_type, name,
// approved_funding ("USD 125 million") and status (see test/fixtures/aiib/README.md).
//
// The file is read as data and never run: the array after `data =` is parsed with JSON5 (which
// takes the trailing comma, unquoted keys and single quotes of a JavaScript literal), and anything
// that is not a literal — a call, a variable, a second statement — rejects the file.
import { createRequire } from 'node:module';
import type JSON5Module from 'json5';

const require = createRequire(import.meta.url);

import { InputError, type InputWarning } from '../../model/problems.js';
import type { SourceRecord } from '../../model/sourceRecord.js';
import type { ActivityStatus } from '../../model/status.js';
import { AIIB, bankProjectActivity } from '../bankProject.js';
import { readBankDate, readWordedAmount } from '../bankValues.js';

const STATUSES: Record<string, ActivityStatus> = {
  proposed: 'pipeline',
  'under consideration': 'pipeline',
  approved: 'active',
  'under implementation': 'active',
  implementation: 'active',
  completed: 'closed',
  closed: 'closed',
  cancelled: 'dropped',
  canceled: 'dropped',
  dropped: 'dropped',
};

/** Amounts that say there is none yet. */
const NO_AMOUNT = /^(|-|n\/?a|tbd|to be determined)$/i;

const ASSIGNMENT = /^\s*(?:var|let|const)\s+data\s*=\s*/;

/** Does this text start like AIIB's data file? */
export function looksLikeAiibProjectList(head: string): boolean {
  return ASSIGNMENT.test(head.replace(/^\uFEFF/, '').replace(/^(\s*\/\/[^\n]*\n|\s*\/\*[\s\S]*?\*\/)*/, ''));
}

export function* readAiibProjectList(text: string, source: string, importedAt: string): Generator<SourceRecord> {
  const body = text.replace(/^\uFEFF/, '');
  const assignment = ASSIGNMENT.exec(body);
  if (!assignment) throw new InputError({ file: source, line: 1 }, 'not an AIIB project list: no `var data = [` at the start');
  const start = assignment[0].length;
  const linesBefore = lineAt(body, start) - 1;
  // The statement ends with the array, an optional semicolon and nothing else but blanks.
  const literal = body.slice(start).replace(/;\s*$/, '');
  let entries: unknown;
  try {
    // Loaded when an AIIB list is read, not when devfin starts.
    const JSON5 = require('json5') as typeof JSON5Module;
    entries = JSON5.parse(literal);
  } catch (error) {
    const e = error as { lineNumber?: number; columnNumber?: number; message: string };
    const line = e.lineNumber !== undefined ? e.lineNumber + linesBefore : null;
    throw new InputError({ file: source, line }, `not a data literal (the file is read, never run): ${e.message.replace(/^JSON5: /, '')}`);
  }
  if (!Array.isArray(entries)) throw new InputError({ file: source, line: linesBefore + 1 }, '`data` is not an array');
  const entryLines = objectLines(literal).map((line) => line + linesBefore);
  const seen = new Map<string, number>();

  for (const [index, entry] of entries.entries()) {
    const line = entryLines[index] ?? null;
    const at = { file: source, line };
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw new InputError(at, `entry ${index + 1} is not an object`);
    const field = (name: string): string => {
      const value = (entry as Record<string, unknown>)[name];
      if (value === undefined || value === null) return '';
      if (typeof value !== 'string' && typeof value !== 'number') throw new InputError(at, `${name} of entry ${index + 1} is not text`);
      return String(value).trim();
    };
    const warning = (message: string): SourceRecord => ({ kind: 'warning', warning: { ...at, message } satisfies InputWarning });
    const name = field('name');
    if (name === '') throw new InputError(at, `entry ${index + 1} has no name`);
    const id = projectId(field('id') || field('project_id') || field('path'), field('economy'), name);
    const first = seen.get(id);
    if (first !== undefined) throw new InputError(at, `project ${JSON.stringify(name)} (${id}) is listed twice (first at line ${first})`);
    seen.set(id, line ?? 0);

    const dateText = field('date');
    const approvalDate = readBankDate(dateText);
    if (dateText !== '' && approvalDate === null) yield warning(`${id}: date "${dateText}" is not a date; left out`);
    const statusText = field('status');
    const status = STATUSES[statusText.toLowerCase()] ?? null;
    if (statusText !== '' && status === null) yield warning(`${id}: status "${statusText}" is not one of AIIB's; left out`);
    const fundingText = field('approved_funding');
    let amount: { amount: string; currency: string } | null = null;
    if (!NO_AMOUNT.test(fundingText)) {
      const read = readWordedAmount(fundingText);
      if (!read.ok) throw new InputError(at, `approved_funding: ${read.reason}`);
      amount = read;
    }
    yield {
      kind: 'activity',
      activity: bankProjectActivity({
        id,
        bank: AIIB,
        title: name,
        country: field('economy'),
        approvalDate,
        status,
        sector: field('sector'),
        instrument: field('financing_type'),
        amount: amount && Number(amount.amount) > 0 ? { ...amount, valueDate: approvalDate } : null,
        extra: { status: statusText, country: field('economy'), financingAsPublished: fundingText, financingType: field('financing_type') },
        provenance: { source: 'aiib', location: source, line, importedAt },
      }),
    };
  }
}

/**
 * The list gives no project number; the project's page address does (…/details/2024/approved/
 * Uzbekistan-Tashkent-Ring-Road.html). Without one, the economy and name make the id.
 */
function projectId(reference: string, economy: string, name: string): string {
  const fromPath =
    reference
      .split('/')
      .filter(Boolean)
      .at(-1)
      ?.replace(/\.html?$/i, '') ?? '';
  const base = fromPath || `${economy}-${name}`;
  return `AIIB-${base
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[\s_]+/g, '-')}`;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The line on which each top-level object of the array starts (strings and comments skipped). */
function objectLines(literal: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  for (let i = 0; i < literal.length; i++) {
    const c = literal[i];
    if (c === '\n') line++;
    else if (c === '"' || c === "'") {
      for (i++; i < literal.length && literal[i] !== c; i++) {
        if (literal[i] === '\\') i++;
        else if (literal[i] === '\n') line++;
      }
    } else if (c === '/' && literal[i + 1] === '/') {
      while (i < literal.length && literal[i + 1] !== '\n') i++;
    } else if (c === '/' && literal[i + 1] === '*') {
      for (i += 2; i < literal.length && !(literal[i] === '*' && literal[i + 1] === '/'); i++) if (literal[i] === '\n') line++;
      i++;
    } else if (c === '[' || c === '{') {
      if (c === '{' && depth === 1) lines.push(line);
      depth++;
    } else if (c === ']' || c === '}') depth--;
  }
  return lines;
}
