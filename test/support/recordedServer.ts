// A real HTTP server on 127.0.0.1 that serves recorded responses (files on disk) to the real client
// code, so tests exercise fetch, timeouts and retries without reaching the live sources. It can fail
// on purpose (an HTTP status or a dropped connection for the first N requests) to prove the retries.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** Answers a request itself, e.g. with a broken body, or never, to test timeouts. */
export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

/** A directory (the rest of the URL path names a file in it), a single file, or a handler. */
export type RouteTarget = string | RouteHandler;

export interface InjectedFailure {
  /** How many matching requests fail before requests are served normally. */
  times: number;
  /** An HTTP status to answer with, or 'reset' to drop the connection without an answer. */
  answer: number | 'reset';
  /** Only requests whose path starts with this fail; all requests when absent. */
  pathPrefix?: string;
  /** Sent as Retry-After with the status. */
  retryAfter?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** null when the connection was dropped or the handler has not answered. */
  readonly status: number | null;
}

export interface RecordedServer {
  /** Base address without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Starts the server; `routes` maps URL path prefixes to targets, the longest prefix wins. */
export async function startRecordedServer(
  routes: Record<string, RouteTarget>,
  options: { failures?: InjectedFailure[] } = {},
): Promise<RecordedServer> {
  const failures = (options.failures ?? []).map((failure) => ({ ...failure }));
  const prefixes = Object.keys(routes).sort((a, b) => b.length - a.length);
  const requests: RecordedRequest[] = [];

  const server = createServer((request, response) => {
    const urlPath = new URL(request.url ?? '/', 'http://localhost').pathname;
    // The status is read when asked: the client may have the whole answer before 'finish' fires here.
    requests.push({
      method: request.method ?? 'GET',
      path: urlPath,
      get status() {
        return response.headersSent ? response.statusCode : null;
      },
    });

    const failure = failures.find((f) => f.times > 0 && (f.pathPrefix === undefined || urlPath.startsWith(f.pathPrefix)));
    if (failure) {
      failure.times--;
      if (failure.answer === 'reset') {
        request.socket.destroy();
        return;
      }
      const headers: Record<string, string> = { 'content-type': 'text/plain' };
      if (failure.retryAfter !== undefined) headers['retry-after'] = failure.retryAfter;
      response.writeHead(failure.answer, headers).end(`injected failure ${failure.answer}\n`);
      return;
    }

    const prefix = prefixes.find((p) => urlPath.startsWith(p));
    const target = prefix === undefined ? undefined : routes[prefix];
    if (prefix === undefined || target === undefined) {
      notFound(response);
      return;
    }
    if (typeof target === 'function') {
      Promise.resolve(target(request, response)).catch((error: unknown) => {
        response.writeHead(500).end(String(error));
      });
      return;
    }
    serveFile(target, prefix, urlPath, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Handlers that never answer would otherwise keep close() waiting.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function serveFile(target: string, prefix: string, urlPath: string, response: ServerResponse): Promise<void> {
  const targetStat = await stat(target).catch(() => null);
  let file: string;
  if (targetStat?.isDirectory()) {
    const root = path.resolve(target);
    file = path.resolve(root, `.${path.posix.sep}${decodeURIComponent(urlPath.slice(prefix.length))}`);
    // Never serve anything outside the mapped directory.
    if (!file.startsWith(root + path.sep)) {
      notFound(response);
      return;
    }
  } else if (targetStat?.isFile() && urlPath === prefix) {
    file = target;
  } else {
    notFound(response);
    return;
  }
  const fileStat = await stat(file).catch(() => null);
  if (!fileStat?.isFile()) {
    notFound(response);
    return;
  }
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': String(fileStat.size),
  });
  createReadStream(file).pipe(response);
}

function notFound(response: ServerResponse): void {
  response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
}
