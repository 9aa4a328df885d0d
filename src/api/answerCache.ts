// Answers kept per data version: a store that has not changed gives the same answer to the same
// question on the same day, so the server answers it again from memory, and tells a client that
// already holds it (If-None-Match) that it has not changed (304). The version is read from the
// store on every request (store/reference.ts dataVersion), so a write by any process — an import,
// a sync, a rates update — makes every kept answer stale at once; no state of the server's own
// decides what is current, and two servers on one PostgreSQL database agree.
import { createHash } from 'node:crypto';

interface Kept {
  etag: string;
  status: number;
  headers: [string, string][];
  body: Uint8Array;
}

export interface AnswerCacheOptions {
  /** At most this many bytes of answers are kept (the least recently used go first). */
  maxBytes?: number;
  /** Answers larger than this are not kept (a large export is made again each time). */
  maxAnswerBytes?: number;
}

export class AnswerCache {
  private readonly kept = new Map<string, Kept>();
  /**
   * Answers being made: a question asked again before its first answer is ready waits for that
   * answer instead of making it once more. Under load (50 clients asking the same whole-store
   * summary right after an import) this is what keeps the store from working out one answer many
   * times over while every client waits its turn.
   */
  private readonly making = new Map<string, Promise<Kept>>();
  private bytes = 0;
  private readonly maxBytes: number;
  private readonly maxAnswerBytes: number;

  constructor({ maxBytes = 64 * 1024 * 1024, maxAnswerBytes = 4 * 1024 * 1024 }: AnswerCacheOptions = {}) {
    this.maxBytes = maxBytes;
    this.maxAnswerBytes = maxAnswerBytes;
  }

  /** The entity tag of the answer to `key` (the question, its form, the data version and the day). */
  static etag(key: string): string {
    return `"${createHash('sha256').update(key).digest('base64url').slice(0, 27)}"`;
  }

  /** The answer to `key`: 304 when the client holds it, else from memory, else made by `answer` and kept. */
  async answer(key: string, ifNoneMatch: string | undefined, answer: () => Promise<Response>): Promise<Response> {
    const etag = AnswerCache.etag(key);
    if (ifNoneMatch && matches(ifNoneMatch, etag)) return new Response(null, { status: 304, headers: { etag } });
    const found = this.kept.get(key);
    if (found) {
      // Most recently used last: the Map keeps insertion order.
      this.kept.delete(key);
      this.kept.set(key, found);
      return respond(found);
    }
    let making = this.making.get(key);
    if (!making) {
      making = this.make(key, etag, answer);
      this.making.set(key, making);
      const done = () => this.making.delete(key);
      making.then(done, done);
    }
    const made = await making;
    // Only a 200 answer carries the entity tag; an error is passed on as it was made.
    return made.status === 200 ? respond(made) : new Response(made.body, { status: made.status, headers: new Headers(made.headers) });
  }

  private async make(key: string, etag: string, answer: () => Promise<Response>): Promise<Kept> {
    const response = await answer();
    const body = new Uint8Array(await response.arrayBuffer());
    const made: Kept = { etag, status: response.status, headers: [...response.headers], body };
    if (response.status === 200 && body.byteLength <= this.maxAnswerBytes) this.keep(key, made);
    return made;
  }

  /**
   * An answer that is never kept (a streamed export, written as it is read): 304 when the client
   * holds it, else made by `answer` and sent with its entity tag.
   */
  async unkept(key: string, ifNoneMatch: string | undefined, answer: () => Promise<Response>): Promise<Response> {
    const etag = AnswerCache.etag(key);
    if (ifNoneMatch && matches(ifNoneMatch, etag)) return new Response(null, { status: 304, headers: { etag } });
    const response = await answer();
    if (response.status === 200) {
      response.headers.set('etag', etag);
      response.headers.set('cache-control', 'no-cache');
    }
    return response;
  }

  private keep(key: string, kept: Kept): void {
    this.kept.set(key, kept);
    this.bytes += kept.body.byteLength;
    for (const [oldKey, old] of this.kept) {
      if (this.bytes <= this.maxBytes) break;
      this.kept.delete(oldKey);
      this.bytes -= old.body.byteLength;
    }
  }
}

function respond(kept: Kept): Response {
  const headers = new Headers(kept.headers);
  headers.set('etag', kept.etag);
  headers.set('cache-control', 'no-cache');
  return new Response(kept.body, { status: kept.status, headers });
}

/** Whether an If-None-Match header names this entity tag (weak comparison, as GET asks). */
function matches(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
