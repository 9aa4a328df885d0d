// Fetching from the public sources (exchange rates, codelists, later the World Bank API and the IATI
// Datastore). Those servers are static sites or busy APIs: they time out, rate-limit and return a
// passing 502 now and then, so every request gets a deadline and a few retries with back-off.
// When it still fails, the error names the URL so the user knows which source to check.

import { setTimeout as sleep } from 'node:timers/promises';
import { InputError } from '../model/problems.js';

export interface HttpRequestOptions {
  /** Deadline for one attempt, from sending the request until the whole body has arrived. */
  timeoutMs?: number;
  /** Attempts in all, the first one included. */
  attempts?: number;
  /** Wait before the first retry; it doubles for each further retry. */
  retryDelayMs?: number;
  /** Upper bound for one wait, also for a server's Retry-After. */
  maxRetryDelayMs?: number;
  /** A body larger than this is refused, so a wrong URL cannot fill the memory. */
  maxBytes?: number;
  /** Lets the caller cancel; cancelling is never retried. */
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Told before each retry, e.g. to show it next to a progress bar. */
  onRetry?: (retry: HttpRetry) => void;
  /** Told as the body arrives; `total` is null when the server does not send Content-Length. */
  onBytes?: (received: number, total: number | null) => void;
}

export interface HttpRetry {
  url: string;
  /** The attempt that failed, counting from 1. */
  attempt: number;
  attempts: number;
  reason: string;
  delayMs: number;
}

/** A request that failed for good. `status` is null when no HTTP answer came (network, timeout). */
export class HttpError extends Error {
  readonly url: string;
  readonly status: number | null;
  readonly attempts: number;

  constructor(url: string, status: number | null, attempts: number, reason: string, options?: { cause?: unknown }) {
    const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
    super(`GET ${url}: ${reason}${tries}`, options);
    this.name = 'HttpError';
    this.url = url;
    this.status = status;
    this.attempts = attempts;
  }
}

const DEFAULTS = {
  timeoutMs: 60_000,
  attempts: 4,
  retryDelayMs: 1_000,
  maxRetryDelayMs: 30_000,
  maxBytes: 512 * 1024 * 1024,
};

/** The body of `url` as bytes, after retries on 408, 429, 5xx, network errors and timeouts. */
export async function fetchBytes(url: string, options: HttpRequestOptions = {}): Promise<Uint8Array> {
  const attempts = Math.max(1, options.attempts ?? DEFAULTS.attempts);
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptFetch(url, options, timeoutMs);
    if (outcome.ok) return outcome.body;
    if (!outcome.retryable || attempt >= attempts) {
      throw new HttpError(url, outcome.status, attempt, outcome.reason, { cause: outcome.cause });
    }
    const delayMs = retryDelay(attempt, outcome.retryAfterMs, options);
    options.onRetry?.({ url, attempt, attempts, reason: outcome.reason, delayMs });
    await sleep(delayMs, undefined, options.signal ? { signal: options.signal } : undefined).catch((error: unknown) => {
      // Cancelled while waiting: report the caller's reason, as when cancelled during a request.
      throw options.signal?.reason ?? error;
    });
  }
}

/** The body of `url` decoded as UTF-8 (a byte-order mark is dropped). */
export async function fetchText(url: string, options: HttpRequestOptions = {}): Promise<string> {
  return new TextDecoder('utf-8').decode(await fetchBytes(url, options));
}

/** The body of `url` parsed as JSON; a body that is not JSON is an InputError naming the URL and line. */
export async function fetchJson(url: string, options: HttpRequestOptions = {}): Promise<unknown> {
  return parseJsonText(await fetchText(url, options), url);
}

/** JSON.parse with an error that says where: the file or URL, and the line and column when V8 gives a position. */
export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8 quotes a piece of the text in some messages; keep the error on one line.
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ');
    const position = /at position (\d+)/.exec(message);
    const where = position ? lineAndColumn(text, Number(position[1])) : { line: null, column: null };
    throw new InputError({ file: source, ...where }, `not valid JSON: ${message}`);
  }
}

/**
 * The base URL of a source: the caller's choice, else the environment variable, else the public
 * default. It always ends with '/', so `new URL(name, base)` appends instead of replacing the last part.
 */
export function resolveBaseUrl(explicit: string | undefined, environmentVariable: string, fallback: string): string {
  const fromEnvironment = process.env[environmentVariable]?.trim();
  const chosen = explicit ?? (fromEnvironment ? fromEnvironment : fallback);
  let url: URL;
  try {
    url = new URL(chosen);
  } catch {
    const origin = explicit !== undefined ? 'base URL' : `${environmentVariable}`;
    throw new Error(`${origin} is not a valid URL: ${JSON.stringify(chosen)}`);
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

type AttemptOutcome =
  | { ok: true; body: Uint8Array }
  | { ok: false; retryable: boolean; status: number | null; reason: string; retryAfterMs: number | null; cause?: unknown };

async function attemptFetch(url: string, options: HttpRequestOptions, timeoutMs: number): Promise<AttemptOutcome> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  try {
    const response = await fetch(url, { signal, headers: options.headers, redirect: 'follow' });
    if (!response.ok) {
      // Release the connection: the body of an error page is of no use here.
      await response.body?.cancel().catch(() => {});
      const status = response.status;
      return {
        ok: false,
        retryable: status === 408 || status === 429 || status >= 500,
        status,
        reason: `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
      };
    }
    return { ok: true, body: await readBody(url, response, options) };
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason ?? error;
    if (error instanceof HttpError) throw error;
    if (timeout.aborted) {
      return { ok: false, retryable: true, status: null, reason: `timed out after ${timeoutMs} ms`, retryAfterMs: null, cause: error };
    }
    return {
      ok: false,
      retryable: true,
      status: null,
      reason: `network error: ${describeNetworkError(error)}`,
      retryAfterMs: null,
      cause: error,
    };
  }
}

async function readBody(url: string, response: Response, options: HttpRequestOptions): Promise<Uint8Array> {
  const maxBytes = options.maxBytes ?? DEFAULTS.maxBytes;
  const declared = Number(response.headers.get('content-length'));
  const total = Number.isFinite(declared) && declared > 0 ? declared : null;
  if (total !== null && total > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new HttpError(url, response.status, 1, `body of ${total} bytes is larger than the limit of ${maxBytes}`);
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  if (response.body) {
    for await (const chunk of response.body) {
      received += chunk.byteLength;
      if (received > maxBytes) {
        await response.body.cancel().catch(() => {});
        throw new HttpError(url, response.status, 1, `body is larger than the limit of ${maxBytes} bytes`);
      }
      chunks.push(chunk);
      options.onBytes?.(received, total);
    }
  }
  return Buffer.concat(chunks, received);
}

function retryDelay(failedAttempt: number, retryAfterMs: number | null, options: HttpRequestOptions): number {
  const base = options.retryDelayMs ?? DEFAULTS.retryDelayMs;
  const cap = options.maxRetryDelayMs ?? DEFAULTS.maxRetryDelayMs;
  // Jitter spreads the retries of many clients that failed together.
  const backOff = base * 2 ** (failedAttempt - 1) * (0.75 + Math.random() * 0.5);
  return Math.round(Math.min(cap, Math.max(backOff, retryAfterMs ?? 0)));
}

/** Retry-After is either seconds or an HTTP date. */
function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

/** undici reports "fetch failed" and hides the useful part (ECONNREFUSED, ENOTFOUND, …) in `cause`. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code && !cause.message.includes(code) ? `${cause.message} (${code})` : cause.message;
  }
  return error.message;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
