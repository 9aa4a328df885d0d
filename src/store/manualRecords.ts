// Records kept by hand and their audit log. A record of a project (or programme, framework,
// advisory work) is also a source record of source `manual`, so its project is laid out like any
// imported one and every question counts it; a correction is an overlay of fields that is laid over
// its project's merged record whenever the project is laid out (here and in importRecords.ts), so a
// new import of the corrected source never undoes it. Every change is one transaction with its
// audit entry and a raised data version.
import { type Kysely, sql, type Transaction } from 'kysely';
import {
  applyCorrections,
  type CorrectionInput,
  type ManualActivityInput,
  type ManualRecordInput,
  manualActivity,
  type StoredCorrection,
} from '../model/manualRecord.js';
import { mergeRecords, projectKey } from '../model/project.js';
import { PROJECT_CHILD_TABLES, projectRows, recordDoc, writeProjectRows } from './activityRows.js';
import { rowWriter } from './bulkInsert.js';
import { raiseDataVersion } from './dataVersion.js';
import type { Store } from './open.js';
import { projectIdOf, recordsOfProjects } from './sourceRecords.js';
import type { Tables } from './tables.js';

type Reader = Pick<Kysely<Tables>, 'selectFrom'>;

export interface StoredManualRecord {
  id: string;
  kind: ManualRecordInput['kind'];
  /** The project the record makes, or the project a correction corrects. */
  projectId: string;
  record: ManualRecordInput;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  removedAt: string | null;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  before: unknown;
  after: unknown;
}

/** Why a change cannot be made; the HTTP API answers 404 for `missing`, 409 for the others. */
export class ManualRecordStateError extends Error {
  constructor(
    readonly reason: 'missing' | 'exists' | 'removed' | 'not-removed' | 'mismatch',
    message: string,
  ) {
    super(message);
  }
}

function storedRecord(row: Tables['manual_record']): StoredManualRecord {
  return {
    id: row.id,
    kind: row.kind as ManualRecordInput['kind'],
    projectId: row.project_id,
    record: JSON.parse(row.doc) as ManualRecordInput,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    removedAt: row.removed_at,
  };
}

export async function manualRecord(db: Reader, id: string): Promise<StoredManualRecord | null> {
  const row = await db.selectFrom('manual_record').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? storedRecord(row) : null;
}

export async function listManualRecords(store: Store, options: { includeRemoved?: boolean } = {}): Promise<StoredManualRecord[]> {
  let query = store.db.selectFrom('manual_record').selectAll().orderBy('id');
  if (!options.includeRemoved) query = query.where('removed_at', 'is', null);
  return (await query.execute()).map(storedRecord);
}

/** The corrections in force for these projects, by project id. */
export async function correctionsOfProjects(db: Reader, projectIds: string[]): Promise<Map<string, StoredCorrection[]>> {
  const byProject = new Map<string, StoredCorrection[]>();
  if (projectIds.length === 0) return byProject;
  const rows = await db
    .selectFrom('manual_record')
    .select(['id', 'project_id', 'doc', 'updated_at', 'updated_by'])
    .where('kind', '=', 'correction')
    .where('removed_at', 'is', null)
    .where('project_id', 'in', projectIds)
    .execute();
  for (const row of rows) {
    const input = JSON.parse(row.doc) as CorrectionInput;
    const correction = { id: row.id, fields: input.fields, reason: input.reason, by: row.updated_by, at: row.updated_at };
    byProject.set(row.project_id, [...(byProject.get(row.project_id) ?? []), correction]);
  }
  return byProject;
}

/** The entries of the audit log about a record, or about a project and the corrections of it, oldest first. */
export async function auditEntries(store: Store, subject: string): Promise<AuditEntry[]> {
  const corrections = await store.db.selectFrom('manual_record').select('id').where('project_id', '=', subject).execute();
  const subjects = [subject, ...corrections.map((c) => c.id)];
  const rows = await store.db.selectFrom('audit_log').selectAll().where('subject', 'in', subjects).orderBy('seq').execute();
  const parse = (text: string | null) => (text == null ? null : JSON.parse(text));
  return rows.map((r) => ({ ...r, seq: Number(r.seq), before: parse(r.before), after: parse(r.after) }));
}

/** Writes one entry of the audit log inside the change's transaction. */
export async function writeAuditEntry(
  trx: Pick<Kysely<Tables>, 'insertInto'>,
  entry: { actor: string; action: string; subject: string; before: unknown; after: unknown },
): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      at: new Date().toISOString(),
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject,
      before: entry.before == null ? null : JSON.stringify(entry.before),
      after: entry.after == null ? null : JSON.stringify(entry.after),
    })
    .execute();
}

