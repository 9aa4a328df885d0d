// "How many, how much, which are active": counts and USD totals for a filter, overall and by group.
import type { ActivityFilter, GroupBy } from '../model/filter.js';
import { NO_SECTOR_KEY, NO_SECTOR_LABEL, type SectorVocabulary } from '../model/sectorVocabularies.js';
import {
  type ActivityFinancier,
  activityFinanciers,
  countActivities,
  countReporting,
  type GroupCount,
  type MoneySum,
  type ReportingCount,
  statusDifferences,
  sumMeasures,
} from '../store/activityQueries.js';
import type { Store } from '../store/open.js';
import { DEFAULT_CURRENCY } from './currency.js';
import {
  ConversionNotes,
  type MoneyMeasures,
  moneyByKey,
  type Reporting,
  reportedMoney,
  reportingNotes,
  sumsOverKeys,
} from './measures.js';
import { referenceData } from './referenceCache.js';
import { type SectorVocabularyAnswer, sectorVocabularyFor } from './sectorVocabulary.js';
import { LISTED_DIFFERENCES, type StatusReading, statusReading } from './statusReading.js';

export interface SummaryMeasures extends MoneyMeasures {
  activities: number;
  /** Active on the answer's status day (see `status`). */
  active: number;
  /** How many of the activities report each measure; a measure none reports is null, not 0. */
  reporting: Reporting;
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
  /** The ISO 4217 code of `commitment` and `disbursement` (`commitmentUsd` and `disbursementUsd` are always USD). */
  currency: string;
  total: SummaryMeasures;
  rows: SummaryRow[];
  /** Grouped by sector: the vocabulary of the rows, and how many projects have no sector in it (their row is NO_SECTOR_KEY). */
  vocabulary?: SectorVocabularyAnswer;
  /** Grouped by financier: the projects that more than one financier finances (each is in several rows). */
  shared?: { id: string; financiers: string[] }[];
  /** The day statuses are read on, by which rule, and the projects whose source says otherwise. */
  status: StatusReading;
  /** What the user should know to read the figures: amounts left out, rates approximated, measures not reported. */
  notes: string[];
}

export interface SummaryOptions {
  /** The vocabulary of a breakdown by sector; when not given, chosen for the filter (see sectorVocabularyFor). */
  sectorVocabulary?: SectorVocabulary;
  /** The currency of `commitment` and `disbursement`: USD unless asked (see displayCurrency.ts). */
  currency?: string;
}

export async function portfolioSummary(
  store: Store,
  filter: ActivityFilter,
  by: GroupBy = 'financier',
  options: SummaryOptions = {},
): Promise<Summary> {
  const chosen = by === 'sector' ? await sectorVocabularyFor(store, filter, options.sectorVocabulary) : null;
  const vocabulary = chosen?.key;
  const [{ converter, labels }, counted, sums, reporting, differences] = await Promise.all([
    referenceData(store),
    activityCounts(store, filter, by, vocabulary),
    moneySums(store, filter, by, vocabulary),
    reportingCounts(store, filter, by, vocabulary),
    statusDifferences(store, filter, LISTED_DIFFERENCES),
  ]);
  const currency = options.currency ?? DEFAULT_CURRENCY;
  const notes = new ConversionNotes(currency);
  const totalMoney = moneyByKey(sums.total, converter, notes).get('all');
  const groupMoney = moneyByKey(sums.groups, converter, new ConversionNotes(currency));
  const rows = counted.groups
    .map((c) => {
      const reported = reportingOf(reporting.groups, c.key);
      return {
        key: c.key,
        label: by === 'sector' && c.key === NO_SECTOR_KEY ? NO_SECTOR_LABEL : labels.groupLabel(by, c.key),
        activities: c.activities,
        active: c.active,
        ...reportedMoney(groupMoney.get(c.key), reported),
        reporting: reported,
        behind: behindRow(by, c.key),
      };
    })
    .sort((a, b) =>
      by === 'year' || by === 'amount-year'
        ? a.key.localeCompare(b.key)
        : (b.commitmentUsd ?? -1) - (a.commitmentUsd ?? -1) || b.activities - a.activities || a.key.localeCompare(b.key),
    );
  const totalReporting = reportingOf(reporting.total, 'all');
  const total = {
    activities: counted.total.activities,
    active: counted.total.active,
    ...reportedMoney(totalMoney, totalReporting),
    reporting: totalReporting,
  };
  const status = statusReading(filter, differences);
  const withoutSector = rows.find((r) => r.key === NO_SECTOR_KEY)?.activities ?? 0;
  return {
    currency,
    ...(counted.shared ? { shared: counted.shared } : {}),
    ...(chosen ? { vocabulary: { ...chosen, withoutSector } } : {}),
    total,
    rows,
    status,
    notes: [...notes.lines(converter.hasRates), ...reportingNotes(total), ...status.notes],
  };
}

