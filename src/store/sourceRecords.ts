// Reading stored source records back as model activities, with their provenance.
import type { Activity } from '../model/activity.js';
import type { Provenance } from '../model/provenance.js';
import { recordFromDoc } from './activityRows.js';
import { likePattern } from './like.js';
import type { Store } from './open.js';

type Reader = Pick<Store['db'], 'selectFrom'>;

/** The records of these projects, each with its provenance restored from the store's columns. */
export async function recordsOfProjects(db: Reader, projectIds: string[]): Promise<Activity[]> {
  if (projectIds.length === 0) return [];
  const rows = await db
    .selectFrom('source_record as r')
    .leftJoin('source_file as f', 'f.sha256', 'r.source_file')
    .select(['r.doc', 'r.source', 'r.source_line', 'r.imported_at', 'f.location'])
    .where('r.project_id', 'in', projectIds)
    .execute();
  return rows.map((row) => {
    const provenance: Provenance = {
      source: row.source as Provenance['source'],
      location: row.location ?? '',
      line: row.source_line,
      importedAt: row.imported_at,
    };
    const record = recordFromDoc(row.doc, provenance);
    // A record kept by hand comes from no file: its provenance names who keeps it.
    if (row.source === 'manual' && !row.location) record.provenance.location = `manual, by ${record.extra.enteredBy ?? 'unknown'}`;
    return record;
  });
}

/**
 * The project that an id names: a record id, a project id, or an id without its publisher prefix
 * ("P179204" for "44000-P179204") when exactly one record ends with it.
 */
export async function projectIdOf(db: Reader, id: string): Promise<string | null> {
  const record = await db.selectFrom('source_record').select('project_id').where('id', '=', id).executeTakeFirst();
  if (record) return record.project_id;
  const project = await db.selectFrom('activity').select('id').where('id', '=', id).executeTakeFirst();
  if (project) return project.id;
  // LIKE ignores the case of ASCII letters on SQLite and not on PostgreSQL; ids are compared with
  // their case everywhere else, so the records it finds are kept only when they end with the id as given.
  const suffixed = await db
    .selectFrom('source_record')
    .select(['id', 'project_id'])
    .where('id', 'like', likePattern('%-', id, ''))
    .execute();
  const projects = new Set(suffixed.filter((r) => r.id.endsWith(`-${id}`)).map((r) => r.project_id));
  return projects.size === 1 ? ([...projects][0] ?? null) : null;
}
