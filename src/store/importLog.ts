// The import log: one row per file imported (or refused, or found imported before) and per page
// of a sync, with its warnings. Written in its own transaction once the file's own has ended, so
// a file refused or rolled back is logged too; raising the data version lets the HTTP API's
// answer cache see a new entry as it sees new data.

import type { ImportLogEntry, LoggedImport, LoggedWarning, SourceQuality } from '../model/answers.js';
import type { InputWarning } from '../model/problems.js';
import { classifyWarning } from '../model/warningKind.js';
import { raiseDataVersion } from './dataVersion.js';
import type { Store } from './open.js';
import type { ImportLogTable, ImportWarningTable } from './tables.js';

/** Warnings written per statement: well under both databases' limits of bound parameters. */
const WARNING_BATCH = 500;

/** Logs one import with its warnings; returns its id. */
export async function logImport(store: Store, entry: ImportLogEntry, warnings: InputWarning[]): Promise<number> {
  return store.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('import_log')
      .values({
        kind: entry.kind,
        location: entry.location,
        sha256: entry.sha256,
        format: entry.format,
        actor: entry.actor,
        started_at: entry.startedAt,
        finished_at: entry.finishedAt,
        status: entry.status,
        added: entry.counts.added,
        replaced: entry.counts.replaced,
        unchanged: entry.counts.unchanged,
        kept_newer: entry.counts.keptNewer,
        organisations: entry.counts.organisations,
        warnings: entry.warnings,
        error: entry.error?.message ?? null,
        error_line: entry.error?.line ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const importId = Number(id);
    const rows: ImportWarningTable[] = warnings.map((warning, position) => {
      const classified = classifyWarning(warning);
      return {
        import_id: importId,
        position,
        file: warning.file,
        line: warning.line,
        kind: classified.kind,
        field: classified.field,
        record_id: classified.recordId,
        message: warning.message,
      };
    });
    for (let i = 0; i < rows.length; i += WARNING_BATCH)
      await trx
        .insertInto('import_warning')
        .values(rows.slice(i, i + WARNING_BATCH))
        .execute();
    await raiseDataVersion(trx);
    return importId;
  });
}

type ImportLogRow = Omit<ImportLogTable, 'id'> & { id: number | string };

function fromRow(row: ImportLogRow): LoggedImport {
  return {
    id: Number(row.id),
    kind: row.kind as LoggedImport['kind'],
    location: row.location,
    sha256: row.sha256,
    format: row.format,
    actor: row.actor,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    status: row.status as LoggedImport['status'],
    counts: {
      added: row.added,
      replaced: row.replaced,
      unchanged: row.unchanged,
      keptNewer: row.kept_newer,
      organisations: row.organisations,
    },
    warnings: row.warnings,
    error: row.error == null ? null : { message: row.error, line: row.error_line },
  };
}

/** The most recent imports first. */
export async function recentImports(store: Store, { limit, offset = 0 }: { limit: number; offset?: number }): Promise<LoggedImport[]> {
  const rows = await store.db.selectFrom('import_log').selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute();
  return rows.map(fromRow);
}

