// "Which ones": the list of activities behind a figure, and one project in full.
import type { Activity } from '../model/activity.js';
import { financiers } from '../model/activityFacts.js';
import type { ActivityFilter } from '../model/filter.js';
import { type MergedActivity, mergeRecords } from '../model/project.js';
import { type ActivityListRow, activityPages, listActivities, sumMeasuresByActivity } from '../store/activityQueries.js';
import type { Store } from '../store/open.js';
import { projectIdOf, recordsOfProjects } from '../store/sourceRecords.js';
import type { UsdConverter } from './currency.js';
import { ConversionNotes, moneyByKey } from './measures.js';
import { referenceData } from './referenceCache.js';

export interface ActivityListItem {
  id: string;
  title: string | null;
  status: string | null;
  countries: string[];
  financiers: string[];
  approvalDate: string | null;
  closingDate: string | null;
  instrument: string | null;
  commitmentUsd: number;
  disbursementUsd: number;
}

export interface ActivityList {
  items: ActivityListItem[];
  notes: string[];
}

export async function portfolioActivities(
  store: Store,
  filter: ActivityFilter,
  page: { limit?: number; offset?: number } = {},
): Promise<ActivityList> {
  const [rows, { converter }] = await Promise.all([listActivities(store, filter, page), referenceData(store)]);
  const notes = new ConversionNotes();
  const items = await itemsOf(store, filter, rows, converter, notes);
  return { items, notes: notes.lines(converter.hasRates) };
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
): ActivityStream {
  const notes = new ConversionNotes();
  let hasRates = true;
  async function* pages(): AsyncGenerator<ActivityListItem[]> {
    const { converter } = await referenceData(store);
    hasRates = converter.hasRates;
    for await (const rows of activityPages(store, filter, page)) yield await itemsOf(store, filter, rows, converter, notes);
  }
  return { pages: pages(), notes: () => notes.lines(hasRates) };
}

/** List rows with their commitments and disbursements in USD (what could not be converted goes to `notes`). */
async function itemsOf(
  store: Store,
  filter: ActivityFilter,
  rows: ActivityListRow[],
  converter: UsdConverter,
  notes: ConversionNotes,
): Promise<ActivityListItem[]> {
  const sums = await sumMeasuresByActivity(store, { ...filter, ids: rows.map((r) => r.id) });
  const money = moneyByKey(sums, converter, notes);
  return rows.map(({ financiers, ...row }) => ({
    id: row.id,
    title: row.title,
    status: row.status,
    countries: row.countries,
    financiers,
    approvalDate: row.approvalDate,
    closingDate: row.closingDate,
    instrument: row.instrument,
    commitmentUsd: money.get(row.id)?.commitmentUsd ?? 0,
    disbursementUsd: money.get(row.id)?.disbursementUsd ?? 0,
  }));
}

export interface ActivityDetail {
  /** The project as the portfolio sees it: its records merged, with the record behind each field. */
  activity: MergedActivity;
  /** Every source record of the project, whole, with its provenance. */
  records: Activity[];
  /** Every financier: the lead one first. */
  financiers: string[];
  commitmentUsd: number;
  disbursementUsd: number;
  notes: string[];
}

/**
 * One project, every field, all its sources side by side. The id may be the project id, any of its
 * records' ids, or an id without its publisher prefix ("P179204") when only one record ends with it.
 */
export async function portfolioActivity(store: Store, id: string): Promise<ActivityDetail | null> {
  const projectId = await projectIdOf(store.db, id);
  if (!projectId) return null;
  const records = await recordsOfProjects(store.db, [projectId]);
  if (records.length === 0) return null;
  const { converter } = await referenceData(store);
  const notes = new ConversionNotes();
  const money = moneyByKey(await sumMeasuresByActivity(store, { includeDropped: true, ids: [projectId] }), converter, notes).get(projectId);
  const activity = mergeRecords(records);
  return {
    activity,
    // In the order of precedence that the merge used.
    records: activity.records.map(
      (ref) => records.find((r) => r.id === ref.id && r.provenance.source === ref.provenance.source) as Activity,
    ),
    financiers: financiers(activity)
      .map((f) => f.financier)
      .filter((name, i, all) => all.indexOf(name) === i),
    commitmentUsd: money?.commitmentUsd ?? 0,
    disbursementUsd: money?.disbursementUsd ?? 0,
    notes: notes.lines(converter.hasRates),
  };
}
