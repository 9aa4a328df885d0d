// The messages between the importing thread and the read-ahead thread (client.ts and worker.ts).
import type { Activity } from '../../model/activity.js';
import type { InputPosition } from '../../model/problems.js';
import type { Provenance } from '../../model/provenance.js';
import type { SourceRecord } from '../../model/sourceRecord.js';
import type { SourceFileRef } from '../../sources/files.js';
import type { IatiRecord } from '../../sources/iati/reader.js';
import { recordDoc } from '../../store/activityRows.js';

/**
 * A record as it crosses between the threads. An activity goes as the document the store keeps
 * (JSON, see recordDoc) and its provenance: one string is far cheaper to send than the object's
 * structured clone, the importer stores that string as it is, and the reading thread, the busier
 * one, makes it instead of the importing thread.
 */
export type WireRecord = Exclude<FileRecord, { kind: 'activity' }> | { kind: 'activity-doc'; doc: string; provenance: Provenance };

/** What a source file's reader gives (see readSourceFile). */
export type FileRecord = IatiRecord | SourceRecord;

export function toWire(record: FileRecord): WireRecord {
  return record.kind === 'activity'
    ? { kind: 'activity-doc', doc: recordDoc(record.activity), provenance: record.activity.provenance }
    : record;
}

export function fromWire(record: WireRecord): FileRecord {
  if (record.kind !== 'activity-doc') return record;
  const activity = { ...(JSON.parse(record.doc) as Omit<Activity, 'provenance'>), provenance: record.provenance };
  return { kind: 'activity', activity, doc: record.doc };
}

export type ToReader =
  /** The codes to check the files asked for from now on against. */
  | { type: 'codes'; lists: ReadonlyMap<string, ReadonlySet<string>> }
  /** Read this file after those asked for before it. */
  | { type: 'read'; job: number; file: SourceFileRef }
  /** Stop reading the file (or skip it): the importer does not want its records any more. */
  | { type: 'cancel'; job: number }
  /** The importer took one records message off its queue: the reader may send one more. */
  | { type: 'taken' };

export type FromReader =
  /** The records read from the next stretch of the file (one read chunk), in file order. */
  | { type: 'records'; job: number; records: WireRecord[] }
  | { type: 'done'; job: number }
  /** Bad input: the file is rejected with this position and reason (an InputError). */
  | { type: 'rejected'; job: number; position: InputPosition; reason: string }
  /** Anything else that went wrong (a bug, an unreadable file): the import stops, as it would in one thread. */
  | { type: 'failed'; job: number; message: string; stack: string | undefined };

export interface ReaderData {
  /** Records messages the reader may have sent that the importer has not taken yet. */
  maxAhead: number;
}
