// Records kept by hand, for the CLI and the HTTP API alike: a record file's text is read and
// checked (model/manualRecord.ts), then stored with who made the change (store/manualRecords.ts).
import { randomUUID } from 'node:crypto';
import { checkManualRecord, ManualRecordError, parseManualRecordText } from '../model/manualRecord.js';
import {
  type AuditEntry,
  addManualRecord,
  auditEntries,
  editManualRecord,
  listManualRecords,
  manualRecord,
  removeManualRecord,
  restoreManualRecord,
  type StoredManualRecord,
} from '../store/manualRecords.js';
import type { Store } from '../store/open.js';

export { ManualRecordError } from '../model/manualRecord.js';
export { type AuditEntry, ManualRecordStateError, type StoredManualRecord } from '../store/manualRecords.js';

/** A record file's text as given; `name` names it in errors (a file path, "stdin", "request body"). */
export interface RecordText {
  text: string;
  name: string;
}

const newId = () => `manual-${randomUUID().slice(0, 8)}`;

export async function addRecord(store: Store, given: RecordText, actor: string): Promise<StoredManualRecord> {
  const input = checkManualRecord(parseManualRecordText(given.text, given.name), given.name, newId);
  return addManualRecord(store, input, actor);
}

/** The record `id` with the fields of the text; a text that names another id is refused. */
export async function editRecord(store: Store, id: string, given: RecordText, actor: string): Promise<StoredManualRecord> {
  const input = checkManualRecord(parseManualRecordText(given.text, given.name), given.name, () => id);
  if (input.id !== id) throw new ManualRecordError(`${given.name}: field "id": ${input.id} is not the record edited (${id})`);
  return editManualRecord(store, input, actor);
}

export const removeRecord = removeManualRecord;
export const restoreRecord = restoreManualRecord;

export async function listRecords(store: Store, options: { includeRemoved?: boolean } = {}): Promise<StoredManualRecord[]> {
  return listManualRecords(store, options);
}

export async function findRecord(store: Store, id: string): Promise<StoredManualRecord | null> {
  return manualRecord(store.db, id);
}

/** Who changed a record (or a project's corrections), when, and what it was before and after. */
export async function recordHistory(store: Store, id: string): Promise<AuditEntry[]> {
  return auditEntries(store, id);
}
