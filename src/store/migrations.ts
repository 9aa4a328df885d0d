// Schema changes, in order. Written with Kysely's schema builder so SQLite and PostgreSQL share them;
// the only difference between the two is in the column types of `columnTypes`.
import { type Kysely, type Migration, sql } from 'kysely';
import type { Activity } from '../model/activity.js';
import { mergeRecords, projectKey } from '../model/project.js';
import { locationRows, PROJECT_CHILD_TABLES, projectRows } from './activityRows.js';
import { raiseDataVersion } from './dataVersion.js';
import { indexMissingSearchText } from './fullText.js';
import { recordsOfProjects } from './sourceRecords.js';
import type { Tables } from './tables.js';

export type StoreDialect = 'sqlite' | 'postgres';

/**
 * Column types that mean the same on both databases. Text compares byte by byte on SQLite; on
 * PostgreSQL it would follow the database's locale (where "B" sorts after "a", and
 * lower() folds non-ASCII letters), so its text columns use the "C" collation and both stores
 * sort, group and search alike. Fractions are 8-byte floats on both (`real` is 4-byte on PostgreSQL).
 */
function columnTypes(dialect: StoreDialect) {
  return {
    text: dialect === 'postgres' ? sql`text collate "C"` : ('text' as const),
    double: 'double precision' as const,
  };
}

/**
 * The migrations for a store on `dialect`. Migration 0001 wrote `real` for fractions and plain
 * `text` before the PostgreSQL store existed; on SQLite both mean what they mean now, so stores
 * made then need no change.
 */
