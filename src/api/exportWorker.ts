// Heavy exports written off the server's thread (see exports.ts): for each job this worker opens the
// SQLite store on a connection of its own (WAL lets it read beside the server), answers the route as
// the server would, and hands the bytes of the download over one chunk at a time, each when the
// server asks for it, so it never runs ahead of the client. Once the server says the job is over
// (the download is done, failed, or the client has gone), it closes its store, says it is ready,
// and waits for the next job: a worker is kept for the next export rather than started again, as
// loading and compiling its modules in a new thread costs a good part of what a 10,000-row export
// does. It ends by itself when told to ('end'), never from outside (a worker stopped in the middle
// of a SQLite call takes the whole server down with it). Its thread runs at the lowest CPU
// priority (exportThread.ts, its entry; Linux only): on a busy machine the kernel then gives the
// server's thread, which answers every other reader, the CPU first.
import { type MessagePort, parentPort } from 'node:worker_threads';
import { openStore } from '../store/open.js';
import { clientError } from './errors.js';
import { streamedTableResponse } from './exports.js';
import type { Format } from './formats.js';
import { noTurns } from './questionQueue.js';
import { ROUTES } from './routes.js';

export interface ExportJob {
  location: string;
  routePath: string;
  url: string;
  format: Exclude<Format, 'json'>;
}

/**
 * What the server tells the worker: a job; 'more' for the next chunk of it; 'stop' once the job is
 * over for the server (after its end, its error, or when the client has gone); 'end' to an idle
 * worker, which then ends.
 */
export type ExportRequest = ExportJob | 'more' | 'stop' | 'end';

/**
 * What the worker tells the server: the headers first, then chunks when asked, then the end or an
 * error; after 'stop', 'ready' once its store is closed and it waits for the next job.
 */
export type ExportMessage =
  | { kind: 'headers'; headers: [string, string][] }
  | { kind: 'chunk'; chunk: Uint8Array }
  | { kind: 'done' }
  /** An error for the client (an ApiError: its status and body), or a failure (a message for the log). */
  | { kind: 'error'; message: string; status?: number; body?: unknown }
  | { kind: 'ready' };

/** The server's messages in the order sent, each taken when the worker is ready for it. */
function inbox(port: MessagePort): () => Promise<ExportRequest> {
  const kept: ExportRequest[] = [];
  let waiting: ((request: ExportRequest) => void) | null = null;
  port.on('message', (request: ExportRequest) => {
    if (waiting) {
      const deliver = waiting;
      waiting = null;
      deliver(request);
    } else kept.push(request);
  });
  return () =>
    new Promise((resolve) => {
      const next = kept.shift();
      if (next !== undefined) resolve(next);
      else waiting = resolve;
    });
}

/** Writes one job, a chunk per 'more'; whether it ended on the server's 'stop'. */
async function write(job: ExportJob, next: () => Promise<ExportRequest>, post: (message: ExportMessage) => void): Promise<boolean> {
  const store = await openStore(job.location);
  try {
    const route = ROUTES.find((r) => r.path === job.routePath);
    if (!route) throw new Error(`no route ${job.routePath}`);
    const url = new URL(job.url);
    const answer = await route.handle({ store, url, query: url.searchParams, path: {}, format: job.format });
    if (!('pages' in answer)) throw new Error(`${job.routePath} gave no streamed table`);
    const response = streamedTableResponse(answer, job.format, noTurns, () => {});
    post({ kind: 'headers', headers: [...response.headers] });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    for (;;) {
      const asked = await next();
      if (asked === 'stop') {
        await reader.cancel();
        return true;
      }
      if (asked !== 'more') throw new Error(`unexpected ${typeof asked === 'string' ? asked : 'job'} during an export`);
      const { done, value } = await reader.read();
      if (done) break;
      post({ kind: 'chunk', chunk: value });
    }
    post({ kind: 'done' });
    return false;
  } finally {
    await store.close();
  }
}

function failure(error: unknown): ExportMessage {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  const forClient = clientError(error);
  return forClient ? { kind: 'error', message, status: forClient.status, body: forClient.body() } : { kind: 'error', message };
}

async function serve(port: MessagePort): Promise<void> {
  const next = inbox(port);
  const post = (message: ExportMessage) => port.postMessage(message);
  for (;;) {
    const request = await next();
    if (request === 'end') break;
    if (typeof request === 'string') continue; // 'more' or 'stop' left over from a job already over
    let stopped = false;
    try {
      stopped = await write(request, next, post);
    } catch (error) {
      post(failure(error));
    }
    // The server answers the end of every job with 'stop'; what comes after it is the next job's.
    while (!stopped) stopped = (await next()) === 'stop';
    post({ kind: 'ready' });
  }
  port.close();
}

const port = parentPort;
if (port) serve(port).catch((error: unknown) => port.postMessage(failure(error)));
