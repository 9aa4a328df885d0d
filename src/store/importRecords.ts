// Writes what a source read from one file into the store, as one transaction: the file lands whole
// or not at all. Re-importing the same bytes changes nothing; a record is only replaced by a
// version with a later last-updated-datetime. Each record's project is then merged anew.
import type { Transaction } from 'kysely';
import type { Activity } from '../model/activity.js';
import { applyCorrections, type StoredCorrection } from '../model/manualRecord.js';
import type { Organisation } from '../model/organisation.js';
import type { InputWarning } from '../model/problems.js';
import { mergeRecords, projectKey } from '../model/project.js';
import type { SourceRecord } from '../model/sourceRecord.js';
import {
  IMPORT_BATCH,
  type PreparedActivity,
  projectRows,
  type RecordHead,
  recordDoc,
  recordFromDoc,
  sourceRecordRow,
  writeProjectRows,
} from './activityRows.js';
import { type RowWriter, rowWriter } from './bulkInsert.js';
import { raiseDataVersion } from './dataVersion.js';
import { type ImportLookups, importLookups } from './importLookups.js';
import { correctionsOfProjects, hasCorrections, holdCorrections } from './manualRecords.js';
import type { Store } from './open.js';
import { recordsOfProjects } from './sourceRecords.js';
import type { Tables } from './tables.js';

export interface SourceFile {
  location: string;
  sha256: string;
  kind: string;
}

export interface ImportCounts {
  added: number;
  replaced: number;
  unchanged: number;
  /** Activities not written because the store holds a newer version. */
  keptNewer: number;
  organisations: number;
  warnings: number;
}

export type ImportOutcome =
  | { status: 'imported'; counts: ImportCounts }
  | { status: 'already-imported'; previous: { location: string; importedAt: string } };

export interface ImportObserver {
  warning?(warning: InputWarning): void;
  progress?(bytes: number): void;
}

/** An activity as a reader gives it, or as the reading thread prepared it (see PreparedActivity). */
type IncomingActivity = Extract<SourceRecord, { kind: 'activity' }> | PreparedActivity;

/** An incoming activity as the import handles it: the whole activity is made only when needed. */
interface Staged extends Omit<PreparedActivity, 'kind'> {
  activity(): Activity;
}

function staged(record: IncomingActivity): Staged {
  if (record.kind === 'prepared-activity') {
    const { kind: _kind, ...prepared } = record;
    return { ...prepared, activity: () => recordFromDoc(record.doc, record.provenance) };
  }
  const { activity } = record;
  const { id, lastUpdated, provenance } = activity;
  return { id, lastUpdated, provenance, doc: record.doc ?? recordDoc(activity), rows: null, activity: () => activity };
}

export async function importRecords(
  store: Store,
  file: SourceFile,
  records: AsyncIterable<SourceRecord | PreparedActivity | { kind: string }>,
  observer: ImportObserver = {},
): Promise<ImportOutcome> {
  const previous = await importedBefore(store, file.sha256);
  if (previous) return previous;

  const counts: ImportCounts = { added: 0, replaced: 0, unchanged: 0, keptNewer: 0, organisations: 0, warnings: 0 };
  try {
    await store.db.transaction().execute(async (trx) => {
      // The file is claimed first: an import of the same bytes that started meanwhile (another
      // process) waits here on PostgreSQL until this one ends, then finds the file taken.
      const claim = await trx
        .insertInto('source_file')
        .values({
          sha256: file.sha256,
          location: file.location,
          kind: file.kind,
          imported_at: new Date().toISOString(),
          activities: 0,
          organisations: 0,
        })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .executeTakeFirst();
      if (Number(claim.numInsertedOrUpdatedRows ?? 0) === 0) throw new ImportedMeanwhile();
      await holdCorrections(store, trx);
      const writer: Writer = {
        trx,
        write: rowWriter(store, trx),
        lookups: importLookups(store, trx),
        corrections: await hasCorrections(trx),
      };
      let batch: Staged[] = [];
      for await (const record of records as AsyncIterable<SourceRecord | PreparedActivity>) {
        switch (record.kind) {
          case 'activity':
          case 'prepared-activity':
            batch.push(staged(record));
            if (batch.length >= IMPORT_BATCH) {
              await writeActivities(writer, batch, file.sha256, counts);
              batch = [];
            }
            break;
          case 'organisation':
            await writeOrganisation(trx, record.organisation, file.sha256);
            counts.organisations++;
            break;
          case 'warning':
            counts.warnings++;
            observer.warning?.(record.warning);
            break;
          case 'progress':
            observer.progress?.(record.bytes);
            break;
        }
      }
      await writeActivities(writer, batch, file.sha256, counts);
      await trx
        .updateTable('source_file')
        .set({ activities: counts.added + counts.replaced + counts.unchanged + counts.keptNewer, organisations: counts.organisations })
        .where('sha256', '=', file.sha256)
        .execute();
      await raiseDataVersion(trx);
    });
  } catch (error) {
    const meanwhile = error instanceof ImportedMeanwhile ? await importedBefore(store, file.sha256) : null;
    if (meanwhile) return meanwhile;
    throw error;
  }
  return { status: 'imported', counts };
}

