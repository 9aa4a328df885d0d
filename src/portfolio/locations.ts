// "Where": the places with coordinates of the projects behind a figure, for a map. Each project's
// places come from the table the import writes (activity_location), so a map of a country's
// projects is one question, not one per project.
import type { ActivityFilter } from '../model/filter.js';
import { activityIdPages, countActivities, countLocated } from '../store/activityQueries.js';
import { locationsOfActivities } from '../store/locationQueries.js';
import type { Store } from '../store/open.js';

export interface ProjectLocation {
  /** The project (as in `devfin activities`). */
  id: string;
  title: string | null;
  /** The place's name as the source gives it. */
  name: string | null;
  lat: number;
  lon: number;
}

export interface LocationList {
  /** The places, projects in the order of `devfin activities`, each project's places in its source's order. */
  items: ProjectLocation[];
  /** How many projects the filter has, and how many of them have at least one place with coordinates. */
  projects: number;
  located: number;
}

export async function portfolioLocations(
  store: Store,
  filter: ActivityFilter,
  page: { limit?: number; offset?: number } = {},
): Promise<LocationList> {
  const items: ProjectLocation[] = [];
  for await (const places of locationPages(store, filter, page)) items.push(...places);
  const [counted, { located }] = await Promise.all([countActivities(store, filter, null), countLocated(store, filter)]);
  return { items, projects: counted[0]?.activities ?? 0, located };
}

/** How many places with coordinates the activities of a filter have in all. */
export async function countPlaces(store: Store, filter: ActivityFilter): Promise<number> {
  return (await countLocated(store, filter)).places;
}

/**
 * The places of portfolioLocations a page at a time, read as the activities are (in their list
 * order, a page of activities at a time), so that neither the whole list of activities nor all
 * their places is ever held: an export of 10,000 places over a million projects reads only as far
 * into the list as it needs to.
 */
export async function* locationPages(
  store: Store,
  filter: ActivityFilter,
  page: { limit?: number; offset?: number; pageSize?: number } = {},
): AsyncGenerator<ProjectLocation[]> {
  let skip = page.offset ?? 0;
  let left = page.limit ?? Number.POSITIVE_INFINITY;
  if (left <= 0) return;
  for await (const ids of activityIdPages(store, filter, { pageSize: page.pageSize })) {
    const order = new Map(ids.map((id, index) => [id, index]));
    const rows = (await locationsOfActivities(store, ids)).sort(
      (a, b) => (order.get(a.activityId) as number) - (order.get(b.activityId) as number) || a.position - b.position,
    );
    const skipped = Math.min(skip, rows.length);
    skip -= skipped;
    const shown = rows.slice(skipped, skipped + Math.min(left, rows.length));
    left -= shown.length;
    if (shown.length > 0) yield shown.map((r) => ({ id: r.activityId, title: r.title, name: r.name, lat: r.lat, lon: r.lon }));
    if (left <= 0) return;
  }
}
