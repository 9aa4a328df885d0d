// Which day an answer reads statuses on, by which rule, and the projects whose source says
// otherwise: every figure of active projects carries this, so a reader knows what "active" meant.

import type { StatusDifference, StatusReading } from '../model/answers.js';
import type { ActivityFilter } from '../model/filter.js';
import { STATUS_RULE, statusDay } from '../model/status.js';
import type { StatusDifferences } from '../store/activityQueries.js';

/** How many differing projects an answer lists by id; `devfin activities --status-differs` lists them all. */
export const LISTED_DIFFERENCES = 100;

export function statusReading(filter: ActivityFilter, { bySourceStatus, first }: StatusDifferences): StatusReading {
  const day = statusDay(filter);
  const rule = filter.sourceStatus ? 'source' : 'dates';
  const differing = Object.values(bySourceStatus).reduce((sum, n) => sum + n, 0);
  return {
    day,
    rule,
    definition: rule === 'dates' ? STATUS_RULE : 'status as the source publishes it',
    differing,
    differingProjects: first,
    behind: { statusDiffers: 'true' },
    notes: differing === 0 ? [] : [differenceNote(day, rule, differing, bySourceStatus.active ?? 0, first)],
  };
}

function differenceNote(day: string, rule: 'dates' | 'source', differing: number, staleActive: number, first: StatusDifference[]): string {
  const counted =
    rule === 'dates'
      ? `Statuses are read on ${day} by the status rule (closed once the closing date has passed); ${differing} project(s) differ from their source's status`
      : `Statuses are as the sources publish them; by the status rule on ${day}, ${differing} project(s) would count otherwise`;
  const why = staleActive > 0 ? `, ${staleActive} of them published as active after their closing date` : '';
  const ids = first.slice(0, 10).map((d) => d.id);
  const more = differing > ids.length ? ', …' : '';
  return `${counted}${why}: ${ids.join(', ')}${more}. --status-differs lists them; --source-status reads statuses as published.`;
}
