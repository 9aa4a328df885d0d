// The messages between the importing thread and the read-ahead thread (client.ts and worker.ts).
import type { InputPosition } from '../../model/problems.js';
import type { SourceRecord } from '../../model/sourceRecord.js';
import type { SourceFileRef } from '../../sources/files.js';
import type { IatiRecord } from '../../sources/iati/reader.js';
import { type PreparedActivity, prepareActivity } from '../../store/activityRows.js';

/** What a source file's reader gives (see readSourceFile). */
export type FileRecord = IatiRecord | SourceRecord;

/**
 * A record as it crosses between the threads. An activity goes prepared for the store (see
 * PreparedActivity): its document is one string, far cheaper to send than the object's structured
 * clone, and the reading thread, most often the busier one, makes it instead of the importing thread.
 */
export type WireRecord = Exclude<FileRecord, { kind: 'activity' }> | PreparedActivity;

/**
 * `withRows`: lay out the activity's project rows here too. The reading thread does so when the
 * importer is behind (on the World Bank export, whose rows are many for what it takes to read them),
 * and not when it is itself the slower side (on IATI files, whose parsing is most of an import).
 */
export function toWire(record: FileRecord, withRows: boolean): WireRecord {
  return record.kind === 'activity' ? prepareActivity(record.activity, withRows) : record;
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
  /** Anything else that went wrong (a bug, an unreadable file): the file is rejected as for bad input. */
  | { type: 'failed'; job: number; message: string; stack: string | undefined };

export interface ReaderData {
  /** Records messages the reader may have sent that the importer has not taken yet. */
  maxAhead: number;
}
