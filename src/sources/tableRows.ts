// Reads a table (CSV, or the first sheet of an XLSX workbook) row by row as records keyed by
// header, with the line (CSV) or row number (XLSX) of each, streaming in both cases.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import type ExcelJS from 'exceljs';
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

/**
 * The table's rows in batches (one batch per chunk read): batches, not single rows, keep the cost
 * of async iteration small on tables of hundreds of thousands of rows.
 */
export async function* readTable(path: string, options: TableOptions): AsyncGenerator<TableRow[]> {
  if ((await stat(path)).size === 0) throw new InputError({ file: path, line: null }, 'the file is empty');
  const batches = extname(path).toLowerCase() === '.xlsx' ? xlsxRows(path) : csvRows(path, options.onBytes);
  const rename = options.header ?? ((name: string) => name);
  let header: string[] | null = null;
  for await (const batch of batches) {
    const rows: TableRow[] = [];
    for (const { line, cells } of batch) {
      if (!header) {
        const candidate = cells.map((c) => rename(c.trim()));
        if (options.required.every((name) => candidate.includes(name))) header = candidate;
        else if (line >= 20) break;
        continue;
      }
      if (cells.every((c) => c.trim() === '')) continue;
      const values: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) values[header[i] as string] = cells[i] ?? '';
      rows.push({ line, values });
    }
    if (rows.length > 0) yield rows;
    else if (!header && (batch.at(-1)?.line ?? 0) >= 20) break;
  }
  if (!header)
    throw new InputError({ file: path, line: 1 }, `no header row with the columns ${options.required.join(', ')} in the first 20 rows`);
}

type CellRow = { line: number; cells: string[] };

async function* csvRows(path: string, onBytes?: (bytes: number) => void): AsyncGenerator<CellRow[]> {
  const bytes = createReadStream(path);
  let read = 0;
  bytes.on('data', (chunk) => {
    read += chunk.length;
    onBytes?.(read);
  });
  const parser = bytes.pipe(parse({ bom: true, relax_column_count: true }));
  // Lines are counted here rather than with csv-parse's `info`, which costs a third of the parse:
  // a record starts on the line after the previous one ended, and spans the line breaks it holds.
  let line = 1;
  try {
    for await (const records of batchesOf<string[]>(parser)) {
      const rows: CellRow[] = [];
      for (const record of records) {
        rows.push({ line, cells: record });
        line += 1;
        for (const cell of record) for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) line++;
      }
      yield rows;
    }
  } catch (error) {
    if (error instanceof CsvError)
      throw new InputError({ file: path, line: typeof error.lines === 'number' ? error.lines : null }, `malformed CSV: ${error.message}`);
    throw error;
  } finally {
    bytes.destroy();
  }
}

/** Whatever an object stream has ready, as one array each time: one await per chunk, not per item. */
async function* batchesOf<T>(stream: Readable): AsyncGenerator<T[]> {
  let ended = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const signal = () => {
    wake?.();
    wake = null;
  };
  stream.on('readable', signal);
  stream.on('end', () => {
    ended = true;
    signal();
  });
  stream.on('error', (error) => {
    failure = error;
    signal();
  });
  while (true) {
    if (failure) throw failure;
    const batch: T[] = [];
    for (let item = stream.read(); item !== null; item = stream.read()) batch.push(item as T);
    if (batch.length > 0) yield batch;
    else if (ended) return;
    else
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
  }
}

async function* xlsxRows(path: string): AsyncGenerator<CellRow[]> {
  let workbook: ExcelJS.stream.xlsx.WorkbookReader;
  try {
    // Loaded only when a workbook is read: exceljs takes a noticeable time to load.
    const { default: Excel } = await import('exceljs');
    workbook = new Excel.stream.xlsx.WorkbookReader(path, {
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
        yield [{ line: row.number, cells: Array.from(cells, (c) => c ?? '') }];
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
