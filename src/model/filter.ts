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
}

export const GROUP_BY = ['financier', 'status', 'country', 'sector', 'year'] as const;
export type GroupBy = (typeof GROUP_BY)[number];
