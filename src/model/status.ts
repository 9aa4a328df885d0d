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
