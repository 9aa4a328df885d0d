// The queries an import runs for every batch of records it writes (importRecords.ts): which of
// them the store holds already, which of their projects hold other records, and removing what
// they replace. An import runs them hundreds of times with only the ids changing. On SQLite each
// is prepared once per import, its ids bound as one JSON array (json_each), so that neither
// Kysely's compiling nor SQLite's preparing runs per batch; a list of ids written as placeholders
// would be new SQL at every length. Other databases get the same queries through Kysely.
import type SqliteDatabase from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { PROJECT_CHILD_TABLES } from './activityRows.js';
import { preparedOnce } from './bulkInsert.js';
import type { Store } from './open.js';
import type { Tables } from './tables.js';

export interface StoredVersion {
  id: string;
  last_updated: string | null;
  doc: string;
}

export interface ImportLookups {
  /** The stored versions of these records of `source`. */
  storedVersions(source: string, ids: string[]): Promise<StoredVersion[]>;
  /** Removes these records of `source`. */
  deleteRecords(source: string, ids: string[]): Promise<void>;
  /** Those of these projects that more than one stored record belongs to. */
  sharedProjects(projectIds: string[]): Promise<string[]>;
  /** Removes the rows of these projects from the activity table and its child tables (new projects have none). */
  deleteProjects(projectIds: string[]): Promise<void>;
}

/** The lookups of one import's transaction (`db` is that transaction). */
export function importLookups(store: Store, db: Kysely<Tables>): ImportLookups {
  return store.sqlite ? sqliteLookups(store.sqlite) : kyselyLookups(db);
}

const IDS = 'select value from json_each(?)';

function sqliteLookups(sqlite: SqliteDatabase.Database): ImportLookups {
  // Prepared when first needed: an import that replaces nothing never deletes.
  const statement = preparedOnce(sqlite);
  return {
    storedVersions: async (source, ids) =>
      statement(`select id, last_updated, doc from source_record where source = ? and id in (${IDS})`).all(
        source,
        JSON.stringify(ids),
      ) as StoredVersion[],
    deleteRecords: async (source, ids) => {
      statement(`delete from source_record where source = ? and id in (${IDS})`).run(source, JSON.stringify(ids));
    },
    sharedProjects: async (projectIds) =>
      statement(`select project_id from source_record where project_id in (${IDS}) group by project_id having count(*) > 1`)
        .pluck()
        .all(JSON.stringify(projectIds)) as string[],
    deleteProjects: async (projectIds) => {
      const stored = statement(`select id from activity where id in (${IDS})`).pluck().all(JSON.stringify(projectIds)) as string[];
      if (stored.length === 0) return;
      const ids = JSON.stringify(stored);
      for (const table of PROJECT_CHILD_TABLES) statement(`delete from "${table}" where activity_id in (${IDS})`).run(ids);
      statement(`delete from activity where id in (${IDS})`).run(ids);
    },
  };
}

function kyselyLookups(db: Kysely<Tables>): ImportLookups {
  return {
    storedVersions: (source, ids) =>
      db.selectFrom('source_record').select(['id', 'last_updated', 'doc']).where('source', '=', source).where('id', 'in', ids).execute(),
    deleteRecords: async (source, ids) => {
      await db.deleteFrom('source_record').where('source', '=', source).where('id', 'in', ids).execute();
    },
    sharedProjects: async (projectIds) => {
      const rows = await db
        .selectFrom('source_record')
        .select('project_id')
        .where('project_id', 'in', projectIds)
        .groupBy('project_id')
        .having((eb) => eb.fn.countAll(), '>', 1)
        .execute();
      return rows.map((r) => r.project_id);
    },
    deleteProjects: async (projectIds) => {
      const ids = (await db.selectFrom('activity').select('id').where('id', 'in', projectIds).execute()).map((r) => r.id);
      if (ids.length === 0) return;
      for (const table of PROJECT_CHILD_TABLES) await db.deleteFrom(table).where('activity_id', 'in', ids).execute();
      await db.deleteFrom('activity').where('id', 'in', ids).execute();
    },
  };
}
