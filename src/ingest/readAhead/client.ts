// Reading source files ahead of the importer, on a worker thread: the importer asks for every file
// up front, then takes each file's records when it gets to that file. The worker parses the next
// records (readSourceFile, as in one thread) while the importer's thread writes the previous ones.
//
// One worker serves the whole process, started by the first import and kept for the next ones
// (it holds the process open only while files are asked of it): starting a thread is cheap, but
// its code would be compiled anew, and for the first seconds run slowly, every time. `devfin
// import` starts it before loading the rest of the CLI (thread.ts).
//
// Where there is no compiled worker beside this module (src/ run through a TypeScript loader, as
// tsx and vitest do), the same reading runs on this thread instead, when the importer asks for it.
import type { Worker } from 'node:worker_threads';
import { InputError } from '../../model/problems.js';
import { readSourceFile, type SourceFileRef } from '../../sources/files.js';
import type { KnownCodes } from '../../sources/iati/knownCodes.js';
import type { FileRecord, FromReader, ToReader, WireRecord } from './protocol.js';
import { hasWorkerFile, takeThread } from './thread.js';

/** One file's records, in file order (activities prepared for the store when read on the worker); close() when they are not all wanted. */
export interface FileReading extends AsyncIterable<FileRecord | WireRecord> {
  close(): void;
}

/** The files of one import. */
export interface ReadAhead {
  /** Queues a file; files are read in the order they are asked for. */
  read(file: SourceFileRef): FileReading;
  /**
   * The reading thread died (out of memory, say): the file it was reading is rejected, and the
   * files asked for after it must be asked of a new ReadAhead.
   */
  stopped(): boolean;
  /** Drops the files not taken yet. */
  close(): void;
}

/**
 * A reader's failure that is not bad input as such (a bug met by odd input, a stack or string
 * too large, an unreadable file) still concerns only that file: it is rejected, naming the file,
 * and the import goes on with the next.
 */
export function readerFailure(file: string, error: unknown): InputError {
  if (error instanceof InputError) return error;
  return new InputError({ file, line: null }, `could not be read: ${error instanceof Error ? error.message : String(error)}`);
}

async function* rejectingOnFailure<T>(file: string, records: AsyncGenerator<T>): AsyncGenerator<T> {
  try {
    yield* records;
  } catch (error) {
    throw readerFailure(file, error);
  }
}

export function startReadAhead(codes: KnownCodes): ReadAhead {
  if (!hasWorkerFile()) return inThread(codes);
  if (!shared || shared.broken) shared = new SharedWorker();
  return shared.session(codes);
}

function inThread(codes: KnownCodes): ReadAhead {
  const open = new Set<AsyncGenerator<FileRecord>>();
  return {
    read(file) {
      let records: AsyncGenerator<FileRecord> | null = null;
      return {
        [Symbol.asyncIterator]: () => {
          records = rejectingOnFailure(file.path, readSourceFile(file, codes));
          open.add(records);
          return records;
        },
        close: () => void records?.return(undefined),
      };
    },
    stopped: () => false,
    close: () => {
      for (const records of open) void records.return(undefined);
    },
  };
}

let shared: SharedWorker | null = null;

/** A file asked of the worker: the messages that came for it, and the importer waiting for the next. */
interface Job {
  id: number;
  file: string;
  queue: FromReader[];
  wake: (() => void) | null;
  /** The worker sent its last message for the file (done, rejected or failed). */
  ended: boolean;
}

class SharedWorker {
  /** Set when the worker itself failed: every reading still open fails with it, and the next import starts another. */
  broken: Error | null = null;
  private readonly worker: Worker;
  /** Files asked for and not closed, by job id. */
  private readonly jobs = new Map<number, Job>();
  private nextId = 0;
  private codesSent: KnownCodes | null = null;

  constructor() {
    const { worker, ended } = takeThread();
    this.worker = worker;
    this.broken = ended;
    this.worker.on('message', (message: FromReader) => this.receive(message));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the read-ahead worker stopped (exit code ${code})`)));
    // After the listeners: adding a 'message' listener refs the worker's port again.
    this.worker.unref();
  }

  session(codes: KnownCodes): ReadAhead {
    const mine = new Set<Job>();
    return {
      read: (file) => {
        const job = this.open(file, codes);
        mine.add(job);
        return { [Symbol.asyncIterator]: () => this.records(job), close: () => this.closeJob(job) };
      },
      stopped: () => this.broken !== null,
      close: () => {
        for (const job of mine) this.closeJob(job);
      },
    };
  }

  private open(file: SourceFileRef, codes: KnownCodes): Job {
    if (codes !== this.codesSent) {
      this.send({ type: 'codes', lists: codes.lists });
      this.codesSent = codes;
    }
    const job: Job = { id: this.nextId++, file: file.path, queue: [], wake: null, ended: false };
    if (this.jobs.size === 0) this.worker.ref();
    this.jobs.set(job.id, job);
    this.send({ type: 'read', job: job.id, file });
    return job;
  }

  private async *records(job: Job): AsyncGenerator<WireRecord> {
    try {
      for (;;) {
        const message = await this.next(job);
        if (message.type === 'records') yield* message.records;
        else if (message.type === 'done') return;
        else if (message.type === 'rejected') throw new InputError(message.position, message.reason);
        else throw readerFailure(job.file, new Error(message.message));
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
      // The files are read in order, and those before this one were read to their end: this is
      // the file the thread was reading when it stopped.
      if (this.broken) throw new InputError({ file: job.file, line: null }, `reading stopped: ${this.broken.message}`);
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
    // Nothing asked of the worker any more: it must not keep the process alive.
    if (this.jobs.size === 0) this.worker.unref();
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