function reportingOf(counts: ReportingCount[], key: string): Reporting {
  const count = (measure: ReportingCount['measure']) => counts.find((r) => r.key === key && r.measure === measure)?.activities ?? 0;
  return { commitment: count('commitment'), disbursement: count('disbursement') };
}

/** The reporting counts overall (key 'all') and per group. */
async function reportingCounts(
  store: Store,
  filter: ActivityFilter,
  by: GroupBy,
  vocabulary?: SectorVocabulary,
): Promise<{ total: ReportingCount[]; groups: ReportingCount[] }> {
  const [total, groups] = await Promise.all([countReporting(store, filter, null), countReporting(store, filter, by, vocabulary)]);
  return { total, groups };
}

/** Groupings that put every activity in exactly one group: the total counts are the groups' added up. */
const ONE_GROUP_PER_ACTIVITY: ReadonlySet<GroupBy> = new Set(['status', 'year', 'instrument']);

/**
 * Groupings that put every amount, whole, in exactly one group (its own financier or year, or its
 * activity's group): the total's sums are the groups' added up. Not so by country or sector, where
 * an activity's amounts are shared out among its groups.
 */
const ONE_GROUP_PER_AMOUNT: ReadonlySet<GroupBy> = new Set(['financier', 'amount-year', 'status', 'year', 'instrument']);

interface Counted {
  total: GroupCount;
  groups: GroupCount[];
  shared?: { id: string; financiers: string[] }[];
}

/** How many activities (and active ones) in all and per group, asking the store as little as the grouping allows. */
async function activityCounts(store: Store, filter: ActivityFilter, by: GroupBy, vocabulary?: SectorVocabulary): Promise<Counted> {
  if (by === 'financier') return countedByFinancier(await activityFinanciers(store, filter));
  if (ONE_GROUP_PER_ACTIVITY.has(by)) {
    const groups = await countActivities(store, filter, by);
    const total = { ...noActivities };
    for (const group of groups) {
      total.activities += group.activities;
      total.active += group.active;
    }
    return { total, groups };
  }
  const [totals, groups] = await Promise.all([countActivities(store, filter, null), countActivities(store, filter, by, vocabulary)]);
  return { total: totals[0] ?? noActivities, groups };
}

const noActivities: GroupCount = { key: 'all', activities: 0, active: 0 };

/** Counts by financier, and the activities that several financiers share, from each activity's financiers (by id). */
function countedByFinancier(rows: ActivityFinancier[]): Counted {
  const total = { ...noActivities };
  const groups = new Map<string, GroupCount>();
  const shared: { id: string; financiers: string[] }[] = [];
  const count = (id: string, active: boolean, financiers: Set<string>) => {
    total.activities++;
    if (active) total.active++;
    for (const financier of financiers) {
      const group = groups.get(financier) ?? { key: financier, activities: 0, active: 0 };
      group.activities++;
      if (active) group.active++;
      groups.set(financier, group);
    }
    // Sorted as the store sorts text (code units; the names are never outside the basic plane).
    if (financiers.size > 1) shared.push({ id, financiers: [...financiers].sort() });
  };
  let current: { id: string; active: boolean; financiers: Set<string> } | undefined;
  for (const row of rows) {
    if (row.id !== current?.id) {
      if (current) count(current.id, current.active, current.financiers);
      current = { id: row.id, active: row.active, financiers: new Set() };
    }
    if (row.financier !== null) current.financiers.add(row.financier);
  }
  if (current) count(current.id, current.active, current.financiers);
  return { total, groups: [...groups.values()], shared };
}

/** The sums behind the money figures, for the total (key 'all') and per group. */
async function moneySums(
  store: Store,
  filter: ActivityFilter,
  by: GroupBy,
  vocabulary?: SectorVocabulary,
): Promise<{ total: MoneySum[]; groups: MoneySum[] }> {
  if (ONE_GROUP_PER_AMOUNT.has(by)) {
    const groups = await sumMeasures(store, filter, by);
    return { total: sumsOverKeys(groups), groups };
  }
  const [total, groups] = await Promise.all([sumMeasures(store, filter, null), sumMeasures(store, filter, by, vocabulary)]);
  return { total, groups };
}

function behindRow(by: GroupBy, key: string): BehindRow | null {
  if (key === 'unknown' || (by === 'sector' && key === NO_SECTOR_KEY)) return null;
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
