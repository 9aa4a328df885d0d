// A CSV table from text, for the banks' project lists: title lines before the header row are
// skipped (the header is the first row that has every required column), each row keeps its line.
import { parse } from 'csv-parse/sync';
import { InputError } from '../model/problems.js';

export interface CsvTableRow {
  line: number;
  values: Record<string, string>;
}

/** Rows keyed by header; an error names `source` and the line. Headers compare without case or extra spaces. */
export function readCsvText(text: string, source: string, required: readonly string[]): CsvTableRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, relax_column_count: true, info: true, skip_empty_lines: false }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? null;
    throw new InputError({ file: source, line }, `malformed CSV: ${(error as Error).message}`);
  }
  const normal = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();
  const wanted = required.map(normal);
  const headerIndex = records.slice(0, 30).findIndex(({ record }) => {
    const cells = record.map(normal);
    return wanted.every((name) => cells.includes(name));
  });
  if (headerIndex === -1)
    throw new InputError({ file: source, line: 1 }, `no header row with the columns ${required.join(', ')} in the first 30 rows`);
  const header = (records[headerIndex]?.record ?? []).map((cell) => cell.trim().replace(/\s+/g, ' '));
  const rows: CsvTableRow[] = [];
  let line = records[headerIndex]?.info.lines ?? 1;
  for (const { record, info } of records.slice(headerIndex + 1)) {
    // info.lines is the line a record ends on; it starts on the line after the previous one.
    const start = line + 1;
    line = info.lines;
    if (record.every((cell) => cell.trim() === '')) continue;
    // Fewer fields is a cut-off row (a truncated download); more is a shifted one.
    if (record.length < header.length || record.slice(header.length).some((cell) => cell.trim() !== ''))
      throw new InputError(
        { file: source, line: start },
        `${record.length} fields where the header has ${header.length} (a truncated or shifted row)`,
      );
    const values: Record<string, string> = {};
    header.forEach((name, i) => {
      values[name] = (record[i] ?? '').trim();
    });
    rows.push({ line: start, values });
  }
  return rows;
}