export function storeMigrations(dialect: StoreDialect): Record<string, Migration> {
  const { text, double } = columnTypes(dialect);
  return {
    '0001-initial': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('source_file')
          .addColumn('sha256', text, (c) => c.primaryKey())
          .addColumn('location', text, (c) => c.notNull())
          .addColumn('kind', text, (c) => c.notNull())
          .addColumn('imported_at', text, (c) => c.notNull())
          .addColumn('activities', 'integer', (c) => c.notNull())
          .addColumn('organisations', 'integer', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('source_record')
          .addColumn('id', text, (c) => c.notNull())
          .addColumn('project_id', text, (c) => c.notNull())
          .addColumn('source', text, (c) => c.notNull())
          .addColumn('last_updated', text)
          .addColumn('source_file', text)
          .addColumn('source_line', 'integer')
          .addColumn('imported_at', text, (c) => c.notNull())
          .addColumn('doc', text, (c) => c.notNull())
          .addPrimaryKeyConstraint('source_record_pk', ['id', 'source'])
          .execute();
        await db.schema.createIndex('source_record_by_project').on('source_record').columns(['project_id']).execute();

        await db.schema
          .createTable('activity')
          .addColumn('id', text, (c) => c.primaryKey())
          .addColumn('source', text, (c) => c.notNull())
          .addColumn('records', 'integer', (c) => c.notNull())
          .addColumn('reporting_org_ref', text)
          .addColumn('financier', text, (c) => c.notNull())
          .addColumn('title', text)
          .addColumn('objective', text)
          .addColumn('status', text)
          .addColumn('status_code', text)
          .addColumn('approval_date', text)
          .addColumn('closing_date', text)
          .addColumn('instrument', text)
          .execute();
        await db.schema.createIndex('activity_status').on('activity').columns(['status']).execute();
        await db.schema.createIndex('activity_financier_name').on('activity').columns(['financier']).execute();
        await db.schema.createIndex('activity_approval').on('activity').columns(['approval_date']).execute();

        await db.schema
          .createTable('activity_financier')
          .addColumn('activity_id', text, (c) => c.notNull())
          .addColumn('financier', text, (c) => c.notNull())
          .addColumn('financier_ref', text)
          .addColumn('role', text, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('activity_financier_by_activity').on('activity_financier').columns(['activity_id']).execute();
        await db.schema.createIndex('activity_financier_by_name').on('activity_financier').columns(['financier', 'activity_id']).execute();

        await db.schema
          .createTable('activity_country')
          .addColumn('activity_id', text, (c) => c.notNull())
          .addColumn('country', text, (c) => c.notNull())
          .addColumn('percentage', double)
          .addColumn('share', double, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('activity_country_by_country').on('activity_country').columns(['country', 'activity_id']).execute();
        await db.schema.createIndex('activity_country_by_activity').on('activity_country').columns(['activity_id']).execute();

        await db.schema
          .createTable('activity_region')
          .addColumn('activity_id', text, (c) => c.notNull())
          .addColumn('region', text, (c) => c.notNull())
          .addColumn('vocabulary', text, (c) => c.notNull())
          .addColumn('percentage', double)
          .execute();
        await db.schema.createIndex('activity_region_by_activity').on('activity_region').columns(['activity_id']).execute();

        await db.schema
          .createTable('activity_sector')
          .addColumn('activity_id', text, (c) => c.notNull())
          .addColumn('code', text, (c) => c.notNull())
          .addColumn('vocabulary', text, (c) => c.notNull())
          .addColumn('share', double, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('activity_sector_by_code').on('activity_sector').columns(['code', 'activity_id']).execute();
        await db.schema.createIndex('activity_sector_by_activity').on('activity_sector').columns(['activity_id']).execute();

        await db.schema
          .createTable('activity_org')
          .addColumn('activity_id', text, (c) => c.notNull())
          .addColumn('ref', text)
          .addColumn('name', text)
          .addColumn('role', text)
          .execute();
        await db.schema.createIndex('activity_org_by_activity').on('activity_org').columns(['activity_id']).execute();

        await db.schema
          .createTable('money_flow')
          .addColumn('activity_id', text, (c) => c.notNull())
          .addColumn('measure', text, (c) => c.notNull())
          .addColumn('financier', text, (c) => c.notNull())
          .addColumn('financier_ref', text)
          .addColumn('value_minor', 'bigint', (c) => c.notNull())
          .addColumn('currency', text)
          .addColumn('value_date', text)
          .execute();
        await db.schema.createIndex('money_flow_by_activity').on('money_flow').columns(['activity_id', 'measure']).execute();

        await db.schema
          .createTable('organisation')
          .addColumn('ref', text, (c) => c.primaryKey())
          .addColumn('name', text)
          .addColumn('type', text)
          .addColumn('names', text, (c) => c.notNull())
          .addColumn('source_file', text)
          .execute();

        await db.schema
          .createTable('codelist')
          .addColumn('list', text, (c) => c.notNull())
          .addColumn('code', text, (c) => c.notNull())
          .addColumn('name', text, (c) => c.notNull())
          .addColumn('category', text)
          .addColumn('withdrawn', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('codelist_pk', ['list', 'code'])
          .execute();

        await db.schema
          .createTable('sync_state')
          .addColumn('key', text, (c) => c.primaryKey())
          .addColumn('source', text, (c) => c.notNull())
          .addColumn('query', text, (c) => c.notNull())
          .addColumn('next_offset', 'integer', (c) => c.notNull())
          .addColumn('total', 'integer')
          .addColumn('completed_at', text)
          .addColumn('updated_at', text, (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('exchange_rate')
          .addColumn('currency', text, (c) => c.notNull())
          .addColumn('frequency', text, (c) => c.notNull())
          .addColumn('period', text, (c) => c.notNull())
          .addColumn('units_per_usd', double, (c) => c.notNull())
          .addColumn('source', text, (c) => c.notNull())
          .addPrimaryKeyConstraint('exchange_rate_pk', ['currency', 'frequency', 'period'])
          .execute();
      },
    },
    '0002-statements': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('statement')
          .addColumn('id', text, (c) => c.primaryKey())
          .addColumn('source', text)
          .addColumn('title', text)
          .addColumn('published_on', text)
          .addColumn('added_at', text, (c) => c.notNull())
          .addColumn('text', text, (c) => c.notNull())
          .addColumn('extraction', text, (c) => c.notNull())
          .execute();
      },
    },
    '0003-locations': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('activity_location')
          .addColumn('activity_id', text, (c) => c.notNull())
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('ref', text)
          .addColumn('name', text)
          .addColumn('lat', double, (c) => c.notNull())
          .addColumn('lon', double, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('activity_location_by_activity').on('activity_location').columns(['activity_id']).execute();
        await backfillLocations(db as unknown as Kysely<Tables>);
      },
    },
    // Summaries read, for each filtered activity, a few columns of its row, its financiers, countries
    // or sectors, and its amounts. Indexes that hold those columns after the activity id answer
    // from the index alone, without a second lookup per row in the table (about half the time of a
    // country summary on a million activities). They replace the per-activity indexes that held
    // the id only (money_flow's also held the measure), which any lookup by activity id still uses.
    '0004-query-speed': {
      async up(db: Kysely<unknown>) {
        const covering: [string, string, string[], string?][] = [
          ['activity_filter_columns', 'activity', ['id', 'status', 'approval_date', 'closing_date', 'instrument']],
          [
            'money_flow_by_activity_covering',
            'money_flow',
            ['activity_id', 'measure', 'currency', 'value_date', 'value_minor', 'financier', 'financier_ref'],
            'money_flow_by_activity',
          ],
          [
            'activity_financier_by_activity_covering',
            'activity_financier',
            ['activity_id', 'financier', 'financier_ref', 'role'],
            'activity_financier_by_activity',
          ],
          [
            'activity_country_by_activity_covering',
            'activity_country',
            ['activity_id', 'country', 'share'],
            'activity_country_by_activity',
          ],
          ['activity_sector_by_activity_covering', 'activity_sector', ['activity_id', 'code', 'share'], 'activity_sector_by_activity'],
        ];
        for (const [name, table, columns, replaces] of covering) {
          await db.schema.createIndex(name).on(table).columns(columns).execute();
          if (replaces) await db.schema.dropIndex(replaces).execute();
        }
      },
    },
    // Whole-word search of titles and objectives (see fullText.ts), filled here for the projects a
    // store holds already and kept in step with every write of the activity table by the database.
    '0005-full-text': {
      async up(db: Kysely<unknown>) {
        for (const statement of dialect === 'postgres' ? POSTGRES_FULL_TEXT : SQLITE_FULL_TEXT) await sql.raw(statement).execute(db);
      },
    },
    // Sector rows in every breakdown vocabulary (dac5, dac3, worldbank) instead of one vocabulary
    // per project, World Bank themes out of the sectors, and financiers under one name per known
    // organisation: the records' documents get their themes field, and every project's rows are
    // laid out again from them, as an import now lays them out. The covering index of sectors by
    // activity holds the vocabulary, which a breakdown now joins on.
    '0006-sector-vocabulary': {
      async up(db: Kysely<unknown>) {
        const store = db as unknown as Kysely<Tables>;
        await rebuildAllProjects(store);
        await db.schema
          .createIndex('activity_sector_by_activity_vocabulary')
          .on('activity_sector')
          .columns(['activity_id', 'vocabulary', 'code', 'share'])
          .execute();
        await db.schema.dropIndex('activity_sector_by_activity_covering').execute();
        // A store that has its data version already (0009 ran before this) gives other answers now.
        if ((await db.introspection.getTables()).some((t) => t.name === 'data_version')) await raiseDataVersion(store);
      },
    },
    // A project's status on a day depends on the day its source's status is known on (model/status.ts).
    // Stores made before hold it in their records: the winning source's last-updated or import date.
    // The covering index of filter columns (0004) gains it, so status on a day is still read from the index.
    '0007-status-date': {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('activity').addColumn('status_date', text).execute();
        await sql`update activity set status_date = (
            select max(substr(coalesce(r.last_updated, r.imported_at), 1, 10)) from source_record r
            where r.project_id = activity.id and r.source = activity.source)`.execute(db);
        await db.schema.dropIndex('activity_filter_columns').execute();
        await db.schema
          .createIndex('activity_filter_columns')
          .on('activity')
          .columns(['id', 'status', 'status_date', 'approval_date', 'closing_date', 'instrument'])
          .execute();
      },
    },
    // ADB's IATI activities (one per loan or grant) became parts of one project keyed by ADB's
    // project number (model/project.ts): their records move to that key and the projects are merged anew.
    '0008-sources': {
      async up(db: Kysely<unknown>) {
        await rekeyProjects(db as unknown as Kysely<Tables>);
        // Run on a store whose activities' text the store writes (0013 before this), the projects laid out again need theirs.
        await indexMissingSearchText(db, dialect);
      },
    },
    // A version that every write raises, so readers can keep answers until the data changes.
    '0009-data-version': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('data_version')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .addColumn('version', 'bigint', (c) => c.notNull())
          .execute();
        await sql`insert into data_version (id, version) values (1, 0)`.execute(db);
      },
    },
    // Every import and sync kept as a record, with its warnings: `devfin log`, /api/imports, the Data page.
    '0010-import-log': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('import_log')
          .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) => c.primaryKey())
          .addColumn('kind', text, (c) => c.notNull())
          .addColumn('location', text, (c) => c.notNull())
          .addColumn('sha256', text)
          .addColumn('format', text)
          .addColumn('actor', text, (c) => c.notNull())
          .addColumn('started_at', text, (c) => c.notNull())
          .addColumn('finished_at', text, (c) => c.notNull())
          .addColumn('status', text, (c) => c.notNull())
          .addColumn('added', 'integer', (c) => c.notNull())
          .addColumn('replaced', 'integer', (c) => c.notNull())
          .addColumn('unchanged', 'integer', (c) => c.notNull())
          .addColumn('kept_newer', 'integer', (c) => c.notNull())
          .addColumn('organisations', 'integer', (c) => c.notNull())
          .addColumn('warnings', 'integer', (c) => c.notNull())
          .addColumn('error', text)
          .addColumn('error_line', 'integer')
          .execute();
        await db.schema.createIndex('import_log_location').on('import_log').columns(['location', 'id']).execute();
        await db.schema
          .createTable('import_warning')
          .addColumn('import_id', 'integer', (c) => c.notNull())
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('file', text, (c) => c.notNull())
          .addColumn('line', 'integer')
          .addColumn('kind', text, (c) => c.notNull())
          .addColumn('field', text)
          .addColumn('record_id', text)
          .addColumn('message', text, (c) => c.notNull())
          .addPrimaryKeyConstraint('import_warning_key', ['import_id', 'position'])
          .execute();
        await db.schema.createIndex('import_warning_record').on('import_warning').column('record_id').execute();
      },
    },
    // Records kept by hand (projects and the like that no source publishes, and corrections of
    // sourced projects' fields), and the log of every change made to them, with before and after.
    '0011-manual-records': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('manual_record')
          .addColumn('id', text, (c) => c.primaryKey())
          .addColumn('kind', text, (c) => c.notNull())
          .addColumn('project_id', text, (c) => c.notNull())
          .addColumn('doc', text, (c) => c.notNull())
          .addColumn('created_at', text, (c) => c.notNull())
          .addColumn('created_by', text, (c) => c.notNull())
          .addColumn('updated_at', text, (c) => c.notNull())
          .addColumn('updated_by', text, (c) => c.notNull())
          .addColumn('removed_at', text)
          .execute();
        await db.schema.createIndex('manual_record_by_project').on('manual_record').columns(['project_id']).execute();
        await db.schema
          .createTable('audit_log')
          .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
            dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
          )
          .addColumn('at', text, (c) => c.notNull())
          .addColumn('actor', text, (c) => c.notNull())
          .addColumn('action', text, (c) => c.notNull())
          .addColumn('subject', text, (c) => c.notNull())
          .addColumn('before', text)
          .addColumn('after', text)
          .execute();
        await db.schema.createIndex('audit_log_by_subject').on('audit_log').columns(['subject', 'seq']).execute();
      },
    },
    // Tokens of the HTTP API's users: only their SHA-256 is kept, with a name and a role.
    '0012-tokens': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('api_token')
          .addColumn('name', text, (c) => c.primaryKey())
          .addColumn('role', text, (c) => c.notNull())
          .addColumn('sha256', text, (c) => c.notNull().unique())
          .addColumn('created_at', text, (c) => c.notNull())
          .addColumn('created_by', text, (c) => c.notNull())
          .addColumn('revoked_at', text)
          .execute();
      },
    },
    // SQLite: the store writes an inserted activity's search text itself (fullText.ts says why);
    // the triggers of deletes and changes stay.
    '0013-search-text-written-by-store': {
      async up(db: Kysely<unknown>) {
        if (dialect === 'sqlite') await sql`drop trigger activity_text_insert`.execute(db);
      },
    },
  };
}

