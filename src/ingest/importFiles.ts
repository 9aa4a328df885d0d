// Importing source files into the store (what `devfin import` and the benches run), each file in
// one transaction. Nothing here prints: the caller is told of progress through onBytes and of each
// file's outcome as it is yielded.
import { InputError, type InputWarning } from '../model/problems.js';
import type { SourceRecord } from '../model/sourceRecord.js';
import { readSourceFile, type SourceFileRef, sha256OfFiles } from '../sources/files.js';
import { type KnownCodes, knownCodesFrom } from '../sources/iati/knownCodes.js';
import { isUnsortedExport } from '../sources/worldbank/exportReader.js';
import { logImport } from '../store/importLog.js';
import { type ImportCounts, importRecords } from '../store/importRecords.js';
import type { Store } from '../store/open.js';
import { loadCodelists } from '../store/reference.js';
import { cliActor } from './actor.js';
import { type FileReading, startReadAhead } from './readAhead/client.js';

export { startReadingThread } from './readAhead/thread.js';
export type { ImportCounts };

export interface FileResult {
  file: string;
  status: 'imported' | 'already-imported' | 'rejected';
  /** Its entry in the import log (`devfin log ID`). */
  logId: number;
  counts?: ImportCounts;
  error?: { message: string; line: number | null };
  warnings: InputWarning[];
  /** Rejected only because the export's tables are not in project id order (importFiles retries it). */
  unsortedExport?: boolean;
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
 * Each file's outcome is kept in the import log under `actor` (who imported: a token's name
 * through the API, else the OS user).
 */
export async function* importFiles(
  store: Store,
  files: SourceFileRef[],
  codes: KnownCodes,
  onBytes: (file: SourceFileRef, bytes: number) => void = () => {},
  actor: string = cliActor(),
): AsyncGenerator<FileResult> {
  let readAhead = startReadAhead(codes);
  try {
    let readings = files.map((file) => readAhead.read(file));
    for (const [i, file] of files.entries()) {
      const reading = readings[i] as FileReading;
      try {
        const startedAt = new Date().toISOString();
        const progress = (bytes: number) => onBytes(file, bytes);
        let result = await importFile(store, file, reading, progress);
        // A World Bank export is streamed on the premise that its tables are in project id order;
        // when they are not, it is read again with its companion rows grouped in memory, here (the
        // worker is busy with the files after it).
        if (result.status === 'rejected' && result.unsortedExport)
          result = await importFile(store, file, readSourceFile({ ...file, groupCompanions: true }, codes), progress);
        const logId = await logImport(
          store,
          {
            kind: 'import',
            location: file.label ?? file.path,
            sha256: result.sha256,
            format: file.format,
            actor,
            startedAt,
            finishedAt: new Date().toISOString(),
            status: result.status,
            counts: result.counts ?? { added: 0, replaced: 0, unchanged: 0, keptNewer: 0, organisations: 0 },
            warnings: result.warnings.length,
            error: result.error ?? null,
          },
          result.warnings,
        );
        const { sha256: _sha256, ...fileResult } = result;
        yield { ...fileResult, logId };
      } finally {
        reading.close();
      }
      if (readAhead.stopped()) {
        // The reading thread died on this file (or on one after it, read ahead): the files after
        // this one are asked of a new thread, and the one it dies on again is the one rejected.
        readAhead.close();
        readAhead = startReadAhead(codes);
        readings = files.map((later, j) => (j > i ? readAhead.read(later) : (readings[j] as FileReading)));
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
): Promise<Omit<FileResult, 'logId'> & { sha256: string | null }> {
  const warnings: InputWarning[] = [];
  let sha256: string | null = null;
  try {
    // The fingerprint comes first: bytes imported before are not read again (nor warned about).
    sha256 = await sha256OfFiles([file.path, ...file.companions]);
    const outcome = await importRecords(store, { location: file.label ?? file.path, sha256, kind: file.format }, records, {
      warning: (w) => warnings.push(w),
      progress: onBytes,
    });
    if (outcome.status === 'already-imported') return { file: file.label ?? file.path, sha256, status: 'already-imported', warnings };
    return { file: file.label ?? file.path, sha256, status: 'imported', counts: outcome.counts, warnings };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const rejected: Omit<FileResult, 'logId'> & { sha256: string | null } = {
      file: file.label ?? file.path,
      sha256,
      status: 'rejected',
      error: { message: error.message, line: error.position.line },
      warnings,
    };
    if (isUnsortedExport(error)) rejected.unsortedExport = true;
    return rejected;
  }
}
