// The read-ahead thread as a thread: started, and its failures kept until the importer takes it
// (client.ts). `devfin import` starts it first, so that the thread loads its code while the
// command lists the files and opens the store.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ReaderData } from './protocol.js';

const WORKER_FILE = fileURLToPath(new URL('./worker.js', import.meta.url));

/**
 * Records messages (one per chunk read) that may wait for the importer: enough that neither
 * thread waits for the other when one of them meets a slow stretch (with 4 both sat idle for
 * seconds of a 520 MB import), few enough that memory stays flat (a message is some 35 KB of JSON).
 */
const MAX_AHEAD = 32;

/** The worker's heap limit and the size of its young generation (see startThread). */
const HEAP_LIMIT_MB = 1024;
const YOUNG_GENERATION_MB = 64;

/** A started thread, and why it ended if it did before anyone listened. */
export interface StartedThread {
  worker: Worker;
  ended: Error | null;
}

/**
 * Where there is no compiled worker beside this module (src/ run through a TypeScript loader, as
 * tsx and vitest do), reading runs on the importing thread instead.
 */
export function hasWorkerFile(): boolean {
  return existsSync(WORKER_FILE);
}

let early: StartedThread | null = null;

/**
 * Starts the thread for the first import of this process to take (takeThread). It does not keep
 * the process alive: a command that ends before importing still ends.
 */
export function startReadingThread(): void {
  if (!early && hasWorkerFile()) early = startThread();
}

/** The thread started early (unless it ended already), or a new one. */
export function takeThread(): StartedThread {
  const taken = early && !early.ended ? early : startThread();
  early = null;
  return taken;
}

function startThread(): StartedThread {
  const data: ReaderData = { maxAhead: MAX_AHEAD };
  // V8 grows a heap in proportion to its limit, and a worker's limit is by default the
  // process's (4 GB here): with 1 GB the worker's heap stayed some 40 MB smaller on a 520 MB
  // import, at the same speed. The worker holds one record at a time; 1 GB is room for records
  // far larger than any IATI publishes. Nearly all the worker makes dies young (the parser's
  // strings, the element tree, the model): a young generation of 64 MB instead of V8's 48 (its
  // new space is 64 MB instead of 32) made 45% fewer minor collections (373 to 207 in three
  // imports of the shared IATI files) and the import 5-10% faster; a 520 MB import still peaks
  // under 300 MB.
  const worker = new Worker(WORKER_FILE, {
    workerData: data,
    resourceLimits: { maxOldGenerationSizeMb: HEAP_LIMIT_MB, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  const started: StartedThread = { worker, ended: null };
  // Listening from the start: an 'error' nobody listens to would end the process.
  worker.on('error', (error) => {
    started.ended ??= error;
  });
  worker.on('exit', (code) => {
    started.ended ??= new Error(`the read-ahead worker stopped (exit code ${code})`);
  });
  worker.unref();
  return started;
}
