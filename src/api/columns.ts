// The columns of the CSV and XLSX answers: the same headers and cells as `devfin summary --csv` and
// `devfin activities --csv`, so a spreadsheet made from either is the same spreadsheet.
// (The CLI keeps its own copy in src/cli/commands/query.ts; a test compares the two outputs.)
import type { ActivityListItem } from '../portfolio/activities.js';
import type { SummaryRow } from '../portfolio/summary.js';

export interface Column<T> {
  header: string;
  value(row: T): string | number | null;
}

export const SUMMARY_COLUMNS: readonly Column<SummaryRow>[] = [
  { header: 'key', value: (r) => r.key },
  { header: 'label', value: (r) => r.label },
  { header: 'Activities', value: (r) => r.activities },
  { header: 'Active', value: (r) => r.active },
  { header: 'Commitments (USD)', value: (r) => r.commitmentUsd },
  { header: 'Disbursements (USD)', value: (r) => r.disbursementUsd },
];

export const ACTIVITY_COLUMNS: readonly Column<ActivityListItem>[] = [
  { header: 'id', value: (r) => r.id },
  { header: 'title', value: (r) => r.title },
  { header: 'status', value: (r) => r.status },
  { header: 'countries', value: (r) => r.countries.join(' ') },
  { header: 'financiers', value: (r) => r.financiers.join('; ') },
  { header: 'approvalDate', value: (r) => r.approvalDate },
  { header: 'closingDate', value: (r) => r.closingDate },
  { header: 'commitmentUsd', value: (r) => r.commitmentUsd },
  { header: 'disbursementUsd', value: (r) => r.disbursementUsd },
];
