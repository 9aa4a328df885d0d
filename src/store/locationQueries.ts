// The places of projects that have coordinates (activity_location, written at import), for maps.
import type { Store } from './open.js';

export interface LocationRow {
  activityId: string;
  title: string | null;
  position: number;
  ref: string | null;
  name: string | null;
  lat: number;
  lon: number;
}

/** Bound parameters per `in (...)` list, under SQLite's and PostgreSQL's limits. */
const CHUNK = 10_000;

/** The located places of these activities, each activity's in the order its source lists them. */
export async function locationsOfActivities(store: Store, ids: readonly string[]): Promise<LocationRow[]> {
  const rows: LocationRow[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = await store.db
      .selectFrom('activity_location as l')
      .innerJoin('activity as a', 'a.id', 'l.activity_id')
      .select(['l.activity_id', 'a.title', 'l.position', 'l.ref', 'l.name', 'l.lat', 'l.lon'])
      .where('l.activity_id', 'in', ids.slice(i, i + CHUNK))
      .orderBy('l.activity_id')
      .orderBy('l.position')
      .execute();
    for (const r of chunk)
      rows.push({
        activityId: r.activity_id,
        title: r.title,
        position: Number(r.position),
        ref: r.ref,
        name: r.name,
        lat: Number(r.lat),
        lon: Number(r.lon),
      });
  }
  return rows;
}