export async function countImports(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('import_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function importById(store: Store, id: number): Promise<LoggedImport | null> {
  const row = await store.db.selectFrom('import_log').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? fromRow(row) : null;
}

/** The latest import of a file or URL (its path as given then, or its checksum). */
export async function latestImportOf(store: Store, location: string): Promise<LoggedImport | null> {
  const row = await store.db
    .selectFrom('import_log')
    .selectAll()
    .where((eb) => eb.or([eb('location', '=', location), eb('sha256', '=', location)]))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? fromRow(row) : null;
}

export async function warningsOfImport(store: Store, id: number): Promise<LoggedWarning[]> {
  const rows = await store.db.selectFrom('import_warning').selectAll().where('import_id', '=', id).orderBy('position').execute();
  return rows.map(warningFromRow);
}

function warningFromRow(row: ImportWarningTable): LoggedWarning {
  return { file: row.file, line: row.line, kind: row.kind, field: row.field, recordId: row.record_id, message: row.message };
}

/**
 * The warnings about the records of one project, from the latest import of each file that gave
 * them (a file imported again warns again; the earlier import's warnings are history).
 */
export async function warningsOfProject(store: Store, projectId: string): Promise<LoggedWarning[]> {
  const records = await store.db.selectFrom('source_record').select('id').where('project_id', '=', projectId).execute();
  if (records.length === 0) return [];
  const rows = await store.db
    .selectFrom('import_warning')
    .selectAll()
    .where(
      'record_id',
      'in',
      records.map((r) => r.id),
    )
    .where('import_id', 'in', (eb) =>
      eb
        .selectFrom('import_log')
        .select((e) => e.fn.max<number>('id').as('id'))
        .groupBy('location'),
    )
    .orderBy('import_id')
    .orderBy('position')
    .execute();
  return rows.map(warningFromRow);
}

/** Per source: coverage (activities, countries, approval dates), freshness (last import) and warnings. */
export async function sourceQuality(store: Store): Promise<SourceQuality[]> {
  const coverage = await store.db
    .selectFrom('activity')
    .leftJoin('activity_country', 'activity_country.activity_id', 'activity.id')
    .select((eb) => [
      'activity.source',
      eb.fn.count<number>('activity.id').distinct().as('activities'),
      eb.fn.count<number>('activity_country.country').distinct().as('countries'),
      eb.fn.min('activity.approval_date').as('first_approval'),
      eb.fn.max('activity.approval_date').as('last_approval'),
    ])
    .groupBy('activity.source')
    .execute();
  // A file's source is the source of its records; a refused file has none, and counts under its format.
  const logs = await store.db
    .selectFrom('import_log')
    .leftJoin(
      (eb) => eb.selectFrom('source_record').select(['source_file', 'source']).distinct().as('file_source'),
      (join) => join.onRef('file_source.source_file', '=', 'import_log.sha256'),
    )
    .select((eb) => [
      eb.fn.coalesce('file_source.source', 'import_log.format').as('source'),
      eb.fn.max('import_log.finished_at').as('last_import'),
      eb.fn.countAll<number>().as('imports'),
      eb.fn.sum<number>(eb.case().when('import_log.status', '=', 'rejected').then(1).else(0).end()).as('refused'),
    ])
    .groupBy((eb) => eb.fn.coalesce('file_source.source', 'import_log.format'))
    .execute();
  const warnings = await store.db
    .selectFrom('import_warning')
    .innerJoin('import_log', 'import_log.id', 'import_warning.import_id')
    .innerJoin('source_record', (join) =>
      join.onRef('source_record.source_file', '=', 'import_log.sha256').onRef('source_record.id', '=', 'import_warning.record_id'),
    )
    .select((eb) => ['source_record.source', 'import_warning.kind', eb.fn.countAll<number>().as('n')])
    .where('import_log.id', 'in', (eb) =>
      eb
        .selectFrom('import_log')
        .select((e) => e.fn.max<number>('id').as('id'))
        .groupBy('location'),
    )
    .groupBy(['source_record.source', 'import_warning.kind'])
    .execute();
  const sources = new Map<string, SourceQuality>();
  const entry = (source: string) => {
    let found = sources.get(source);
    if (!found) {
      found = {
        source,
        activities: 0,
        countries: 0,
        firstApproval: null,
        lastApproval: null,
        lastImport: null,
        imports: 0,
        refused: 0,
        warnings: {},
      };
      sources.set(source, found);
    }
    return found;
  };
  for (const row of coverage)
    Object.assign(entry(row.source), {
      activities: Number(row.activities),
      countries: Number(row.countries),
      firstApproval: row.first_approval ?? null,
      lastApproval: row.last_approval ?? null,
    });
  for (const row of logs) {
    if (row.source == null) continue;
    Object.assign(entry(row.source), {
      lastImport: row.last_import ?? null,
      imports: Number(row.imports),
      refused: Number(row.refused ?? 0),
    });
  }
  for (const row of warnings) {
    const found = entry(row.source);
    found.warnings[row.kind] = (found.warnings[row.kind] ?? 0) + Number(row.n);
  }
  return [...sources.values()].sort((a, b) => a.source.localeCompare(b.source));
}
