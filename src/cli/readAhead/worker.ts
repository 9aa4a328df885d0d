// The read-ahead thread: reads the IATI files it is asked for, one after the other, and sends
// their records laid out for the store, at most `maxAhead` messages ahead of the importer so that
// memory stays flat. Parsing is most of an import's work; here it runs beside the store's writes.
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../../model/problems.js';
import { knownCodesFrom } from '../../sources/iati/knownCodes.js';
import { preparedIatiRecords, type ReadRecord } from './prepare.js';
import type { FromReader, ReaderData, ToReader } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('readAhead/worker.js runs as a worker thread');
const { codeLists, maxAhead } = workerData as ReaderData;
const codes = knownCodesFrom(codeLists);

const jobs: { job: number; path: string }[] = [];
const cancelled = new Set<number>();
let untaken = 0;
let onTaken: (() => void) | null = null;
let running = false;

port.on('message', (message: ToReader) => {
  if (message.type === 'read') {
    jobs.push(message);
    if (!running) void runJobs();
  } else if (message.type === 'cancel') {
    cancelled.add(message.job);
  } else {
    untaken--;
    const wake = onTaken;
    onTaken = null;
    wake?.();
  }
});

const post = (message: FromReader) => port.postMessage(message);

async function runJobs(): Promise<void> {
  running = true;
  for (let next = jobs.shift(); next; next = jobs.shift()) await readJob(next.job, next.path);
  running = false;
}

async function sendRecords(job: number, records: ReadRecord[]): Promise<void> {
  while (untaken >= maxAhead) {
    await new Promise<void>((resolve) => {
      onTaken = resolve;
    });
  }
  if (cancelled.has(job)) return;
  untaken++;
  post({ type: 'records', job, records });
}

async function readJob(job: number, path: string): Promise<void> {
  if (cancelled.has(job)) return;
  try {
    let records: ReadRecord[] = [];
    for await (const record of preparedIatiRecords(path, codes)) {
      if (cancelled.has(job)) return;
      records.push(record);
      // A progress record ends what one read chunk gave: send it, so the importer can write it
      // while the next chunk is parsed.
      if (record.kind === 'progress') {
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
