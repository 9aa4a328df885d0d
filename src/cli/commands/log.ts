// devfin log [FILE-OR-ID]: the recent imports and syncs, or one of them with its warnings.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import type { ImportDetail, LoggedImport } from '../../model/answers.js';
import { formatWarning } from '../../model/problems.js';
import { importDetail, importLog } from '../../portfolio/imports.js';
import { addStoreOption, withStore } from '../options.js';
import { type Column, printResult } from '../output.js';

const LOG_COLUMNS: Column<LoggedImport>[] = [
  { header: 'id', value: (r) => r.id, numeric: true },
  { header: 'finished', value: (r) => r.finishedAt.replace('T', ' ').slice(0, 19) },
  { header: 'by', value: (r) => r.actor },
  { header: 'status', value: (r) => r.status },
  { header: 'added', value: (r) => r.counts.added, numeric: true },
  { header: 'replaced', value: (r) => r.counts.replaced, numeric: true },
  { header: 'unchanged', value: (r) => r.counts.unchanged, numeric: true },
  { header: 'warnings', value: (r) => r.warnings, numeric: true },
  { header: 'file or URL', value: (r) => r.location },
];

function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('expected a whole number of 1 or more.');
  return Number(value);
}

function describeImport(detail: ImportDetail): string {
  const c = detail.counts;
  const lines = [
    `import ${detail.id}: ${detail.status} ${detail.location}`,
    `kind:      ${detail.kind} (${detail.format ?? 'unknown format'})`,
    `checksum:  ${detail.sha256 ?? '—'}`,
    `by:        ${detail.actor}`,
    `started:   ${detail.startedAt}`,
    `finished:  ${detail.finishedAt}`,
    `records:   ${c.added} added, ${c.replaced} replaced, ${c.unchanged} unchanged, ${c.keptNewer} kept (stored version newer), ${c.organisations} organisations`,
  ];
  if (detail.error) lines.push(`refused:   ${detail.error.message}`);
  lines.push(`warnings:  ${detail.warnings}`);
  for (const [field, n] of Object.entries(detail.warningsByField).sort((a, b) => b[1] - a[1])) lines.push(`  ${n} × ${field}`);
  for (const w of detail.warningList) lines.push(`  ${formatWarning(w)}`);
  return `${lines.join('\n')}\n`;
}

export function registerLog(program: Command): void {
  addStoreOption(
    program
      .command('log')
      .description('the import log: recent imports and syncs, or one of them (by id, or the latest of a file) with its warnings')
      .argument('[file-or-id]', 'an import id from the list, or a file path or URL (its latest import)')
      .option('--limit <n>', 'show this many recent imports', positiveInteger, 20)
      .option('--json', 'print JSON')
      .option('--csv', 'print CSV'),
  ).action(async (fileOrId: string | undefined, options: { db?: string; limit: number; json?: boolean; csv?: boolean }) => {
    const format = options.json ? 'json' : options.csv ? 'csv' : 'table';
    await withStore(
      options,
      async (store) => {
        if (fileOrId === undefined) {
          const page = await importLog(store, { limit: options.limit });
          printResult(format, page, page.imports, LOG_COLUMNS);
          return;
        }
        // A file is logged by its absolute path: a relative one names the file it names here.
        const detail = await importDetail(store, existsSync(fileOrId) ? resolve(fileOrId) : fileOrId);
        if (!detail) throw new Error(`no import ${JSON.stringify(fileOrId)} in the log (devfin log lists them)`);
        if (format === 'json') process.stdout.write(`${JSON.stringify(detail, null, 2)}\n`);
        else process.stdout.write(describeImport(detail));
      },
      { create: false },
    );
  });
}