/** Moves records whose project key has changed to their new project, and lays the projects they leave and join out again. */
export async function rekeyProjects(db: Kysely<Tables>): Promise<void> {
  const rows = await db.selectFrom('source_record').select(['id', 'project_id']).where('id', 'like', '%46004-%').execute();
  const moved = rows.filter((row) => projectKey(row) !== row.project_id);
  if (moved.length === 0) return;
  for (const row of moved)
    await db
      .updateTable('source_record')
      .set({ project_id: projectKey(row) })
      .where('id', '=', row.id)
      .execute();
  const affected = [...new Set(moved.flatMap((row) => [row.project_id, projectKey(row)]))];
  for (let i = 0; i < affected.length; i += 500) {
    const ids = affected.slice(i, i + 500);
    for (const table of PROJECT_CHILD_TABLES) await db.deleteFrom(table).where('activity_id', 'in', ids).execute();
    await db.deleteFrom('activity').where('id', 'in', ids).execute();
    const byProject = new Map<string, Activity[]>();
    for (const record of await recordsOfProjects(db, ids))
      byProject.set(projectKey(record), [...(byProject.get(projectKey(record)) ?? []), record]);
    for (const records of byProject.values()) {
      const project = projectRows(mergeRecords(records));
      await db.insertInto('activity').values(project.activity).execute();
      for (const table of PROJECT_CHILD_TABLES) {
        const values = project[table] as object[];
        if (values.length > 0)
          await db
            .insertInto(table)
            .values(values as never)
            .execute();
      }
    }
  }
}

