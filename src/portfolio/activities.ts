// "Which ones": the list of activities behind a figure, and one project in full.
import type { Activity } from '../model/activity.js';
import { closingDate, financiers } from '../model/activityFacts.js';
import type { ActivityDetail, ActivityList, ActivityListItem } from '../model/answers.js';
import type { ActivityFilter } from '../model/filter.js';
import { applyCorrections } from '../model/manualRecord.js';
import { mergeRecords } from '../model/project.js';
import { excessMessage, sectorPercentageExcess, sectorSharesByVocabulary } from '../model/sectorVocabularies.js';
import { statusDay, statusOnDay } from '../model/status.js';
import { type ActivityListRow, activityPages, listActivities, sumMeasuresByActivity } from '../store/activityQueries.js';
import { statusDate } from '../store/activityRows.js';
import { correctionsOfProjects } from '../store/manualRecords.js';
import type { Store } from '../store/open.js';
import { projectIdOf, recordsOfProjects } from '../store/sourceRecords.js';
import { codeNamesOf } from './codeNames.js';
import { DEFAULT_CURRENCY, type UsdConverter } from './currency.js';
import { ConversionNotes, reportedMoneyByKey, reportingNotes } from './measures.js';
import { referenceData } from './referenceCache.js';

export async function portfolioActivities(
  store: Store,
  filter: ActivityFilter,
  page: { limit?: number; offset?: number } = {},
  currency = DEFAULT_CURRENCY,
): Promise<ActivityList> {
  const [rows, { converter }] = await Promise.all([listActivities(store, filter, page), referenceData(store)]);
  const notes = new ListNotes(filter, currency);
  const items = await itemsOf(store, filter, rows, converter, notes);
  return { currency, items, notes: notes.lines(converter.hasRates) };
}

/** Whether the list of portfolioActivities goes on after `position` items (a next page exists). */
export async function hasActivityAfter(store: Store, filter: ActivityFilter, position: number): Promise<boolean> {
  return (await listActivities(store, filter, { offset: position, limit: 1 })).length > 0;
}

/** The items of portfolioActivities, a page at a time as they are read, and the notes once all are read. */
export interface ActivityStream {
  pages: AsyncGenerator<ActivityListItem[]>;
  /** The notes on the pages read so far (on all of them once `pages` is done). */
  notes(): string[];
}

/**
 * The list of portfolioActivities without holding it: each page is read from the store when the
 * previous one has been taken, so a caller that writes pages as they come uses the memory of one
 * page, and one that stops early (a closed pipe) reads no more.
 */
export function streamActivities(
  store: Store,
  filter: ActivityFilter,
  page: { limit?: number; offset?: number; pageSize?: number } = {},
  currency = DEFAULT_CURRENCY,
): ActivityStream {
  const notes = new ListNotes(filter, currency);
  let hasRates = true;
  async function* pages(): AsyncGenerator<ActivityListItem[]> {
    const { converter } = await referenceData(store);
    hasRates = converter.hasRates;
    for await (const rows of activityPages(store, filter, page)) yield await itemsOf(store, filter, rows, converter, notes);
  }
  return { pages: pages(), notes: () => notes.lines(hasRates) };
}

/** List rows with their commitments and disbursements in USD and the notes' currency (what could not be converted goes to `notes`). */
async function itemsOf(
  store: Store,
  filter: ActivityFilter,
  rows: ActivityListRow[],
  converter: UsdConverter,
  notes: ListNotes,
): Promise<ActivityListItem[]> {
  // The rows matched the search words already: asked again, the search would read every match of
  // a common word to keep these few. The rest of the filter stays (a financier's amounts are its own).
  const sums = await sumMeasuresByActivity(store, { ...filter, text: undefined, ids: rows.map((r) => r.id) });
  const money = reportedMoneyByKey(sums, converter, notes.conversion);
  return notes.count(
    rows.map(({ financiers, ...row }) => ({
      id: row.id,
      title: row.title,
      status: row.status,
      sourceStatus: row.sourceStatus,
      countries: row.countries,
      financiers,
      approvalDate: row.approvalDate,
      closingDate: row.closingDate,
      instrument: row.instrument,
      commitmentUsd: money.get(row.id)?.commitmentUsd ?? null,
      disbursementUsd: money.get(row.id)?.disbursementUsd ?? null,
      currency: notes.conversion.currency,
      commitment: money.get(row.id)?.commitment ?? null,
      disbursement: money.get(row.id)?.disbursement ?? null,
    })),
  );
}