/** Thrown inside the import's transaction, to end it, when another import has taken the same file. */
class ImportedMeanwhile extends Error {}

async function importedBefore(store: Store, sha256: string): Promise<ImportOutcome | null> {
  const previous = await store.db
    .selectFrom('source_file')
    .select(['location', 'imported_at'])
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return previous ? { status: 'already-imported', previous: { location: previous.location, importedAt: previous.imported_at } } : null;
}

/** Is `incoming` a later version than what is stored? Missing timestamps lose to present ones. */
function isNewer(incoming: string | null, stored: string | null): boolean {
  if (incoming == null) return stored == null;
  if (stored == null) return true;
  return Date.parse(incoming) > Date.parse(stored);
}

/** The transaction of one import, its fast row writer and its queries per batch. */
interface Writer {
  /** Whether the store holds corrections made by hand at all (most hold none, and their imports need not look for them). */
  corrections: boolean;
  trx: Transaction<Tables>;
  write: RowWriter;
  lookups: ImportLookups;
}

async function writeActivities(writer: Writer, batch: Staged[], sourceFile: string, counts: ImportCounts): Promise<void> {
  if (batch.length === 0) return;
  const { write, lookups } = writer;
  // A record is known by its source and id: the export and the API may both describe P123456.
  const source = batch[0]?.provenance.source as string;
  const ids = batch.map((r) => r.id);
  const storedRows = await lookups.storedVersions(source, ids);
  const stored = new Map(storedRows.map((row) => [row.id, row]));
  const accepted: Staged[] = [];
  const rows = [];
  for (const record of batch) {
    const existing = stored.get(record.id);
    if (existing) {
      if (existing.doc === record.doc) {
        counts.unchanged++;
        continue;
      }
      if (!isNewer(record.lastUpdated, existing.last_updated)) {
        counts.keptNewer++;
        continue;
      }
      counts.replaced++;
    } else {
      counts.added++;
    }
    accepted.push(record);
    rows.push(sourceRecordRow(record, sourceFile, record.doc));
  }
  if (accepted.length === 0) return;
  const replaced = accepted.filter((r) => stored.has(r.id)).map((r) => r.id);
  if (replaced.length > 0) await lookups.deleteRecords(source, replaced);
  await write('source_record', rows);
  await rebuildProjects(writer, accepted);
}

/**
 * Merges anew the projects that the accepted records belong to. Records of the same project
 * stored before (from another source) are read back; most projects have one record and need none,
 * and for those the rows the reading thread laid out, if it did, are written as they came.
 */
async function rebuildProjects({ trx, write, lookups, corrections: anyCorrections }: Writer, accepted: Staged[]): Promise<void> {
  const byProject = new Map<string, { incoming: Staged[]; earlier: Activity[] }>();
  for (const record of accepted) {
    const key = projectKey(record);
    const project = byProject.get(key);
    if (project) project.incoming.push(record);
    else byProject.set(key, { incoming: [record], earlier: [] });
  }
  const projectIds = [...byProject.keys()];
  const recordKey = (r: RecordHead) => `${r.provenance.source}|${r.id}`;
  const acceptedKeys = new Set(accepted.map(recordKey));
  const earlier = await recordsOfProjects(trx, await lookups.sharedProjects(projectIds));
  for (const record of earlier) if (!acceptedKeys.has(recordKey(record))) byProject.get(projectKey(record))?.earlier.push(record);

  // Corrections made by hand are laid over the merged records again, so an import never undoes them.
  const corrections = anyCorrections ? await correctionsOfProjects(trx, projectIds) : new Map<string, StoredCorrection[]>();
  await lookups.deleteProjects(projectIds);
  const rows = [...byProject.entries()].map(([projectId, { incoming, earlier }]) => {
    const [only] = incoming;
    const overlay = corrections.get(projectId);
    if (!overlay && only?.rows && incoming.length === 1 && earlier.length === 0) return only.rows;
    const merged = mergeRecords([...incoming.map((r) => r.activity()), ...earlier]);
    return projectRows(overlay ? applyCorrections(merged, overlay) : merged);
  });
  await writeProjectRows(write, rows);
}

async function writeOrganisation(trx: Transaction<Tables>, organisation: Organisation, sourceFile: string): Promise<void> {
  const row = {
    ref: organisation.ref,
    name: organisation.names.find((n) => n.lang === 'en')?.text ?? organisation.names[0]?.text ?? null,
    type: organisation.type,
    names: JSON.stringify(organisation.names),
    source_file: sourceFile,
  };
  await trx
    .insertInto('organisation')
    .values(row)
    .onConflict((oc) => oc.column('ref').doUpdateSet({ name: row.name, type: row.type, names: row.names, source_file: row.source_file }))
    .execute();
}
