// The columns of every table export (CSV and XLSX, from the CLI and the HTTP API alike), so a
// spreadsheet made from either is the same spreadsheet.
import type { Programme } from '../model/programme.js';
import type { ActivityListItem } from './activities.js';
import type { FacetTableRow } from './facets.js';
import type { ProjectLocation } from './locations.js';
import type { ProgrammeMember } from './programmes.js';
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

export const PROGRAMME_MEMBER_COLUMNS: readonly Column<ProgrammeMember>[] = [
  { header: 'id', value: (r) => r.id },
  { header: 'title', value: (r) => r.title },
  { header: 'countries', value: (r) => r.countries.join(' ') },
  { header: 'approvalDate', value: (r) => r.approvalDate },
  { header: 'commitmentUsd', value: (r) => r.commitmentUsd, numeric: true },
  { header: 'parts', value: (r) => r.parts.join('; ') },
  { header: 'evidence', value: (r) => r.evidence.join('; ') },
];
