// Statuses are normalised across sources so that "active" means the same thing everywhere.
export const ACTIVITY_STATUSES = ['pipeline', 'active', 'closed', 'dropped', 'suspended'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export const STATUS_LABELS: Record<ActivityStatus, string> = {
  pipeline: 'Pipeline',
  active: 'Active',
  closed: 'Closed',
  dropped: 'Dropped',
  suspended: 'Suspended',
};

/**
 * IATI ActivityStatus (same codes in 1.0x and 2.0x): 1 Pipeline/identification, 2 Implementation,
 * 3 Finalisation (work done, accounts still open: counted as closed), 4 Closed, 5 Cancelled
 * (never went ahead: dropped), 6 Suspended.
 */
export function statusFromIatiCode(code: string | null): ActivityStatus | null {
  switch (code) {
    case '1':
      return 'pipeline';
    case '2':
      return 'active';
    case '3':
    case '4':
      return 'closed';
    case '5':
      return 'dropped';
    case '6':
      return 'suspended';
    default:
      return null;
  }
}

export function isActivityStatus(value: string): value is ActivityStatus {
  return (ACTIVITY_STATUSES as readonly string[]).includes(value);
}

/**
 * The day a question reads statuses on: its as-of date, else the day it names for statuses, else
 * today (UTC). Every answer states this day, because a project's status depends on it.
 */
export function statusDay(filter: { asOf?: string; statusOn?: string }): string {
  return filter.asOf ?? filter.statusOn ?? new Date().toISOString().slice(0, 10);
}

/**
 * The status rule, in words, for answers and the README. A source's status holds as of the source's
 * own date (the record's last-updated date, else the day it was imported): publishers leave
 * "active" in place long after a project's closing date, so dates win when they say more.
 */
export const STATUS_RULE =
  'status on a day: a project that went ahead is closed once its closing date has passed, or once its source says closed ' +
  "(as of the source's own date); otherwise active. Pipeline, dropped and suspended are as the source says.";

/**
 * A project's status on `day` by the rule above, from its source status, the date that status is
 * known on, and its closing date. The store applies the same rule in SQL (store/activityQueries.ts
 * statusExpression); this one serves code that holds a project already.
 */
export function statusOnDay(
  project: { status: ActivityStatus | null; statusDate: string | null; closingDate: string | null },
  day: string,
): ActivityStatus | null {
  const { status, statusDate, closingDate } = project;
  if (status !== 'active' && status !== 'closed') return status;
  if (closingDate !== null && closingDate <= day) return 'closed';
  if (status === 'closed' && statusDate !== null && statusDate <= day) return 'closed';
  return 'active';
}
