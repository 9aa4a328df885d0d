// How query commands print: a table for people, --json for scripts, --csv for spreadsheets.

import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import type { Column } from '../portfolio/columns.js';

export type OutputFormat = 'table' | 'json' | 'csv';

export type { Column } from '../portfolio/columns.js';

/** An amount for people; a measure that no record reports is "—", never 0. */
export function formatAmount(value: number | null): string {
  return value === null ? '—' : Math.round(value).toLocaleString('en-US');
}

export function csvOf<T>(rows: T[], columns: Column<T>[]): string {
  return stringify([columns.map((c) => c.header), ...rows.map((row) => columns.map((c) => c.value(row) ?? ''))]);
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
  else if (format === 'csv') process.stdout.write(csvOf(rows, columns));
  else process.stdout.write(`${tableOf(rows, columns, footer)}\n`);
}

export function printNotes(notes: string[]): void {
  for (const note of notes) process.stderr.write(`note: ${note}\n`);
}
