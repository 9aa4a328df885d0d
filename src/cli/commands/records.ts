// devfin records add|edit|remove|restore|list and devfin history: records kept by hand, changed
// as the local user (`cli:<os user>` in the audit log), through the same functions as the HTTP API.
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { AuditEntry, RecordText, StoredManualRecord } from '../../portfolio/records.js';
import { addRecord, editRecord, listRecords, recordHistory, removeRecord, restoreRecord } from '../../portfolio/records.js';
import { addStoreOption, withStore } from '../options.js';
import { type Column, printResult } from '../output.js';

/** Who the audit log names for a change made on this machine's command line. */
export function cliActor(): string {
  let name: string;
  try {
    name = userInfo().username;
  } catch {
    name = process.env.USER ?? 'unknown';
  }
  return `cli:${name}`;
}

/** A record file's text: a path, or "-" for standard input. */
async function readRecordText(file: string): Promise<RecordText> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return { text: Buffer.concat(chunks).toString('utf8'), name: 'stdin' };
  }
  try {
    return { text: await readFile(file, 'utf8'), name: file };
  } catch (error) {
    throw new Error(`${file}: cannot read it: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

const RECORD_COLUMNS: Column<StoredManualRecord>[] = [
  { header: 'id', value: (r) => r.id },
  { header: 'kind', value: (r) => r.kind },
  { header: 'project', value: (r) => r.projectId },
  { header: 'title or fields', value: (r) => (r.record.kind === 'correction' ? Object.keys(r.record.fields).join(', ') : r.record.title) },
  { header: 'changed', value: (r) => `${r.updatedAt.slice(0, 19)} by ${r.updatedBy}` },
  { header: 'removed', value: (r) => r.removedAt?.slice(0, 19) ?? null },
];

const HISTORY_COLUMNS: Column<AuditEntry>[] = [
  { header: 'at', value: (e) => e.at.slice(0, 19) },
  { header: 'who', value: (e) => e.actor },
  { header: 'action', value: (e) => e.action },
  { header: 'record', value: (e) => e.subject },
  {
    header: 'changed fields',
    value: (e) => (e.before == null ? '(new record)' : e.action === 'remove' || e.action === 'restore' ? '' : changedFields(e).join(', ')),
  },
];

/** The fields of the record that differ between before and after. */
function changedFields(entry: AuditEntry): string[] {
  const fields = (state: unknown) => ((state as { record?: Record<string, unknown> } | null)?.record ?? {}) as Record<string, unknown>;
  const before = fields(entry.before);
  const after = fields(entry.after);
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
}

function printRecord(record: StoredManualRecord, verb: string, json: boolean | undefined): void {
  if (json) process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
  else process.stdout.write(`${verb} ${record.kind} record ${record.id} (project ${record.projectId})\n`);
}

export function registerRecords(program: Command): void {
  const records = program
    .command('records')
    .description(
      'records kept by hand: projects, programmes, frameworks and advisory work no source publishes, and corrections of sourced projects',
    );

  addStoreOption(
    records
      .command('add')
      .description('add a record from a JSON or YAML file (- reads standard input)')
      .argument('<file>', 'the record file, or - for standard input')
      .option('--json', 'print the stored record as JSON'),
  ).action(async (file: string, options: { db?: string; json?: boolean }) => {
    const text = await readRecordText(file);
    const record = await withStore(options, (store) => addRecord(store, text, cliActor()));
    printRecord(record, 'added', options.json);
  });

  addStoreOption(
    records
      .command('edit')
      .description("replace a record's fields with those of a JSON or YAML file (- reads standard input)")
      .argument('<id>', 'the record id')
      .argument('<file>', 'the record file, or - for standard input')
      .option('--json', 'print the stored record as JSON'),
  ).action(async (id: string, file: string, options: { db?: string; json?: boolean }) => {
    const text = await readRecordText(file);
    const record = await withStore(options, (store) => editRecord(store, id, text, cliActor()), { create: false });
    printRecord(record, 'changed', options.json);
  });

  addStoreOption(
    records
      .command('remove')
      .description('take a record out of every answer (records restore brings it back)')
      .argument('<id>', 'the record id')
      .option('--json', 'print the record as JSON'),
  ).action(async (id: string, options: { db?: string; json?: boolean }) => {
    const record = await withStore(options, (store) => removeRecord(store, id, cliActor()), { create: false });
    printRecord(record, 'removed', options.json);
  });

  addStoreOption(
    records
      .command('restore')
      .description('bring a removed record back')
      .argument('<id>', 'the record id')
      .option('--json', 'print the record as JSON'),
  ).action(async (id: string, options: { db?: string; json?: boolean }) => {
    const record = await withStore(options, (store) => restoreRecord(store, id, cliActor()), { create: false });
    printRecord(record, 'restored', options.json);
  });

  addStoreOption(
    records
      .command('list')
      .description('the records kept by hand')
      .option('--include-removed', 'list removed records too')
      .option('--json', 'print JSON')
      .option('--csv', 'print CSV'),
  ).action(async (options: { db?: string; json?: boolean; csv?: boolean; includeRemoved?: boolean }) => {
    const rows = await withStore(options, (store) => listRecords(store, { includeRemoved: options.includeRemoved }), { create: false });
    printResult(options.json ? 'json' : options.csv ? 'csv' : 'table', rows, rows, RECORD_COLUMNS);
  });

  addStoreOption(
    program
      .command('history')
      .description("who changed a record kept by hand (or a project's corrections), when, and its fields before and after")
      .argument('<id>', 'a record id, or the id of a corrected project')
      .option('--json', 'print JSON, with each state before and after whole'),
  ).action(async (id: string, options: { db?: string; json?: boolean }) => {
    const entries = await withStore(options, (store) => recordHistory(store, id), { create: false });
    if (entries.length === 0 && !options.json) {
      process.stderr.write(`error: no change recorded for ${id}\n`);
      process.exitCode = 1;
      return;
    }
    printResult(options.json ? 'json' : 'table', entries, entries, HISTORY_COLUMNS);
  });
}
