// Reads a table (CSV, or the first sheet of an XLSX workbook) row by row as records keyed by
// header, with the line (CSV) or row number (XLSX) of each, streaming in both cases.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { CsvError, parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { InputError } from '../model/problems.js';

export interface TableRow {
  line: number;
  values: Record<string, string>;
}

export interface TableOptions {
  /** Maps each header as written to the name the caller uses (unknown headers are kept as written). */
  header?: (name: string) => string;
  /** The header row is the first row that has all these (after mapping); rows before it are titles. */
  required: string[];
  onBytes?: (bytes: number) => void;
}

export async function* readTable(path: string, options: TableOptions): AsyncGenerator<TableRow> {
  if ((await stat(path)).size === 0) throw new InputError({ file: path, line: null }, 'the file is empty');
  const rows = extname(path).toLowerCase() === '.xlsx' ? xlsxRows(path) : csvRows(path, options.onBytes);
  const rename = options.header ?? ((name: string) => name);
  let header: string[] | null = null;
  for await (const { line, cells } of rows) {
    if (!header) {
      const candidate = cells.map((c) => rename(c.trim()));
      if (options.required.every((name) => candidate.includes(name))) header = candidate;
      else if (line >= 20) break;
      continue;
    }
    if (cells.every((c) => c.trim() === '')) continue;
    const values: Record<string, string> = {};
    header.forEach((name, i) => {
      values[name] = cells[i] ?? '';
    });
    yield { line, values };
  }
  if (!header)
    throw new InputError({ file: path, line: 1 }, `no header row with the columns ${options.required.join(', ')} in the first 20 rows`);
}

async function* csvRows(path: string, onBytes?: (bytes: number) => void): AsyncGenerator<{ line: number; cells: string[] }> {
  const bytes = createReadStream(path);
  let read = 0;
  bytes.on('data', (chunk) => {
    read += chunk.length;
    onBytes?.(read);
  });
  const parser = bytes.pipe(parse({ bom: true, info: true, relax_column_count: true }));
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>)
      yield { line: info.lines, cells: record };
  } catch (error) {
    if (error instanceof CsvError)
      throw new InputError({ file: path, line: typeof error.lines === 'number' ? error.lines : null }, `malformed CSV: ${error.message}`);
    throw error;
  } finally {
    bytes.destroy();
  }
}

async function* xlsxRows(path: string): AsyncGenerator<{ line: number; cells: string[] }> {
  let workbook: ExcelJS.stream.xlsx.WorkbookReader;
  try {
    workbook = new ExcelJS.stream.xlsx.WorkbookReader(path, {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'ignore',
      worksheets: 'emit',
    });
    for await (const worksheet of workbook) {
      for await (const row of worksheet) {
        const cells: string[] = [];
        row.eachCell({ includeEmpty: true }, (cell, column) => {
          cells[column - 1] = cellText(cell.value);
        });
        yield { line: row.number, cells: Array.from(cells, (c) => c ?? '') };
      }
      return; // the first sheet only
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError({ file: path, line: null }, `not a readable XLSX workbook: ${(error as Error).message}`);
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value == null) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    return '';
  }
  return String(value);
}
