// The messages between the importing thread and the read-ahead thread (client.ts and worker.ts).
import type { InputPosition } from '../../model/problems.js';
import type { IatiRecord } from '../../sources/iati/reader.js';

export type ToReader =
  /** The codes to check the files asked for from now on against. */
  | { type: 'codes'; lists: ReadonlyMap<string, ReadonlySet<string>> }
  /** Read this file after those asked for before it. */
  | { type: 'read'; job: number; path: string }
  /** Stop reading the file (or skip it): the importer does not want its records any more. */
  | { type: 'cancel'; job: number }
  /** The importer took one records message off its queue: the reader may send one more. */
  | { type: 'taken' };

export type FromReader =
  /** The records read from the next stretch of the file (one read chunk), in file order. */
  | { type: 'records'; job: number; records: IatiRecord[] }
  | { type: 'done'; job: number }
  /** Bad input: the file is rejected with this position and reason (an InputError). */
  | { type: 'rejected'; job: number; position: InputPosition; reason: string }
  /** Anything else that went wrong (a bug, an unreadable file): the import stops, as it would in one thread. */
  | { type: 'failed'; job: number; message: string; stack: string | undefined };

export interface ReaderData {
  /** Records messages the reader may have sent that the importer has not taken yet. */
  maxAhead: number;
}
