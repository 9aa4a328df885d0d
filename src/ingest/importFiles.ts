// Importing source files into the store (what `devfin import` and the benches run), each file in
// one transaction. Nothing here prints: the caller is told of progress through onBytes and of each
// file's outcome as it is yielded.
import { InputError, type InputWarning } from '../model/problems.js';
import type { SourceRecord } from '../model/sourceRecord.js';
import { type SourceFileRef, sha256OfFiles } from '../sources/files.js';
import { type KnownCodes, knownCodesFrom } from '../sources/iati/knownCodes.js';
import { type ImportCounts, importRecords } from '../store/importRecords.js';
import type { Store } from '../store/open.js';
import { loadCodelists } from '../store/reference.js';
import { type Reading, startReadAhead } from './readAhead/client.js';

export type { ImportCounts };

export interface FileResult {
  file: string;
  status: 'imported' | 'already-imported' | 'rejected';
  counts?: ImportCounts;
  error?: { message: string; line: number | null };
  warnings: InputWarning[];
}

/** The codes the store's codelists know, to check the files' codes against; `loaded` is false when it has none. */
export async function storeKnownCodes(store: Store): Promise<{ codes: KnownCodes; loaded: boolean }> {
  const lists = new Map<string, Set<string>>();
  for (const entry of await loadCodelists(store)) {
    const codes = lists.get(entry.list) ?? new Set<string>();
    codes.add(entry.code);
    lists.set(entry.list, codes);
  }
  return { codes: knownCodesFrom(lists), loaded: lists.size > 0 };
}

/**
 * Imports the files in order, each in its own transaction; bad input rejects a file and leaves the
 * store as it was. Files are read ahead on a worker thread (see readAhead/client.ts) while
 * this thread writes the records read before, so that importing goes at about the speed of reading.
 */
export async function* importFiles(
  store: Store,
  files: SourceFileRef[],
  codes: KnownCodes,
  onBytes: (file: SourceFileRef, bytes: number) => void = () => {},
): AsyncGenerator<FileResult> {
  let readAhead = startReadAhead(codes);
  try {
    let readings = files.map((file) => readAhead.read(file));
    for (const [i, file] of files.entries()) {
      const reading = readings[i] as Reading;
      try {
        yield await importFile(store, file, reading, (bytes) => onBytes(file, bytes));
      } finally {
        reading.close();
      }
      if (readAhead.stopped()) {
        // The reading thread died on this file (or on one after it, read ahead): the files after
        // this one are asked of a new thread, and the one it dies on again is the one rejected.
        readAhead.close();
        readAhead = startReadAhead(codes);
        readings = files.map((later, j) => (j > i ? readAhead.read(later) : (readings[j] as Reading)));
      }
    }
  } finally {
    readAhead.close();
  }
}

async function importFile(
  store: Store,
  file: SourceFileRef,
  records: AsyncIterable<SourceRecord | { kind: string }>,
  onBytes: (bytes: number) => void,
): Promise<FileResult> {
  const warnings: InputWarning[] = [];
  try {
    // The fingerprint comes first: bytes imported before are not read again (nor warned about).
    const sha256 = await sha256OfFiles([file.path, ...file.companions]);
    const outcome = await importRecords(store, { location: file.path, sha256, kind: file.format }, records, {
      warning: (w) => warnings.push(w),
      progress: onBytes,
    });
    if (outcome.status === 'already-imported') return { file: file.path, status: 'already-imported', warnings };
    return { file: file.path, status: 'imported', counts: outcome.counts, warnings };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { file: file.path, status: 'rejected', error: { message: error.message, line: error.position.line }, warnings };
  }
}
