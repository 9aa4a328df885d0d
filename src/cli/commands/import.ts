// devfin import PATH...: read IATI files into the store, each file in one transaction.
import { basename, isAbsolute, relative } from 'node:path';
import type { Command } from 'commander';
import { type FileResult, type ImportCounts, importFiles, startReadingThread, storeKnownCodes } from '../../ingest/importFiles.js';
import { formatWarning } from '../../model/problems.js';
import { listSourceFiles, type SourceFileRef } from '../../sources/files.js';
import { addStoreOption, withStore } from '../options.js';
import { startProgress } from '../progress.js';

/**
 * The exit codes, for scripts (the README lists them): every file imported or unchanged; some
 * files refused (the others imported); nothing imported (every file refused, or none found).
 * A usage error (a path that does not exist) exits 2, as commander's own errors do.
 */
export const IMPORT_EXIT = { imported: 0, someRefused: 1, usage: 2, nothingImported: 3 } as const;

/** The path as the user most likely gave it: relative to the working directory when inside it. */
function shortName(file: string): string {
  const inside = relative(process.cwd(), file);
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? file : inside;
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
  ).action(async (paths: string[], options: { db?: string; verbose?: boolean; json?: boolean }, command: Command) => {
    startReadingThread();
    const files = await listSourceFiles(paths).catch((error: Error) =>
      command.error(`error: ${error.message}`, { exitCode: IMPORT_EXIT.usage, code: 'devfin.usage' }),
    );
    // Writes take turns: another process's import (or sync, or update) may hold the store, from
    // the moment it is opened (bringing its schema up to date is a write too).
    let tell = (line: string): void => void process.stderr.write(`${line}\n`);
    const onWriterWait = (waiting: boolean) => {
      if (options.json) return;
      tell(waiting ? 'waiting for another import (or another write to the store) to finish...' : 'the other write finished; importing');
    };
    const results = await withStore(
      options,
      async (store) => {
        const { codes, loaded } = await storeKnownCodes(store);
        if (!loaded && !options.json)
          process.stderr.write('note: no IATI codelists loaded, so codes are not checked; run `devfin codelists update`\n');
        const total = files.reduce((sum, f) => sum + f.bytes, 0);
        const progress = startProgress(total, 'bytes', Boolean(process.stderr.isTTY) && !options.json);
        const results: FileResult[] = [];
        let done = 0;
        const onBytes = (file: SourceFileRef, bytes: number) => progress.update(done + bytes, basename(file.path));
        tell = (line) => progress.log(line);
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
      },
      { onWriterWait },
    );
    const refused = results.filter((r) => r.status === 'rejected').map((r) => shortName(r.file));
    const rejected = refused.length;
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
      const names = rejected > 0 ? ` (${refused.slice(0, 10).join(', ')}${rejected > 10 ? `, and ${rejected - 10} more` : ''})` : '';
      process.stderr.write(
        `${files.length} files: ${imported} imported, ${results.length - imported - rejected} unchanged, ${rejected} rejected${names}; ${warnings} warnings${warnings && !options.verbose ? ' (--verbose lists them)' : ''}\n`,
      );
      if (files.length === 0)
        process.stderr.write(`no files to import in ${paths.join(', ')} (devfin reads .xml, World Bank exports and banks' lists)\n`);
    }
    if (results.length === rejected) process.exitCode = IMPORT_EXIT.nothingImported;
    else if (rejected > 0) process.exitCode = IMPORT_EXIT.someRefused;
  });
}
