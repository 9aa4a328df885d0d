// "Which ones": the list of activities behind a figure, and one project in full.
import type { Activity } from '../model/activity.js';
import { financiers } from '../model/activityFacts.js';
import type { ActivityFilter } from '../model/filter.js';
import { type MergedActivity, mergeRecords } from '../model/project.js';
import { listActivities, sumMeasuresByActivity } from '../store/activityQueries.js';
import type { Store } from '../store/open.js';
import { projectIdOf, recordsOfProjects } from '../store/sourceRecords.js';
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
  const sums = await sumMeasuresByActivity(store, { ...filter, ids: rows.map((r) => r.id) });
  const notes = new ConversionNotes();
  const money = moneyByKey(sums, converter, notes);
  const items = rows.map(({ financiers, ...row }) => ({
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
  return { items, notes: notes.lines(converter.hasRates) };
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
