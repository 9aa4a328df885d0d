// How query commands print: a table for people, --json for scripts, --csv for spreadsheets. Long
// lists are written a page at a time as they are read, and a reader that goes away early (`| head`)
// ends the command quietly.

import { setImmediate as nextTurn } from 'node:timers/promises';
import Table from 'cli-table3';
import stringWidth from 'string-width';
import { type Column, csvText } from '../portfolio/columns.js';

export type OutputFormat = 'table' | 'json' | 'csv';

export type { Column } from '../portfolio/columns.js';

/** An amount for people; a measure that no record reports is "—", never 0. */
export function formatAmount(value: number | null): string {
  return value === null ? '—' : Math.round(value).toLocaleString('en-US');
}

export function tableOf<T>(rows: T[], columns: Column<T>[], footer?: T): string {
  const table = new Table({
    head: columns.map((c) => c.header),
    colAligns: columns.map((c) => (c.numeric ? 'right' : 'left')),
    style: { head: [], border: [] },
    // No rule between rows: compact, like a printed table.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    wordWrap: true,
  });
  const cell = (c: Column<T>, row: T) => {
    const value = c.value(row);
    if (value == null) return c.numeric ? '—' : '';
    return typeof value === 'number' ? formatAmount(value) : value;
  };
  for (const row of rows) table.push(columns.map((c) => cell(c, row)));
  if (footer) table.push(columns.map((c) => cell(c, footer)));
  return table.toString();
}

/** Writes `data` as JSON, or the rows as CSV or a table. */
export function printResult<T>(format: OutputFormat, data: unknown, rows: T[], columns: Column<T>[], footer?: T): void {
  if (format === 'json') process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  else if (format === 'csv') process.stdout.write(csvText(columns, rows));
  else process.stdout.write(`${tableOf(rows, columns, footer)}\n`);
}

/** A format written a page of rows at a time: what goes before, with and after the pages. */
export interface PageWriter<T> {
  page(rows: T[]): string;
  end(): string;
}

/**
 * Writes pages of rows as they come, in the format asked, and resolves to how many rows were
 * written; null when stdout closed first, having stopped reading `pages` (which ends the iterator:
 * a store query behind it is not run for the rest).
 */
export async function printPages<T>(format: OutputFormat, pages: AsyncIterable<T[]>, columns: Column<T>[]): Promise<number | null> {
  const writer = format === 'json' ? jsonArrayWriter<T>() : format === 'csv' ? csvWriter(columns) : streamedTable(columns);
  let count = 0;
  for await (const rows of pages) {
    if (!(await writeOut(writer.page(rows)))) return null;
    count += rows.length;
  }
  return (await writeOut(writer.end())) ? count : null;
}

/** The bytes of `JSON.stringify(rows, null, 2)` and a newline, written an item at a time. */
function jsonArrayWriter<T>(): PageWriter<T> {
  let first = true;
  return {
    page(rows) {
      let text = '';
      for (const row of rows) {
        // A JSON string holds no raw newline, so every line break is one of the layout's: indent them all.
        text += `${first ? '[\n' : ',\n'}  ${JSON.stringify(row, null, 2).replaceAll('\n', '\n  ')}`;
        first = false;
      }
      return text;
    },
    end: () => (first ? '[]\n' : '\n]\n'),
  };
}

/** The bytes of csvText, the header first. */
function csvWriter<T>(columns: Column<T>[]): PageWriter<T> {
  let header = true;
  const take = (rows: T[]) => {
    const text = csvText(columns, rows, { header });
    header = false;
    return text;
  };
  return { page: take, end: () => take([]) };
}

/** The widest a text column of a streamed table gets; a longer value is cut and ends with an ellipsis. */
export const TABLE_COLUMN_MAX_WIDTH = 50;

/**
 * A table for people that can be written before the last row is read (a boxed table such as
 * cli-table3 draws needs every row to size its columns): plain columns two spaces apart under a
 * rule, numbers right-aligned. Widths are those of the header and the first page of rows, at most
 * TABLE_COLUMN_MAX_WIDTH; a longer text is cut with "…". The first column (the id another command
 * takes) and numbers are never cut: a value wider than its column shifts the rest of its line.
 */
