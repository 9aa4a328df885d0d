// The HTTP API as a Hono app over one open store: the route table served, errors as JSON, and one
// JSON log line per request. `devfin serve` runs it; tests call it in-process or over a socket.
import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { cors } from 'hono/cors';
import { answerVersion } from '../portfolio/answerVersion.js';
import type { Store } from '../store/open.js';
import { isStoreUnavailable } from '../store/postgres.js';
import { AnswerCache } from './answerCache.js';
import { Access, type AccessOptions, DEFAULT_ACCESS } from './auth.js';
import { ApiError, clientError } from './errors.js';
import {
  canExportInWorker,
  EXPORT_RETRY_AFTER_SECONDS,
  ExportSlots,
  exportConcurrency,
  exportInWorker,
  isStreamedTable,
  streamedTableResponse,
} from './exports.js';
import { chooseFormat, errorResponse, type Format, formatParam, jsonResponse, tableResponse } from './formats.js';
import { refuseControlCharacters, refuseUnknown } from './params.js';
import { noTurns, type Turns, takingTurns } from './questionQueue.js';
import { registerRecordRoutes } from './recordRoutes.js';
import { type Answer, ROUTES, type Route, variants } from './routes.js';
import { defaultAllowedHosts, securityMiddleware } from './security.js';
import { DEFAULT_WEB_ROOT, webAppResponse } from './webApp.js';

/** A structured log entry, written as one JSON line. */
export type LogEntry = Record<string, unknown>;
export type Logger = (entry: LogEntry) => void;

export const logToStderr: Logger = (entry) => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
};

export interface AppOptions {
  store: Store;
  log?: Logger;
  /** The built web app (Vite's output); default dist/web of this package. */
  webRoot?: string;
  /** Who may read and write (auth.ts): reading is open and CORS off unless said otherwise. */
  access?: Partial<AccessOptions>;
  /** The host names answered (see security.ts); default the loopback names. */
  allowedHosts?: readonly string[];
}

/** Hono's form of an OpenAPI path: a path parameter takes the rest of the path, so ids may hold "/". */
export function honoPath(openApiPath: string): string {
  return openApiPath.replace(/\{(\w+)\}/g, ':$1{.+}');
}

async function render(answer: Answer, format: Format): Promise<Response> {
  if (answer instanceof Response) return answer;
  if (isStreamedTable(answer)) {
    if (format === 'json') throw new Error('a streamed list has no JSON form');
    return streamedTableResponse(answer, format, noTurns, () => {});
  }
  if ('rows' in answer) return tableResponse(answer, format);
  return jsonResponse(answer.json, 200, answer.headers);
}

