// Reading IATI files ahead of the importer, on a worker thread: the importer asks for every file
// up front, then takes each file's records when it gets to that file. The worker parses and lays
// out the next records while this thread writes the previous ones to the store.
//
// Where there is no compiled worker beside this module (src/ run through a TypeScript loader, as
// tsx and vitest do), the same reading runs on this thread instead, when the importer asks for it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError } from '../../model/problems.js';
import type { KnownCodes } from '../../sources/iati/knownCodes.js';
import { preparedIatiRecords, type ReadRecord } from './prepare.js';
import type { FromReader, ReaderData, ToReader } from './protocol.js';

const WORKER_FILE = fileURLToPath(new URL('./worker.js', import.meta.url));

/**
 * Records messages (one per 256 KiB read) that may wait for the importer: enough to keep both
 * threads busy, few enough that memory stays flat whatever the file size.
 */
const MAX_AHEAD = 4;

/** One file's records, in file order; close() when they are not all wanted. */
export interface Reading extends AsyncIterable<ReadRecord> {
  close(): void;
}

export interface ReadAhead {
  /** Queues a file; files are read in the order they are asked for. */
  read(path: string): Reading;
  /** Stops the worker (files not yet taken are dropped). */
  close(): Promise<void>;
}

export function startReadAhead(codes: KnownCodes): ReadAhead {
  return existsSync(WORKER_FILE) ? new WorkerReadAhead(codes) : new InThreadReadAhead(codes);
}

class InThreadReadAhead implements ReadAhead {
  constructor(private readonly codes: KnownCodes) {}

  read(path: string): Reading {
    const codes = this.codes;
    let records: AsyncGenerator<ReadRecord> | null = null;
    return {
      [Symbol.asyncIterator]: () => {
        records = preparedIatiRecords(path, codes);
        return records;
      },
      close: () => void records?.return(undefined),
    };
  }

  async close(): Promise<void> {}
}

/** A file asked of the worker: the messages that came for it, and the importer waiting for the next. */
interface Job {
  id: number;
  queue: FromReader[];
  wake: (() => void) | null;
  /** The worker sent its last message for the file (done, rejected or failed). */
  ended: boolean;
}

class WorkerReadAhead implements ReadAhead {
  private readonly worker: Worker;
  /** Files asked for and not closed, by job id. */
  private readonly jobs = new Map<number, Job>();
  private nextId = 0;
  /** Set when the worker itself failed: every reading still open fails with it. */
  private broken: Error | null = null;

  constructor(codes: KnownCodes) {
    const data: ReaderData = { codeLists: codes.lists, maxAhead: MAX_AHEAD };
    this.worker = new Worker(WORKER_FILE, { workerData: data });
    this.worker.on('message', (message: FromReader) => this.receive(message));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the read-ahead worker stopped (exit code ${code})`)));
  }

  read(path: string): Reading {
    const job: Job = { id: this.nextId++, queue: [], wake: null, ended: false };
    this.jobs.set(job.id, job);
    this.send({ type: 'read', job: job.id, path });
    return { [Symbol.asyncIterator]: () => this.records(job), close: () => this.closeJob(job) };
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private async *records(job: Job): AsyncGenerator<ReadRecord> {
    try {
      for (;;) {
        const message = await this.next(job);
        if (message.type === 'records') yield* message.records;
        else if (message.type === 'done') return;
        else if (message.type === 'rejected') throw new InputError(message.position, message.reason);
        else throw Object.assign(new Error(message.message), { stack: message.stack });
      }
    } finally {
      this.closeJob(job);
    }
  }

  /** The job's next message, waiting for it if need be; taking it lets the worker send another. */
  private async next(job: Job): Promise<FromReader> {
    for (;;) {
      const message = job.queue.shift();
      if (message) {
        this.taken(message);
        return message;
      }
      if (this.broken) throw this.broken;
      await new Promise<void>((resolve) => {
        job.wake = resolve;
      });
      job.wake = null;
    }
  }

  private closeJob(job: Job): void {
    if (!this.jobs.delete(job.id)) return;
    if (!job.ended) this.send({ type: 'cancel', job: job.id });
    for (const message of job.queue.splice(0)) this.taken(message);
  }

  private receive(message: FromReader): void {
    const job = this.jobs.get(message.job);
    if (!job) {
      // The importer closed this file in the meantime.
      this.taken(message);
      return;
    }
    if (message.type !== 'records') job.ended = true;
    job.queue.push(message);
    job.wake?.();
  }

  private send(message: ToReader): void {
    this.worker.postMessage(message);
  }

  private taken(message: FromReader): void {
    if (message.type === 'records') this.send({ type: 'taken' });
  }

  private fail(error: Error): void {
    this.broken ??= error;
    for (const job of this.jobs.values()) job.wake?.();
  }
}
