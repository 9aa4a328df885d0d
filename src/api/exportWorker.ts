// A heavy export written off the server's thread (see exports.ts): this worker opens the SQLite
// store on a connection of its own (WAL lets it read beside the server), answers the route as the
// server would, and hands the bytes of the download over one chunk at a time, each when the
// server asks for it, so it never runs ahead of the client. It ends by itself, when the download
// is done or the server says the client has gone. Its thread runs at the lowest CPU priority
// (exportThread.ts, its entry; Linux only): on a busy machine the kernel then gives the server's
// thread, which answers every other reader, the CPU first, and the export takes what is left.
import { parentPort, workerData } from 'node:worker_threads';
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

/** What the worker tells the server: the headers first, then chunks when asked, then the end or an error. */
export type ExportMessage =
  | { kind: 'headers'; headers: [string, string][] }
  | { kind: 'chunk'; chunk: Uint8Array }
  | { kind: 'done' }
  /** An error for the client (an ApiError: its status and body), or a failure (a message for the log). */
  | { kind: 'error'; message: string; status?: number; body?: unknown };

async function run(job: ExportJob): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const post = (message: ExportMessage) => port.postMessage(message);
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
      // 'more' for the next chunk; 'stop' when the client has gone: the worker then ends by itself,
      // closing its store (a worker stopped from outside in the middle of a SQLite call takes the
      // whole server down with it).
      const asked = await new Promise((resolve) => port.once('message', resolve));
      if (asked === 'stop') {
        await reader.cancel();
        return;
      }
      const { done, value } = await reader.read();
      if (done) break;
      post({ kind: 'chunk', chunk: value });
    }
    post({ kind: 'done' });
  } finally {
    await store.close();
  }
}

run(workerData as ExportJob).catch((error: unknown) => {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  const forClient = clientError(error);
  parentPort?.postMessage(
    (forClient
      ? { kind: 'error', message, status: forClient.status, body: forClient.body() }
      : { kind: 'error', message }) satisfies ExportMessage,
  );
});