export function streamedTable<T>(columns: Column<T>[]): PageWriter<T> {
  let widths: number[] | null = null;
  const uncut = (i: number) => i === 0 || columns[i]?.numeric === true;
  const line = (cells: string[], sizes: number[]) =>
    `${cells
      .map((text, i) => {
        const width = sizes[i] ?? 0;
        const textWidth = displayWidth(text);
        const shown = uncut(i) || textWidth <= width ? text : cut(text, width);
        const pad = ' '.repeat(Math.max(0, width - (shown === text ? textWidth : displayWidth(shown))));
        return columns[i]?.numeric ? pad + shown : shown + pad;
      })
      .join('  ')
      .trimEnd()}\n`;
  const head = (rows: string[][]) => {
    const headers = columns.map((c) => c.header);
    const sizes = headers.map((header, i) =>
      rows.reduce((widest, cells) => Math.max(widest, displayWidth(cells[i] ?? '')), displayWidth(header)),
    );
    widths = sizes.map((w, i) => (uncut(i) ? w : Math.min(w, Math.max(TABLE_COLUMN_MAX_WIDTH, displayWidth(headers[i] ?? '')))));
    return (
      line(headers, widths) +
      line(
        widths.map((w) => '─'.repeat(w)),
        widths,
      )
    );
  };
  return {
    page(rows) {
      const cells = rows.map((row) => columns.map((c) => tableCell(c.value(row), c.numeric === true)));
      const top = widths ? '' : head(cells);
      return top + cells.map((row) => line(row, widths ?? [])).join('');
    },
    end: () => (widths ? '' : head([])),
  };
}

function tableCell(value: string | number | null, numeric: boolean): string {
  // A measure that no record reports is "—", never an empty cell that reads as 0.
  if (value == null) return numeric ? '—' : '';
  // One line per row: line breaks and tabs in a title become spaces.
  return typeof value === 'number' ? formatAmount(value) : value.replace(/\s+/g, ' ').trim();
}

/** How many terminal columns a text takes (wide East Asian characters two, combining marks none). */
export function displayWidth(text: string): number {
  return PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text);
}

/** Most ids, titles and amounts: one column a character. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The text if it fits in `width` columns, else its start and "…" in that many columns. */
export function cut(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (PRINTABLE_ASCII.test(text)) return `${text.slice(0, width - 1)}…`;
  let kept = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = stringWidth(segment);
    if (used + w > width - 1) break;
    kept += segment;
    used += w;
  }
  return `${kept}…`;
}

let stdoutClosed = false;
let watchingStdout = false;

/**
 * Makes a stdout whose reader went away (`devfin activities | head`: EPIPE) end the command quietly
 * with its status, 0, as other Unix tools do, instead of Node's unhandled error and its stack
 * trace. Long outputs ask writeOut whether to go on, and stop reading the store.
 */
export function endQuietlyOnClosedStdout(): void {
  if (watchingStdout) return;
  watchingStdout = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    // After EPIPE, later writes report that the stream is destroyed: the same closed reader.
    if (error.code === 'EPIPE' || stdoutClosed) {
      stdoutClosed = true;
      return;
    }
    process.stderr.write(`error: cannot write the output: ${error.message}\n`);
    process.exit(1);
  });
}

/**
 * Writes to stdout and resolves once it is ready for more (a pipe whose reader is slower holds the
 * next page back, so memory stays that of a page); false when stdout has closed.
 */
export async function writeOut(text: string): Promise<boolean> {
  const out = process.stdout;
  if (isClosed(out)) return false;
  if (text && !out.write(text)) {
    await new Promise<void>((resolve) => {
      const done = () => {
        out.off('drain', done);
        out.off('close', done);
        resolve();
      };
      out.on('drain', done);
      out.on('close', done);
    });
  } else {
    // A failed write is reported on a later turn of the event loop: give it one before reading on.
    await nextTurn();
  }
  return !isClosed(out);
}

function isClosed(out: NodeJS.WriteStream): boolean {
  return stdoutClosed || out.destroyed || out.errored != null;
}

export function printNotes(notes: string[]): void {
  for (const note of notes) process.stderr.write(`note: ${note}\n`);
}