/**
 * Imports and changes of records take turns on PostgreSQL, so that an import, which looks once for
 * the corrections it must lay over the projects it writes, never misses one made meanwhile: imports
 * hold this lock shared (they run together), changes of records exclusively. SQLite runs one write
 * transaction at a time anyway. The key is devfin's own ("devf"), apart from Kysely's migration lock.
 */
const RECORDS_LOCK = 0x64657666;

/** Inside an import's transaction: no change of records runs until it ends. */
export async function holdCorrections(store: Store, trx: Transaction<Tables>): Promise<void> {
  if (!store.sqlite) await sql`select pg_advisory_xact_lock_shared(${RECORDS_LOCK})`.execute(trx);
}

/** Whether any correction is in force: a store without any lays its projects out without looking for them. */
export async function hasCorrections(db: Reader): Promise<boolean> {
  const row = await db
    .selectFrom('manual_record')
    .select('id')
    .where('kind', '=', 'correction')
    .where('removed_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

async function change<T>(store: Store, work: (trx: Transaction<Tables>) => Promise<T>): Promise<T> {
  return store.db.transaction().execute(async (trx) => {
    if (!store.sqlite) await sql`select pg_advisory_xact_lock(${RECORDS_LOCK})`.execute(trx);
    const result = await work(trx);
    await raiseDataVersion(trx);
    return result;
  });
}

/** Adds a record; a correction's `corrects` must name a project in the store. */
export async function addManualRecord(store: Store, input: ManualRecordInput, actor: string): Promise<StoredManualRecord> {
  return change(store, async (trx) => {
    const existing = await manualRecord(trx, input.id);
    if (existing)
      throw new ManualRecordStateError(
        'exists',
        existing.removedAt
          ? `a removed record ${input.id} exists: restore it (records restore ${input.id}) or choose another id`
          : `a record ${input.id} exists: edit it, or choose another id`,
      );
    const projectId = input.kind === 'correction' ? await correctedProject(trx, input) : await newProjectId(trx, input);
    const at = new Date().toISOString();
    const stored: StoredManualRecord = {
      id: input.id,
      kind: input.kind,
      projectId,
      record: input,
      createdAt: at,
      createdBy: actor,
      updatedAt: at,
      updatedBy: actor,
      removedAt: null,
    };
    await trx
      .insertInto('manual_record')
      .values({
        id: stored.id,
        kind: stored.kind,
        project_id: projectId,
        doc: JSON.stringify(input),
        created_at: at,
        created_by: actor,
        updated_at: at,
        updated_by: actor,
        removed_at: null,
      })
      .execute();
    if (input.kind !== 'correction') await writeSourceRecord(trx, input, actor, at);
    await layOutProjects(store, trx, [projectId]);
    await writeAuditEntry(trx, { actor, action: 'add', subject: input.id, before: null, after: stored });
    return stored;
  });
}

/** Replaces a record's fields; its kind (a correction or not) stays what it was. */
export async function editManualRecord(store: Store, input: ManualRecordInput, actor: string): Promise<StoredManualRecord> {
  return change(store, async (trx) => {
    const before = await currentRecord(trx, input.id);
    if ((before.kind === 'correction') !== (input.kind === 'correction'))
      throw new ManualRecordStateError(
        'mismatch',
        `record ${input.id} is a ${before.kind} record; a ${input.kind} record replaces it only by removing it and adding a new one`,
      );
    const projectId = input.kind === 'correction' ? await correctedProject(trx, input) : before.projectId;
    const at = new Date().toISOString();
    const after: StoredManualRecord = { ...before, kind: input.kind, projectId, record: input, updatedAt: at, updatedBy: actor };
    await trx
      .updateTable('manual_record')
      .set({ kind: input.kind, project_id: projectId, doc: JSON.stringify(input), updated_at: at, updated_by: actor })
      .where('id', '=', input.id)
      .execute();
    if (input.kind !== 'correction') {
      await trx.deleteFrom('source_record').where('source', '=', 'manual').where('id', '=', input.id).execute();
      await writeSourceRecord(trx, input, actor, at);
    }
    await layOutProjects(store, trx, [...new Set([before.projectId, projectId])]);
    await writeAuditEntry(trx, { actor, action: 'edit', subject: input.id, before: before, after: after });
    return after;
  });
}

/** Takes a record out of every answer; it is kept, so that `restoreManualRecord` can bring it back. */
export async function removeManualRecord(store: Store, id: string, actor: string): Promise<StoredManualRecord> {
  return change(store, async (trx) => {
    const before = await currentRecord(trx, id);
    const at = new Date().toISOString();
    const after: StoredManualRecord = { ...before, removedAt: at };
    await trx.updateTable('manual_record').set({ removed_at: at }).where('id', '=', id).execute();
    if (before.kind !== 'correction') await trx.deleteFrom('source_record').where('source', '=', 'manual').where('id', '=', id).execute();
    await layOutProjects(store, trx, [before.projectId]);
    await writeAuditEntry(trx, { actor, action: 'remove', subject: id, before: before, after: after });
    return after;
  });
}

export async function restoreManualRecord(store: Store, id: string, actor: string): Promise<StoredManualRecord> {
  return change(store, async (trx) => {
    const before = await manualRecord(trx, id);
    if (!before) throw new ManualRecordStateError('missing', `no record ${id}`);
    if (!before.removedAt) throw new ManualRecordStateError('not-removed', `record ${id} is not removed`);
    const after: StoredManualRecord = { ...before, removedAt: null };
    if (before.record.kind !== 'correction') {
      // A source may have published a project under this id meanwhile.
      await newProjectId(trx, before.record);
      await writeSourceRecord(trx, before.record, before.updatedBy, before.updatedAt);
    }
    await trx.updateTable('manual_record').set({ removed_at: null }).where('id', '=', id).execute();
    await layOutProjects(store, trx, [before.projectId]);
    await writeAuditEntry(trx, { actor, action: 'restore', subject: id, before: before, after: after });
    return after;
  });
}

async function currentRecord(trx: Reader, id: string): Promise<StoredManualRecord> {
  const record = await manualRecord(trx, id);
  if (!record) throw new ManualRecordStateError('missing', `no record ${id}`);
  if (record.removedAt) throw new ManualRecordStateError('removed', `record ${id} is removed; restore it first (records restore ${id})`);
  return record;
}

/** A hand-kept project has its own id, which no source's project may have. */
async function newProjectId(trx: Reader, input: ManualActivityInput): Promise<string> {
  if (projectKey(input) !== input.id)
    throw new ManualRecordStateError(
      'exists',
      `id ${input.id} names the source project ${projectKey(input)}; to change a sourced project, add a record of kind "correction"`,
    );
  const sourced = await trx
    .selectFrom('source_record')
    .select('source')
    .where('project_id', '=', input.id)
    .where('source', '!=', 'manual')
    .executeTakeFirst();
  if (sourced)
    throw new ManualRecordStateError(
      'exists',
      `project ${input.id} is published by source ${sourced.source}; to change it, add a record of kind "correction"`,
    );
  return input.id;
}

async function correctedProject(trx: Reader, input: CorrectionInput): Promise<string> {
  const projectId = await projectIdOf(trx, input.corrects);
  if (!projectId) throw new ManualRecordStateError('missing', `field "corrects": no project ${input.corrects} in the store`);
  return projectId;
}

async function writeSourceRecord(trx: Transaction<Tables>, input: ManualActivityInput, actor: string, at: string): Promise<void> {
  const activity = manualActivity(input, actor, at);
  await trx
    .insertInto('source_record')
    .values({
      id: activity.id,
      project_id: activity.id,
      source: 'manual',
      last_updated: at,
      source_file: null,
      source_line: null,
      imported_at: at,
      doc: recordDoc(activity),
    })
    .execute();
}

/** The projects' rows laid out anew from their records with their corrections; a project left with no record goes. */
async function layOutProjects(store: Store, trx: Transaction<Tables>, projectIds: string[]): Promise<void> {
  const records = await recordsOfProjects(trx, projectIds);
  const corrections = await correctionsOfProjects(trx, projectIds);
  for (const table of PROJECT_CHILD_TABLES) await trx.deleteFrom(table).where('activity_id', 'in', projectIds).execute();
  await trx.deleteFrom('activity').where('id', 'in', projectIds).execute();
  const byProject = new Map<string, typeof records>();
  for (const record of records) byProject.set(projectKey(record), [...(byProject.get(projectKey(record)) ?? []), record]);
  const rows = [...byProject.entries()].map(([id, project]) =>
    projectRows(applyCorrections(mergeRecords(project), corrections.get(id) ?? [])),
  );
  const write = rowWriter(store, trx);
  await writeProjectRows(write, rows);
}
