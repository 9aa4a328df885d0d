// The HTTP API's writes: records kept by hand (/api/records...) and IATI file uploads
// (/api/imports). Each write is rate-limited, needs a token of the right role (auth.ts) and has a
// body limit; the same portfolio functions as the CLI do the work, as the token's holder.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { every } from 'hono/combine';
import { importUploadedIati } from '../ingest/uploadedFile.js';
import {
  addRecord,
  editRecord,
  findRecord,
  listRecords,
  ManualRecordError,
  ManualRecordStateError,
  type RecordText,
  recordHistory,
  removeRecord,
  restoreRecord,
} from '../portfolio/records.js';
import type { Store } from '../store/open.js';
import type { Access } from './auth.js';
import { ApiError } from './errors.js';
import { errorResponse, jsonResponse } from './formats.js';

/** A record file is a few kilobytes; this leaves room for long descriptions and many documents. */
export const RECORD_BODY_LIMIT = 256 * 1024;

/** Upload names become the imported file's name: plain names only, never a path. */
const UPLOAD_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.xml$/;

const RECORD_MEDIA_TYPES = ['application/json', 'application/yaml', 'application/x-yaml', 'text/yaml', 'text/plain'];

function mediaType(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

async function recordText(c: Context): Promise<RecordText> {
  const type = mediaType(c);
  if (!RECORD_MEDIA_TYPES.includes(type))
    throw new ApiError(415, `a record is sent as ${RECORD_MEDIA_TYPES.slice(0, 2).join(' or ')}, not ${type || 'a body without a type'}`);
  return { text: await c.req.text(), name: 'request body' };
}

/** The store's refusals as the HTTP statuses that mean them. */
function refusal(error: unknown): never {
  if (error instanceof ManualRecordError) throw new ApiError(400, error.message);
  if (error instanceof ManualRecordStateError) throw new ApiError(error.reason === 'missing' ? 404 : 409, error.message);
  throw error;
}

async function answer<T>(work: () => Promise<T>, status: 200 | 201 = 200): Promise<Response> {
  try {
    return jsonResponse(await work(), status);
  } catch (error) {
    return refusal(error);
  }
}

export function registerRecordRoutes(app: Hono, store: Store, access: Access): void {
  const limit = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () =>
        errorResponse(new ApiError(413, `the body is larger than ${Math.round(maxSize / 1024)} KB, the most this endpoint takes`)),
    });
  // Registered with use(), so that the route table of the app stays one handler per route and path.
  const writes = (role: 'editor' | 'admin', ...more: MiddlewareHandler[]): MiddlewareHandler => {
    const guard = every(access.writeLimit(), access.require(role), ...more);
    return async (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : guard(c, next));
  };
  app.use('/api/records', writes('editor', limit(RECORD_BODY_LIMIT)));
  app.use('/api/records/*', writes('editor', limit(RECORD_BODY_LIMIT)));
  app.use('/api/imports', writes('admin'));
  const actor = (c: Context) => access.caller(c).name;

  app.get('/api/records', async (c) => answer(() => listRecords(store, { includeRemoved: c.req.query('includeRemoved') === 'true' })));
  app.get('/api/records/:id{[^/]+}/history', async (c) => answer(() => recordHistory(store, c.req.param('id'))));
  app.get('/api/records/:id{[^/]+}', async (c) => {
    const record = await findRecord(store, c.req.param('id'));
    if (!record) throw new ApiError(404, `no record ${c.req.param('id')}`);
    return jsonResponse(record);
  });
  app.post('/api/records', async (c) => answer(async () => addRecord(store, await recordText(c), actor(c)), 201));
  app.put('/api/records/:id{[^/]+}', async (c) => answer(async () => editRecord(store, c.req.param('id'), await recordText(c), actor(c))));
  app.delete('/api/records/:id{[^/]+}', async (c) => answer(() => removeRecord(store, c.req.param('id'), actor(c))));
  app.post('/api/records/:id{[^/]+}/restore', async (c) => answer(() => restoreRecord(store, c.req.param('id'), actor(c))));

  app.post('/api/imports', async (c) => {
    const name = c.req.query('name') ?? 'upload.xml';
    if (!UPLOAD_NAME.test(name))
      throw new ApiError(400, 'name: a plain file name ending in .xml (letters, digits, ".", "_", "-"), never a path', {
        parameter: 'name',
      });
    const cap = access.options.uploadLimitBytes;
    const declared = Number(c.req.header('content-length') ?? Number.NaN);
    const tooLarge = new ApiError(413, `the file is larger than ${Math.round(cap / 1024 / 1024)} MB, the most this server takes`);
    if (declared > cap) throw tooLarge;
    const body = c.req.raw.body;
    if (!body) throw new ApiError(400, 'no file in the body: send the IATI XML file as the body');
    const dir = await mkdtemp(path.join(tmpdir(), 'devfin-upload-'));
    try {
      const file = path.join(dir, name);
      await saveCapped(body, file, cap, tooLarge);
      const result = await importUploadedIati(store, file, name, actor(c));
      return jsonResponse(result, result.status === 'rejected' ? 422 : 200);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

/** Streams the body to `file`, refusing it as soon as it passes `cap` bytes. */
async function saveCapped(body: ReadableStream<Uint8Array>, file: string, cap: number, tooLarge: ApiError): Promise<void> {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(bytes > cap ? tooLarge : null, chunk);
    },
  });
  await pipeline(
    Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>),
    counter,
    createWriteStream(file, { flags: 'wx' }),
  );
}
