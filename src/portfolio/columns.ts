// The columns of every table export (CSV and XLSX, from the CLI and the HTTP API alike), so a
// spreadsheet made from either is the same spreadsheet. Money columns hold the answer's currency
// and their headers name it ("Commitments (KZT)", commitmentKzt): a sheet says what it holds.

import { stringify } from 'csv-stringify/sync';
import type { ActivityListItem, ProjectLocation, SummaryRow } from '../model/answers.js';
import type { Programme } from '../model/programme.js';
import type { FacetTableRow } from './facets.js';
import type { ProgrammeMember } from './programmes.js';

export interface Column<T> {
  header: string;
  value(row: T): string | number | null;
  /** Right-aligned in tables for people. */
  numeric?: boolean;
}

/**
 * The CSV of rows in these columns, the header line first unless `header` is false (the pages after
 * the first of a streamed list): what every CSV answer writes, `devfin ... --csv` and the API alike.
 * A value no record gives is an empty cell.
 */
export function csvText<T>(columns: readonly Column<T>[], rows: readonly T[], { header = true } = {}): string {
  return stringify([...(header ? [columns.map((c) => c.header)] : []), ...rows.map((row) => columns.map((c) => c.value(row) ?? ''))]);
}

/** The field-style header of a money column: commitmentUsd, commitmentKzt. */
function moneyField(measure: 'commitment' | 'disbursement', currency: string): string {
  return `${measure}${currency.charAt(0)}${currency.slice(1).toLowerCase()}`;
}

export function summaryColumns(currency: string): readonly Column<SummaryRow>[] {
  return [
    { header: 'key', value: (r) => r.key },
    { header: 'label', value: (r) => r.label },
    { header: 'Activities', value: (r) => r.activities, numeric: true },
    { header: 'Active', value: (r) => r.active, numeric: true },
    { header: `Commitments (${currency})`, value: (r) => r.commitment, numeric: true },
    { header: `Disbursements (${currency})`, value: (r) => r.disbursement, numeric: true },
  ];
}

export const SUMMARY_COLUMNS = summaryColumns('USD');

export function activityColumns(currency: string): readonly Column<ActivityListItem>[] {
  return [...ACTIVITY_COLUMNS_BEFORE_MONEY, ...moneyColumns(currency)];
}

function moneyColumns(currency: string): Column<{ commitment: number | null; disbursement: number | null }>[] {
  return [
    { header: moneyField('commitment', currency), value: (r) => r.commitment, numeric: true },
    { header: moneyField('disbursement', currency), value: (r) => r.disbursement, numeric: true },
  ];
}

const ACTIVITY_COLUMNS_BEFORE_MONEY: readonly Column<ActivityListItem>[] = [
  { header: 'id', value: (r) => r.id },
  { header: 'title', value: (r) => r.title },
  { header: 'status', value: (r) => r.status },
  { header: 'countries', value: (r) => r.countries.join(' ') },
  { header: 'financiers', value: (r) => r.financiers.join('; ') },
  { header: 'approvalDate', value: (r) => r.approvalDate },
  { header: 'closingDate', value: (r) => r.closingDate },
];

export const ACTIVITY_COLUMNS = activityColumns('USD');

export const LOCATION_COLUMNS: readonly Column<ProjectLocation>[] = [
  { header: 'id', value: (r) => r.id },
  { header: 'title', value: (r) => r.title },
  { header: 'name', value: (r) => r.name },
  { header: 'lat', value: (r) => r.lat, numeric: true },
  { header: 'lon', value: (r) => r.lon, numeric: true },
];

export const FACET_COLUMNS: readonly Column<FacetTableRow>[] = [
  { header: 'facet', value: (r) => r.facet },
  { header: 'key', value: (r) => r.key },
  { header: 'label', value: (r) => r.label },
  { header: 'Activities', value: (r) => r.activities, numeric: true },
  { header: 'Active', value: (r) => r.active, numeric: true },
];

export const PROGRAMME_COLUMNS: readonly Column<Programme>[] = [
  { header: 'name', value: (r) => r.name },
  { header: 'title', value: (r) => r.title },
  { header: 'countries', value: (r) => r.countries.join(' ') },
  { header: 'financiers', value: (r) => r.financiers?.join('; ') ?? null },
  { header: 'from', value: (r) => r.from ?? null },
  { header: 'to', value: (r) => r.to ?? null },
  { header: 'parts', value: (r) => r.parts?.map((p) => p.name).join('; ') ?? null },
];

export function programmeMemberColumns(currency: string): readonly Column<ProgrammeMember>[] {
  return [
    { header: 'id', value: (r) => r.id },
    { header: 'title', value: (r) => r.title },
    { header: 'countries', value: (r) => r.countries.join(' ') },
    { header: 'approvalDate', value: (r) => r.approvalDate },
    { header: moneyField('commitment', currency), value: (r) => r.commitment, numeric: true },
    { header: 'parts', value: (r) => r.parts.join('; ') },
    { header: 'evidence', value: (r) => r.evidence.join('; ') },
  ];
}

export const PROGRAMME_MEMBER_COLUMNS = programmeMemberColumns('USD');
