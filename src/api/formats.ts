// One answer, three forms: JSON (the default), CSV and XLSX for every list. The form is chosen by
// the path's suffix (/api/summary.csv), else ?format=, else the Accept header, else JSON.
import { type Column, csvText } from '../portfolio/columns.js';
import type { ApiError } from './errors.js';
import { one, oneOf, type Param, ParamError } from './params.js';

export const FORMATS = ['json', 'csv', 'xlsx'] as const;
export type Format = (typeof FORMATS)[number];

export const MEDIA_TYPES: Record<Format, string> = {
  json: 'application/json',
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: MEDIA_TYPES.xlsx,
};

export function formatParam(formats: readonly Format[]): Param<Format> {
  return one(
    'format',
    oneOf(formats),
    formats.length > 1
      ? 'The form of the answer (the path suffix .csv or .xlsx, or the Accept header, say the same).'
      : 'The form of the answer: only JSON here.',
    'json',
  );
}

/** The media types an Accept header asks for, most wanted first (q=0 means "not this"). */
function accepted(header: string): string[] {
  return header
    .split(',')
    .map((part, index) => {
      const [type = '', ...options] = part.split(';').map((s) => s.trim().toLowerCase());
      const q = options.find((o) => o.startsWith('q='));
      return { type, q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((t) => t.type !== '' && t.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((t) => t.type);
}

/**
 * The form of the answer. A suffix and a different ?format= contradict each other: 400. The Accept
 * header counts only where it names one of our types before any wildcard, so a browser's
 * "text/html, ..., *\/*" gets JSON.
 */
export function chooseFormat(
  query: URLSearchParams,
  accept: string | undefined,
  suffix: Format | undefined,
  formats: readonly Format[],
): Format {
  const asked = query.has('format') ? formatParam(formats).get(query) : undefined;
  if (suffix && asked && asked !== suffix) throw new ParamError('format', `${asked} contradicts the path's .${suffix}`);
  if (suffix ?? asked) return (suffix ?? asked) as Format;
  for (const type of accepted(accept ?? '')) {
    if (type === '*/*' || type === 'application/*') break;
    const format = FORMATS.find((f) => MEDIA_TYPES[f] === type);
    if (format && formats.includes(format)) return format;
  }
  return 'json';
}

/** A list answer in any form: the JSON body, and the rows and columns that CSV and XLSX show. */
export interface TableAnswer<T> {
  json: unknown;
  /** The name of the download and of the worksheet. */
  name: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
  /** Notes about the figures: in the JSON body, and on a sheet of their own in XLSX. */
  notes: readonly string[];
  headers?: Record<string, string>;
}

export async function xlsxOf<T>(
  name: string,
  rows: readonly T[],
  columns: readonly Column<T>[],
  notes: readonly string[],
): Promise<Buffer> {
  // Loaded on the first XLSX answer only: exceljs takes a noticeable time to load.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(columns.map((c) => c.header)).font = { bold: true };
  // Numbers stay numbers; an empty value is an empty cell, as in the CSV.
  for (const row of rows) sheet.addRow(columns.map((c) => c.value(row) ?? undefined));
  columns.forEach((c, i) => {
    const widest = Math.max(c.header.length, ...rows.slice(0, 200).map((r) => String(c.value(r) ?? '').length));
    sheet.getColumn(i + 1).width = Math.min(60, Math.max(8, widest + 2));
  });
  if (notes.length > 0) {
    const notesSheet = workbook.addWorksheet('notes');
    for (const note of notes) notesSheet.addRow([note]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The HTTP response for a list answer in the chosen form. */
export async function tableResponse<T>(answer: TableAnswer<T>, format: Format): Promise<Response> {
  const headers = new Headers({ 'content-type': CONTENT_TYPES[format], ...answer.headers });
  if (format === 'json') return new Response(JSON.stringify(answer.json), { headers });
  headers.set('content-disposition', `attachment; filename="devfin-${answer.name}.${format}"`);
  if (format === 'csv') return new Response(csvText(answer.columns, answer.rows), { headers });
  const body = await xlsxOf(answer.name, answer.rows, answer.columns, answer.notes);
  return new Response(new Uint8Array(body), { headers });
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': CONTENT_TYPES.json, ...headers } });
}

export function errorResponse(error: ApiError, headers: Record<string, string> = {}): Response {
  return jsonResponse(error.body(), error.status, headers);
}
