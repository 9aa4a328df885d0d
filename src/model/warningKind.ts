// What an import warning is about, read from its message: the readers word their warnings in a
// few set forms ("ID: unknown Sector code ...", "ID: Approval Date "x" is not a date ..."), so the
// import log can count them per kind and per field without every reader having to say so.
import type { InputWarning } from './problems.js';

export const WARNING_KINDS = ['unknown-code', 'date', 'currency', 'amount', 'disagreement', 'percentage', 'missing', 'other'] as const;
export type WarningKind = (typeof WARNING_KINDS)[number];

export interface ClassifiedWarning {
  kind: WarningKind;
  /** The field or codelist at fault, when the message names it. */
  field: string | null;
  /** The record the warning is about, when the message starts with its id. */
  recordId: string | null;
  /** The message without the record id. */
  text: string;
}

export function classifyWarning(warning: InputWarning): ClassifiedWarning {
  // Readers put the record's id first ("P123456: ..."); a message without one has no colon-space
  // before its first word of prose.
  const head = /^(\S+): (.*)$/s.exec(warning.message);
  const recordId = head ? (head[1] as string) : null;
  const text = head ? (head[2] as string) : warning.message;
  const unknownCode = /unknown (.+?) code\b/i.exec(text);
  if (unknownCode) return { kind: 'unknown-code', field: unknownCode[1] as string, recordId, text };
  const notA = /^(.*?)\s*(?:"[^"]*"|\S*\d\S*)? is not (?:a|an) (date|amount)\b/i.exec(text);
  const namedField = (name: string | undefined) => (name && !name.startsWith('"') ? name.trim() : null);
  if (notA) return { kind: notA[2]?.toLowerCase() === 'date' ? 'date' : 'amount', field: namedField(notA[1]) || null, recordId, text };
  if (/differ by a factor|disagree/i.test(text)) return { kind: 'disagreement', field: /^(\S+)/.exec(text)?.[1] ?? null, recordId, text };
  if (/currency/i.test(text)) return { kind: 'currency', field: 'currency', recordId, text };
  if (/percentages/i.test(text)) return { kind: 'percentage', field: 'sector', recordId, text };
  const missing = /^no ([\w-]+)|\bwithout an? ([\w-]+)/i.exec(text);
  if (missing) return { kind: 'missing', field: (missing[1] ?? missing[2]) as string, recordId, text };
  if (/\bdate\b/i.test(text)) return { kind: 'date', field: null, recordId, text };
  if (/amount|value/i.test(text)) return { kind: 'amount', field: null, recordId, text };
  return { kind: 'other', field: null, recordId, text };
}
