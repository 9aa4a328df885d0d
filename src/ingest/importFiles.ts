// devfin import PATH...: read IATI files into the store, each file in one transaction.
import { basename } from 'node:path';
import type { Command } from 'commander';
import { addStoreOption, withStore } from '../cli/options.js';
import { startProgress } from '../cli/progress.js';
import { formatWarning, InputError, type InputWarning } from '../model/problems.js';
import type { SourceRecord } from '../model/sourceRecord.js';
import { listSourceFiles, type SourceFileRef, sha256OfFiles } from '../sources/files.js';
import { type KnownCodes, knownCodesFrom } from '../sources/iati/knownCodes.js';
import { type ImportCounts, importRecords } from '../store/importRecords.js';
import type { Store } from '../store/open.js';
import { loadCodelists } from '../store/reference.js';
import { type Reading, startReadAhead } from './readAhead/client.js';

export interface FileResult {
  file: string;
  status: 'imported' | 'already-imported' | 'rejected';
  counts?: ImportCounts;
  error?: { message: string; line: number | null };
  warnings: InputWarning[];
}

async function knownCodes(store: Store): Promise<{ codes: KnownCodes; loaded: boolean }> {
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
  const readAhead = startReadAhead(codes);
  try {
    const readings = files.map((file) => readAhead.read(file));
    for (const [i, file] of files.entries()) {
      const reading = readings[i] as Reading;
      try {
        yield await importFile(store, file, reading, (bytes) => onBytes(file, bytes));
      } finally {
        reading.close();
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

function describe(result: FileResult): string {
  if (result.status === 'rejected') return `rejected ${result.error?.message} — nothing from this file was stored`;
  if (result.status === 'already-imported') return `unchanged ${result.file} (these exact bytes were imported before)`;
  const c = result.counts as ImportCounts;
  const parts = [`${c.added} added`, `${c.replaced} replaced`, `${c.unchanged} unchanged`];
  if (c.keptNewer) parts.push(`${c.keptNewer} not replaced (the stored version is as new or newer)`);
  if (c.organisations) parts.push(`${c.organisations} organisations`);
  if (c.warnings) parts.push(`${c.warnings} warnings`);
  return `imported ${result.file}: ${parts.join(', ')}`;
}

export function registerImport(program: Command): void {
  addStoreOption(
    program
      .command('import')
      .description(
        'import IATI activity or organisation files (1.0x or 2.0x) and World Bank project exports (projects.csv or .xlsx, with their companion tables); folders are searched recursively',
      )
      .argument('<paths...>', 'files or folders')
      .option('--verbose', 'list every warning (unknown codes, missing currencies, ...)')
      .option('--json', 'print the result of each file as JSON'),
  ).action(async (paths: string[], options: { db?: string; verbose?: boolean; json?: boolean }) => {
    const files = await listSourceFiles(paths);
    const results = await withStore(options, async (store) => {
      const { codes, loaded } = await knownCodes(store);
      if (!loaded && !options.json)
        process.stderr.write('note: no IATI codelists loaded, so codes are not checked; run `devfin codelists update`\n');
      const total = files.reduce((sum, f) => sum + f.bytes, 0);
      const progress = startProgress(total, 'bytes', Boolean(process.stderr.isTTY) && !options.json);
      const results: FileResult[] = [];
      let done = 0;
      const onBytes = (file: SourceFileRef, bytes: number) => progress.update(done + bytes, basename(file.path));
      for await (const result of importFiles(store, files, codes, onBytes)) {
        done += files[results.length]?.bytes ?? 0;
        progress.update(done);
        results.push(result);
        if (!options.json) {
          progress.log(describe(result));
          for (const w of result.warnings) if (options.verbose || w.notable) progress.log(`  warning: ${formatWarning(w)}`);
        }
      }
      progress.stop();
      return results;
    });
    const rejected = results.filter((r) => r.status === 'rejected').length;
    const warnings = results.reduce((sum, r) => sum + r.warnings.length, 0);
    if (options.json) {
      process.stdout.write(
        `${JSON.stringify(
          results.map((r) => ({ ...r, warnings: r.warnings.map(formatWarning) })),
          null,
          2,
        )}\n`,
      );
    } else {
      const imported = results.filter((r) => r.status === 'imported').length;
      process.stderr.write(
        `${files.length} files: ${imported} imported, ${results.length - imported - rejected} unchanged, ${rejected} rejected; ${warnings} warnings${warnings && !options.verbose ? ' (--verbose lists them)' : ''}\n`,
      );
    }
    if (rejected > 0) process.exitCode = 1;
  });
}