async function serve(
  c: Context,
  route: Route,
  suffix: Format | undefined,
  store: Store,
  turns: Turns,
  cache: AnswerCache,
  exports: ExportSlots,
): Promise<Response> {
  const url = new URL(c.req.url);
  const query = url.searchParams;
  refuseUnknown(query, route.formats.length > 0 && !suffix ? [...route.query, formatParam(route.formats)] : route.query);
  refuseControlCharacters(query, c.req.param() as Record<string, string>);
  const format = route.formats.length > 0 ? chooseFormat(query, c.req.header('accept'), suffix, route.formats) : 'json';
  const body =
    route.method === 'POST'
      ? { text: await c.req.text(), mediaType: (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '' }
      : undefined;
  const request = { store, url, query, path: c.req.param() as Record<string, string>, format, body };
  if (!route.asksStore) return render(await route.handle(request), format);
  // An answer to a body is not kept: the cache's key is the URL.
  if (route.method === 'POST') return render(await turns(() => route.handle(request)), format);
  // The whole query is in the key, so every parameter that changes the answer (filters, `by`,
  // `currency`: the same figures in tenge are another answer) keeps an answer and a tag of its own.
  const key = [await answerVersion(store), format, url.pathname, url.search].join('\n');
  if (route.heavyExport && format !== 'json') return heavyExport(c, route, request, format, turns, cache, exports, key);
  return cache.answer(key, c.req.header('if-none-match'), async () => render(await turns(() => route.handle(request)), format));
}

/**
 * A CSV or XLSX export of a long list (exports.ts): it takes one of the export slots, or is refused
 * with 503 and Retry-After; the slot is given back when the download ends, fails or is dropped.
 * It is streamed, so never kept in the answer cache (a client that has it still gets 304).
 */
async function heavyExport(
  c: Context,
  route: Route,
  request: Parameters<Route['handle']>[0],
  format: Exclude<Format, 'json'>,
  turns: Turns,
  cache: AnswerCache,
  exports: ExportSlots,
  key: string,
): Promise<Response> {
  const release = exports.take();
  if (!release) return errorResponse(exports.busy(), { 'retry-after': String(EXPORT_RETRY_AFTER_SECONDS) });
  try {
    const response = await cache.unkept(key, c.req.header('if-none-match'), async () => {
      if (request.store.sqlite && canExportInWorker())
        return exportInWorker(
          { location: request.store.location, routePath: route.path, url: request.url.href, format },
          release,
          exports.size,
        );
      const answer = await turns(() => route.handle(request));
      if (isStreamedTable(answer)) return streamedTableResponse(answer, format, turns, release);
      release();
      return render(answer, format);
    });
    if (response.status === 304) release();
    return response;
  } catch (error) {
    release();
    throw error;
  }
}

export function createApp({
  store,
  log = logToStderr,
  webRoot = DEFAULT_WEB_ROOT,
  access: accessOptions,
  allowedHosts = defaultAllowedHosts(),
}: AppOptions): Hono {
  const app = new Hono();
  // SQLite answers synchronously: see questionQueue.ts.
  const turns = store.sqlite ? takingTurns() : noTurns;
  const cache = new AnswerCache();
  const exports = new ExportSlots(exportConcurrency());

  app.use('*', async (c, next) => {
    const start = performance.now();
    await next();
    const query = new URL(c.req.url).search;
    log({
      method: c.req.method,
      path: c.req.path,
      ...(query ? { query } : {}),
      status: c.res.status,
      ms: Math.round((performance.now() - start) * 10) / 10,
    });
  });
  app.use('*', securityMiddleware(allowedHosts));

  // The dashboard: its scripts and styles compressed (they are most of what a first visit loads),
  // its pages answered with the app's index.html. The API's own paths never reach the app.
  app.use('/assets/*', compress());
  app.use('*', async (c, next) => {
    const urlPath = c.req.path;
    if (c.req.method !== 'GET' || urlPath.startsWith('/api') || urlPath === '/openapi.json') return next();
    const response = await webAppResponse(webRoot, urlPath);
    return response ?? next();
  });

  const access = new Access(store, { ...DEFAULT_ACCESS, ...accessOptions });
  if (access.options.corsOrigin)
    app.use(
      '/api/*',
      cors({
        origin: access.options.corsOrigin,
        allowMethods: ['GET', 'POST', 'PUT', 'DELETE'],
        allowHeaders: ['Authorization', 'Content-Type'],
        maxAge: 600,
      }),
    );
  // Reads (and statement checks, which change nothing) as the server is configured; writes check
  // their own tokens and roles (recordRoutes.ts).
  const readGuard = access.readGuard();
  app.use('/openapi.json', readGuard);
  app.use('/api/*', async (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.path === '/api/statements/check' ? readGuard(c, next) : next(),
  );
  registerRecordRoutes(app, store, access);

  for (const route of ROUTES) {
    const { maxBodyBytes } = route;
    if (maxBodyBytes !== undefined) {
      const tooLarge = new ApiError(413, `the body is larger than ${maxBodyBytes / 1024} KB, the most this endpoint takes`);
      // Registered with use(), not as a handler of the route, so that the route table stays one handler per route.
      app.use(honoPath(route.path), bodyLimit({ maxSize: maxBodyBytes, onError: () => errorResponse(tooLarge) }));
    }
    for (const { path, suffix } of variants(route)) {
      const handler = (c: Context) => serve(c, route, suffix, store, turns, cache, exports);
      if (route.method === 'POST') app.post(honoPath(path), handler);
      else app.get(honoPath(path), handler);
    }
  }

  app.notFound((c) => errorResponse(new ApiError(404, `no endpoint ${c.req.method} ${c.req.path}; the endpoints are listed at /api/docs`)));

  app.onError((error, c) => {
    const forClient = clientError(error);
    if (forClient) return errorResponse(forClient);
    // The database is down or dropped the connection: the next request tries a fresh one.
    if (isStoreUnavailable(error)) {
      log({ level: 'warn', method: c.req.method, path: c.req.path, message: `the database is unavailable: ${error.message}` });
      return errorResponse(new ApiError(503, 'the database is not answering; try again shortly'), { 'retry-after': '5' });
    }
    // The client gets an id to quote; the details, stack included, stay in the server's log.
    const id = randomUUID();
    log({
      level: 'error',
      id,
      method: c.req.method,
      path: c.req.path,
      message: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    });
    return jsonResponse({ error: { status: 500, message: 'internal error; the server log has the details under this id', id } }, 500);
  });

  return app;
}