/**
 * A stored document as the readers now write it: with a `themes` field after `sectors`, holding
 * the World Bank's level-1 themes, which its records kept among their sectors as vocabulary 98.
 * (IATI's vocabulary 98 is a publisher's second vocabulary: those stay sectors.)
 */
export function docWithThemes(doc: string, source: string): string {
  const record = JSON.parse(doc) as Record<string, unknown>;
  if ('themes' in record) return doc;
  const sectors = (record.sectors ?? []) as { code: string; vocabulary: string; percentage: number | null }[];
  const isTheme = (s: { vocabulary: string }) => (source === 'worldbank' || source === 'worldbank-api') && s.vocabulary === '98';
  const upgraded: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(record)) {
    if (field !== 'sectors') {
      upgraded[field] = value;
      continue;
    }
    upgraded.sectors = sectors.filter((s) => !isTheme(s));
    upgraded.themes = sectors.filter(isTheme).map((s) => ({ name: s.code, percentage: s.percentage }));
  }
  return JSON.stringify(upgraded);
}

/** The documents of these projects' records rewritten as docWithThemes says, where it changes them. */
async function moveThemesOutOfSectors(db: Kysely<Tables>, projectIds: string[]): Promise<void> {
  const rows = await db.selectFrom('source_record').select(['id', 'source', 'doc']).where('project_id', 'in', projectIds).execute();
  for (const row of rows) {
    const doc = docWithThemes(row.doc, row.source);
    if (doc !== row.doc)
      await db.updateTable('source_record').set({ doc }).where('id', '=', row.id).where('source', '=', row.source).execute();
  }
}

