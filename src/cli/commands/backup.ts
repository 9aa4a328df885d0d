// devfin backup FILE / devfin restore FILE: the whole store to one portable file and back.
import type { Command } from 'commander';
import { backupStore, restoreStore } from '../../store/backup.js';
import { addStoreOption, withStore } from '../options.js';

export function registerBackup(program: Command): void {
  addStoreOption(
    program
      .command('backup')
      .description(
        "write the whole store (sources, statements, import log, sync state, every table) to FILE: gzip'd JSON lines that SQLite and PostgreSQL stores both restore",
      )
      .argument('<file>', 'the backup file to write, e.g. devfin-backup.jsonl.gz')
      .option('--json', 'print what was written as JSON'),
  ).action(async (file: string, options: { db?: string; json?: boolean }) => {
    const summary = await withStore(options, (store) => backupStore(store, file));
    if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      const rows = summary.tables.reduce((sum, t) => sum + t.rows, 0);
      process.stderr.write(`backed up ${summary.tables.length} tables, ${rows.toLocaleString('en-US')} rows, to ${file}\n`);
    }
  });
  addStoreOption(
    program
      .command('restore')
      .description('restore a backup made by devfin backup, in one transaction; a store that holds anything is refused unless --replace')
      .argument('<file>', 'the backup file')
      .option('--replace', 'replace everything the store holds with the backup')
      .option('--json', 'print what was restored as JSON'),
  ).action(async (file: string, options: { db?: string; replace?: boolean; json?: boolean }) => {
    const summary = await withStore(options, (store) => restoreStore(store, file, { replace: Boolean(options.replace) }));
    if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      const rows = summary.tables.reduce((sum, t) => sum + t.rows, 0);
      process.stderr.write(`restored ${summary.tables.length} tables, ${rows.toLocaleString('en-US')} rows, from ${file}\n`);
    }
  });
}
