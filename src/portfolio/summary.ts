// "How many, how much, which are active": counts and USD totals for a filter, overall and by group.
import type { ActivityFilter, GroupBy } from '../model/filter.js';
import { countActivities, sharedActivities, sumMeasures } from '../store/activityQueries.js';
import type { Store } from '../store/open.js';
import { ConversionNotes, moneyByKey } from './measures.js';
import { referenceData } from './referenceCache.js';

export interface SummaryMeasures {
  activities: number;
  active: number;
  commitmentUsd: number;
  disbursementUsd: number;
}

export interface SummaryRow extends SummaryMeasures {
  key: string;
  label: string;
  /**
   * What to add to the summary's filter to list the projects behind this row (`devfin activities`
   * options / API parameters); null when no filter expresses the group (years of amounts).
   */
  behind: BehindRow | null;
}

/** The filter parameters that narrow a summary to one of its rows. */
export type BehindRow = Partial<Record<'financier' | 'status' | 'country' | 'sector' | 'from' | 'to' | 'instrument', string>>;

export interface Summary {
  total: SummaryMeasures;
  rows: SummaryRow[];
  /** Grouped by financier: the projects that more than one financier finances (each is in several rows). */
  shared?: { id: string; financiers: string[] }[];
  /** What the user should know to read the figures: amounts left out, rates approximated. */
  notes: string[];
}

export async function portfolioSummary(store: Store, filter: ActivityFilter, by: GroupBy = 'financier'): Promise<Summary> {
  const { converter, labels } = await referenceData(store);
  const notes = new ConversionNotes();
  const measure = async (groupBy: GroupBy | null) => {
    const [counts, sums] = await Promise.all([countActivities(store, filter, groupBy), sumMeasures(store, filter, groupBy)]);
    const money = moneyByKey(sums, converter, groupBy === null ? notes : new ConversionNotes());
    return counts.map((c) => ({
      key: c.key,
      activities: c.activities,
      active: c.active,
      commitmentUsd: money.get(c.key)?.commitmentUsd ?? 0,
      disbursementUsd: money.get(c.key)?.disbursementUsd ?? 0,
    }));
  };
  const [totals, groups] = await Promise.all([measure(null), measure(by)]);
  const total = totals[0] ?? { activities: 0, active: 0, commitmentUsd: 0, disbursementUsd: 0 };
  const rows = groups
    .map(({ key, ...measures }) => ({ key, label: labels.groupLabel(by, key), ...measures, behind: behindRow(by, key) }))
    .sort((a, b) =>
      by === 'year' || by === 'amount-year'
        ? a.key.localeCompare(b.key)
        : b.commitmentUsd - a.commitmentUsd || b.activities - a.activities || a.key.localeCompare(b.key),
    );
  const shared = by === 'financier' ? await sharedActivities(store, filter) : undefined;
  return {
    ...(shared ? { shared } : {}),
    total: {
      activities: total.activities,
      active: total.active,
      commitmentUsd: total.commitmentUsd,
      disbursementUsd: total.disbursementUsd,
    },
    rows,
    notes: notes.lines(converter.hasRates),
  };
}

function behindRow(by: GroupBy, key: string): BehindRow | null {
  if (key === 'unknown') return null;
  switch (by) {
    case 'financier':
    case 'status':
    case 'country':
    case 'sector':
    case 'instrument':
      return { [by]: key };
    case 'year':
      return { from: `${key}-01-01`, to: `${key}-12-31` };
    default:
      return null;
  }
}