/** The rows that 0006-sector-vocabulary lays out anew: those of sectors and of financiers. */
const REBUILT_TABLES = ['activity_financier', 'activity_sector', 'money_flow'] as const;

/**
 * Every project's sector and financier rows laid out anew from its records (see activityRows.ts
 * projectRows), after its records' documents are brought to the present form; of the activity
 * row only the financier's name, which may have changed. (The activity row is not written whole:
 * later migrations add columns to it that this one must not write before they exist.)
 */
async function rebuildAllProjects(db: Kysely<Tables>): Promise<void> {
  const projects = await db.selectFrom('activity').select(['id', 'financier']).orderBy('id').execute();
  for (let i = 0; i < projects.length; i += 500) {
    const chunk = projects.slice(i, i + 500);
    const ids = chunk.map((p) => p.id);
    await moveThemesOutOfSectors(db, ids);
    const records = await recordsOfProjects(db, ids);
    const byProject = new Map<string, Activity[]>();
    for (const record of records) byProject.set(projectKey(record), [...(byProject.get(projectKey(record)) ?? []), record]);
    const rows = [...byProject.values()].map((project) => projectRows(mergeRecords(project)));
    for (const table of REBUILT_TABLES) {
      await db.deleteFrom(table).where('activity_id', 'in', ids).execute();
      await insertRows(
        db,
        table,
        rows.flatMap((r): object[] => r[table]),
      );
    }
    const stored = new Map(chunk.map((p) => [p.id, p.financier]));
    for (const { activity } of rows)
      if (stored.get(activity.id) !== activity.financier)
        await db.updateTable('activity').set({ financier: activity.financier }).where('id', '=', activity.id).execute();
  }
}

/** Rows in statements of at most some 30,000 bound values, under both databases' limits. */
async function insertRows(db: Kysely<Tables>, table: keyof Tables, rows: object[]): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const size = Math.max(1, Math.floor(30_000 / Object.keys(first).length));
  for (let i = 0; i < rows.length; i += size)
    await db
      .insertInto(table)
      // biome-ignore lint/suspicious/noExplicitAny: rows are laid out for this table by activityRows
      .values(rows.slice(i, i + size) as any)
      .execute();
}

