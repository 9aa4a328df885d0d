// The columns of every table export (CSV and XLSX, from the CLI and the HTTP API alike), so a
// spreadsheet made from either is the same spreadsheet.
import type { ActivityListItem } from './activities.js';
import type { SummaryRow } from './summary.js';

export interface Column<T> {
  header: string;
  value(row: T): string | number | null;
  /** Right-aligned in tables for people. */
  numeric?: boolean;
}

export const SUMMARY_COLUMNS: readonly Column<SummaryRow>[] = [
  { header: 'key', value: (r) => r.key },
  { header: 'label', value: (r) => r.label },
  { header: 'Activities', value: (r) => r.activities, numeric: true },
  { header: 'Active', value: (r) => r.active, numeric: true },
  { header: 'Commitments (USD)', value: (r) => r.commitmentUsd, numeric: true },
  { header: 'Disbursements (USD)', value: (r) => r.disbursementUsd, numeric: true },
];

export const ACTIVITY_COLUMNS: readonly Column<ActivityListItem>[] = [
  { header: 'id', value: (r) => r.id },
  { header: 'title', value: (r) => r.title },
  { header: 'status', value: (r) => r.status },
  { header: 'countries', value: (r) => r.countries.join(' ') },
  { header: 'financiers', value: (r) => r.financiers.join('; ') },
  { header: 'approvalDate', value: (r) => r.approvalDate },
  { header: 'closingDate', value: (r) => r.closingDate },
  { header: 'commitmentUsd', value: (r) => r.commitmentUsd, numeric: true },
  { header: 'disbursementUsd', value: (r) => r.disbursementUsd, numeric: true },
];
