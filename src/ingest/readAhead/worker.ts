// The read-ahead thread: reads the source files it is asked for, one after the other, and sends
// their records (activities, warnings, progress) at most `maxAhead` messages ahead of the
// importer, so that memory stays flat. Parsing is most of an import's work; here it runs beside the store's writes.
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../../model/problems.js';
import { readSourceFile, type SourceFileRef } from '../../sources/files.js';
import { type KnownCodes, knownCodesFrom, NO_KNOWN_CODES } from '../../sources/iati/knownCodes.js';
import { IMPORT_BATCH } from '../../store/activityRows.js';
import { type FromReader, type ReaderData, type ToReader, toWire, type WireRecord } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('ingest/readAhead/worker.js runs as a worker thread');
const { maxAhead } = workerData as ReaderData;

/** Records sent at most in one message. */
const MAX_BATCH = 500;

/** Files asked for, in order, each with the codes in force when it was asked for. */
const jobs: { job: number; file: SourceFileRef; codes: KnownCodes }[] = [];
const cancelled = new Set<number>();
let codes = NO_KNOWN_CODES;
let untaken = 0;
let onTaken: (() => void) | null = null;
let running = false;

port.on('message', (message: ToReader) => {
  switch (message.type) {
    case 'codes':
      codes = knownCodesFrom(message.lists);
      break;
    case 'read':
      jobs.push({ job: message.job, file: message.file, codes });
      if (!running) void runJobs();
      break;
    case 'cancel':
      cancelled.add(message.job);
      break;
    case 'taken': {
      untaken--;
      const wake = onTaken;
      onTaken = null;
      wake?.();
      break;
    }
  }
});

const post = (message: FromReader) => port.postMessage(message);

async function runJobs(): Promise<void> {
  running = true;
  for (let next = jobs.shift(); next; next = jobs.shift()) {
    if (!cancelled.delete(next.job)) await readJob(next.job, next.file, next.codes);
  }
  running = false;
}

async function sendRecords(job: number, records: WireRecord[]): Promise<void> {
  while (untaken >= maxAhead) {
    await new Promise<void>((resolve) => {
      onTaken = resolve;
    });
  }
  if (cancelled.has(job)) return;
  untaken++;
  post({ type: 'records', job, records });
}

async function readJob(job: number, file: SourceFileRef, codes: KnownCodes): Promise<void> {
  try {
    let records: WireRecord[] = [];
    for await (const record of readSourceFile(file, codes)) {
      if (cancelled.has(job)) return;
      // Half the messages allowed ahead are waiting: the importer is the slower side, so this
      // thread lays out the rows as well.
      records.push(toWire(record, untaken >= maxAhead / 2));
      // A progress record ends what one read chunk gave: send it, so that the importer writes it
      // while the next chunk is parsed (readers that say nothing of progress, as the XLSX one, are
      // sent a batch at a time). An importer that has taken every message (at the start of a file,
      // above all) is sent one batch of its own as soon as there is one, to write while this thread
      // reads the rest of the chunk.
      if (record.kind === 'progress' || records.length >= MAX_BATCH || (untaken === 0 && records.length >= IMPORT_BATCH)) {
        await sendRecords(job, records);
        records = [];
      }
    }
    if (records.length > 0) await sendRecords(job, records);
    post({ type: 'done', job });
  } catch (error) {
    if (error instanceof InputError) post({ type: 'rejected', job, position: error.position, reason: error.reason });
    else post({ type: 'failed', job, message: error instanceof Error ? error.message : String(error), stack: (error as Error)?.stack });
  } finally {
    cancelled.delete(job);
  }
}