/**
 * What to say under a list, gathered page by page: amounts that could not be converted, how many of
 * the listed projects report each measure, and how many have a status that differs from their
 * source's.
 */
class ListNotes {
  readonly conversion: ConversionNotes;
  private readonly reporting = { activities: 0, reporting: { commitment: 0, disbursement: 0 } };
  private differing = 0;

  constructor(
    private readonly filter: ActivityFilter,
    currency: string,
  ) {
    this.conversion = new ConversionNotes(currency);
  }

  count(items: ActivityListItem[]): ActivityListItem[] {
    for (const item of items) {
      this.reporting.activities++;
      // Counted in the list's currency: a project none of whose amounts converts to it does not report the figure shown.
      if (item.commitment !== null) this.reporting.reporting.commitment++;
      if (item.disbursement !== null) this.reporting.reporting.disbursement++;
      if (item.status !== item.sourceStatus) this.differing++;
    }
    return items;
  }

  lines(hasRates: boolean): string[] {
    const rule = this.filter.sourceStatus ? 'as the sources publish them' : `as of ${statusDay(this.filter)} by the status rule`;
    const status =
      this.differing === 0
        ? []
        : [
            `Statuses are ${rule}; ${this.differing} of the listed projects differ from ${this.filter.sourceStatus ? 'the rule' : 'their source'} (sourceStatus in --json).`,
          ];
    return [...this.conversion.lines(hasRates), ...reportingNotes(this.reporting), ...status];
  }
}

/**
 * One project, every field, all its sources side by side. The id may be the project id, any of its
 * records' ids, or an id without its publisher prefix ("P179204") when only one record ends with it.
 */
export async function portfolioActivity(store: Store, id: string, currency = DEFAULT_CURRENCY): Promise<ActivityDetail | null> {
  const projectId = await projectIdOf(store.db, id);
  if (!projectId) return null;
  const records = await recordsOfProjects(store.db, [projectId]);
  if (records.length === 0) return null;
  const { converter, labels } = await referenceData(store);
  const notes = new ConversionNotes(currency);
  const money = reportedMoneyByKey(await sumMeasuresByActivity(store, { includeDropped: true, ids: [projectId] }), converter, notes).get(
    projectId,
  );
  const corrections = (await correctionsOfProjects(store.db, [projectId])).get(projectId) ?? [];
  const activity = applyCorrections(mergeRecords(records), corrections);
  const day = statusDay({});
  const sourceStatus = { status: activity.status, statusDate: statusDate(activity), closingDate: closingDate(activity) };
  return {
    activity,
    // In the order of precedence that the merge used.
    records: activity.records.map(
      (ref) => records.find((r) => r.id === ref.id && r.provenance.source === ref.provenance.source) as Activity,
    ),
    financiers: financiers(activity)
      .map((f) => f.financier)
      .filter((name, i, all) => all.indexOf(name) === i),
    status: {
      day,
      status: statusOnDay(sourceStatus, day),
      sourceStatus: activity.status,
      statusDate: sourceStatus.statusDate,
      closingDate: sourceStatus.closingDate,
    },
    sectorShares: sectorSharesByVocabulary(activity),
    codeNames: codeNamesOf(records, labels),
    commitmentUsd: money?.commitmentUsd ?? null,
    disbursementUsd: money?.disbursementUsd ?? null,
    currency,
    commitment: money?.commitment ?? null,
    disbursement: money?.disbursement ?? null,
    corrections: activity.corrections,
    notes: [
      ...notes.lines(converter.hasRates),
      ...sectorPercentageExcess(activity).map((e) => `${activity.id}: ${excessMessage(e)}.`),
      ...activity.corrections.map(
        (c) => `${activity.id}: ${c.field} corrected by hand by ${c.by} on ${c.at.slice(0, 10)} (record ${c.record}).`,
      ),
    ],
  };
}
