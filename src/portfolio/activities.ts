// "Which ones": the list of activities behind a figure, and one activity in full.
import type { Activity } from '../model/activity.js';
import type { ActivityFilter } from '../model/filter.js';
import { activityById, activityBySuffix, listActivities, sumTransactionsByActivity } from '../store/activityQueries.js';
import type { Store } from '../store/open.js';
import { ConversionNotes, loadConverter, MONEY_TYPES, moneyByKey } from './measures.js';

export interface ActivityListItem {
  id: string;
  title: string | null;
  status: string | null;
  countries: string[];
  financiers: string[];
  approvalDate: string | null;
  closingDate: string | null;
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
  const [rows, sums, converter] = await Promise.all([
    listActivities(store, filter, page),
    sumTransactionsByActivity(store, filter, MONEY_TYPES),
    loadConverter(store),
  ]);
  const notes = new ConversionNotes();
  const money = moneyByKey(sums, converter, notes);
  const items = rows.map((row) => ({
    id: row.id,
    title: row.title,
    status: row.status,
    countries: row.countries,
    financiers: [row.financier],
    approvalDate: row.approvalDate,
    closingDate: row.closingDate,
    commitmentUsd: money.get(row.id)?.commitmentUsd ?? 0,
    disbursementUsd: money.get(row.id)?.disbursementUsd ?? 0,
  }));
  return { items, notes: notes.lines(converter.hasRates) };
}

export interface ActivityDetail {
  activity: Omit<Activity, 'provenance'>;
  financier: string;
  commitmentUsd: number;
  disbursementUsd: number;
  provenance: { source: string; location: string | null; line: number | null; importedAt: string };
  notes: string[];
}

/**
 * One activity, every field as read, with provenance. An id without its publisher prefix
 * ("P179204") finds the activity whose identifier ends with it ("44000-P179204") when only one does.
 */
export async function portfolioActivity(store: Store, id: string): Promise<ActivityDetail | null> {
  const row = (await activityById(store, id)) ?? (await activityBySuffix(store, id));
  if (!row) return null;
  const converter = await loadConverter(store);
  const notes = new ConversionNotes();
  const money = moneyByKey(
    await sumTransactionsByActivity(store, { includeDropped: true, ids: [row.id] }, MONEY_TYPES),
    converter,
    notes,
  ).get(row.id);
  return {
    activity: JSON.parse(row.doc),
    financier: row.financier,
    commitmentUsd: money?.commitmentUsd ?? 0,
    disbursementUsd: money?.disbursementUsd ?? 0,
    provenance: { source: row.source, location: row.location, line: row.source_line, importedAt: row.imported_at },
    notes: notes.lines(converter.hasRates),
  };
}
