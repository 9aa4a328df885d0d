import type { Programme } from './programme.js';
import type { ActivityStatus } from './status.js';

/** Which activities a question is about. Every field narrows; an empty filter means all. */
export interface ActivityFilter {
  /** Exactly these activities (by id). */
  ids?: string[];
  /** ISO 3166-1 alpha-2 codes; an activity matches if it names any of them. */
  countries?: string[];
  /** Financier name (case-insensitive) or organisation ref, e.g. "World Bank" or "44000". */
  financier?: string;
  /** DAC sector code: 5 digits for one sector, 3 digits for its whole category. */
  sector?: string;
  status?: ActivityStatus;
  /** Approval date range, inclusive, 'YYYY-MM-DD'. */
  from?: string;
  to?: string;
  /** Dropped (cancelled) activities count only when asked for, or when status is 'dropped'. */
  includeDropped?: boolean;
  /** Words to find in the title or objective. */
  text?: string;
  /** Recipient region: a code (IATI Region, e.g. 619) or a source's region name ("Central Asia"). */
  region?: string;
  /** Lending instrument, e.g. "Investment Project Financing" (case-insensitive). */
  instrument?: string;
  /** The projects of a programme or framework (its definition, already looked up by name). */
  programme?: Programme;
  /**
   * The portfolio as it stood on this day ('YYYY-MM-DD'): projects approved by then; active means
   * approved and not yet closed then; amounts with a value date up to then.
   */
  asOf?: string;
  /**
   * The day statuses are read on when there is no as-of date (default today). Unlike `asOf` it
   * leaves out nothing: it only says which projects are still active on that day.
   */
  statusOn?: string;
  /** Read statuses as the sources publish them instead of by the status rule (model/status.ts). */
  sourceStatus?: boolean;
  /** Only the projects whose status by the rule differs from their source's status. */
  statusDiffers?: boolean;
}

/**
 * Breakdowns: by financier, status, recipient country, sector, approval year, lending instrument, or
 * the year of each amount's value date (a time series of commitments and disbursements).
 */
export const GROUP_BY = ['financier', 'status', 'country', 'sector', 'year', 'instrument', 'amount-year'] as const;
export type GroupBy = (typeof GROUP_BY)[number];
