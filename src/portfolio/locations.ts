// "Where": the places with coordinates of the projects behind a figure, for a map. Each project's
// places come from the table the import writes (activity_location), so a map of a country's
// projects is one question, not one per project.
import type { ActivityFilter } from '../model/filter.js';
import { listActivities } from '../store/activityQueries.js';
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
  const ids = (await listActivities(store, filter)).map((a) => a.id);
  const order = new Map(ids.map((id, index) => [id, index]));
  const rows = (await locationsOfActivities(store, ids)).sort(
    (a, b) => (order.get(a.activityId) as number) - (order.get(b.activityId) as number) || a.position - b.position,
  );
  const offset = page.offset ?? 0;
  const shown = page.limit == null ? rows.slice(offset) : rows.slice(offset, offset + page.limit);
  return {
    items: shown.map((r) => ({ id: r.activityId, title: r.title, name: r.name, lat: r.lat, lon: r.lon })),
    projects: ids.length,
    located: new Set(rows.map((r) => r.activityId)).size,
  };
}