/**
 * SQLite: an FTS5 index of each project's title and objective, English words stemmed by the porter
 * tokenizer. It keeps no copy of the text (content='') and is keyed by a number that
 * activity_text_key gives each project: the activity table's own rowids are not stable (its key
 * is a text, so VACUUM may renumber them). Triggers on the activity table keep it in step: every
 * import, replacement and merge of a project deletes and inserts its row. Diacritics are kept, as
 * PostgreSQL keeps them.
 */
const SQLITE_FULL_TEXT = [
  'create table activity_text_key (key integer primary key, activity_id text not null unique)',
  "create virtual table activity_text using fts5(title, objective, content='', tokenize='porter unicode61 remove_diacritics 0')",
  'insert into activity_text_key (activity_id) select id from activity order by id',
  'insert into activity_text (rowid, title, objective) select k.key, a.title, a.objective from activity a join activity_text_key k on k.activity_id = a.id',
  `create trigger activity_text_insert after insert on activity begin
     insert into activity_text_key (activity_id) values (new.id);
     insert into activity_text (rowid, title, objective)
       select key, new.title, new.objective from activity_text_key where activity_id = new.id;
   end`,
  // A contentless index forgets a row only when given the text it indexed: the deleted row's.
  `create trigger activity_text_delete after delete on activity begin
     insert into activity_text (activity_text, rowid, title, objective)
       select 'delete', key, old.title, old.objective from activity_text_key where activity_id = old.id;
     delete from activity_text_key where activity_id = old.id;
   end`,
  `create trigger activity_text_update after update of id, title, objective on activity begin
     insert into activity_text (activity_text, rowid, title, objective)
       select 'delete', key, old.title, old.objective from activity_text_key where activity_id = old.id;
     update activity_text_key set activity_id = new.id where activity_id = old.id;
     insert into activity_text (rowid, title, objective)
       select key, new.title, new.objective from activity_text_key where activity_id = new.id;
   end`,
];

/**
 * PostgreSQL: a tsvector column that the database computes from the title (weight A) and the
 * objective (weight B), with a GIN index. Its text search configuration is the 'english' one with
 * the Snowball English stemmer and no stop words: FTS5 drops no word, so neither may PostgreSQL for
 * both stores to find the same projects ("the", "after" and "against" are words people search
 * for, too). ASCII punctuation becomes a space first, as FTS5's tokenizer splits words there:
 * PostgreSQL's parser would otherwise keep "1.5", "kz-road" or a web address as one token.
 */
const POSTGRES_FULL_TEXT = [
  'create text search dictionary devfin_english_stem (template = snowball, language = english)',
  'create text search configuration devfin_english (copy = english)',
  `alter text search configuration devfin_english alter mapping for
     asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart
     with devfin_english_stem`,
  `alter table activity add column search_vector tsvector generated always as (
     setweight(to_tsvector('devfin_english'::regconfig, regexp_replace(coalesce(title, ''), '[[:punct:]]+', ' ', 'g')), 'A') ||
     setweight(to_tsvector('devfin_english'::regconfig, regexp_replace(coalesce(objective, ''), '[[:punct:]]+', ' ', 'g')), 'B')
   ) stored`,
  'create index activity_search on activity using gin (search_vector)',
];

/**
 * The locations of the projects a store held before it had the table, read from their records as
 * an import would write them. Only records with a point can give a row: the others are not read.
 */
export async function backfillLocations(db: Kysely<Tables>): Promise<void> {
  const located = await db
    .selectFrom('source_record')
    .select('project_id')
    .distinct()
    .where('doc', 'like', '%"point":{%')
    .orderBy('project_id')
    .execute();
  const projectIds = located.map((r) => r.project_id);
  for (let i = 0; i < projectIds.length; i += 500) {
    const records = await recordsOfProjects(db, projectIds.slice(i, i + 500));
    const byProject = new Map<string, Activity[]>();
    for (const record of records) byProject.set(projectKey(record), [...(byProject.get(projectKey(record)) ?? []), record]);
    const rows = [...byProject.values()].flatMap((project) => locationRows(mergeRecords(project)));
    // Well under both databases' limits of bound parameters per statement.
    for (let j = 0; j < rows.length; j += 2000)
      await db
        .insertInto('activity_location')
        .values(rows.slice(j, j + 2000))
        .execute();
  }
}
