import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/problems.js';
import { fetchJson, fetchText, HttpError, type HttpRetry, parseJsonText, resolveBaseUrl } from '../../src/sources/http.js';
import { type RecordedServer, startRecordedServer } from '../support/recordedServer.js';

const hello = { '/hello': (_request: unknown, response: import('node:http').ServerResponse) => void response.end('hello') };

describe('fetchText', () => {
  let server: RecordedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('retries after a dropped connection', async () => {
    server = await startRecordedServer(hello, { failures: [{ times: 2, answer: 'reset' }] });
    const retries: HttpRetry[] = [];
    const text = await fetchText(`${server.url}/hello`, { retryDelayMs: 5, onRetry: (retry) => retries.push(retry) });
    expect(text).toBe('hello');
    expect(retries.map((retry) => [retry.attempt, retry.attempts])).toEqual([
      [1, 4],
      [2, 4],
    ]);
    expect(retries[0]?.reason).toMatch(/^network error: /);
    expect(server.requests).toHaveLength(3);
  });

  it('waits as long as Retry-After says after a 429', async () => {
    server = await startRecordedServer(hello, { failures: [{ times: 1, answer: 429, retryAfter: '1' }] });
    const delays: number[] = [];
    const started = Date.now();
    await fetchText(`${server.url}/hello`, { retryDelayMs: 5, onRetry: (retry) => delays.push(retry.delayMs) });
    expect(delays).toEqual([1000]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('never waits longer than maxRetryDelayMs, whatever Retry-After says', async () => {
    server = await startRecordedServer(hello, { failures: [{ times: 1, answer: 429, retryAfter: '3600' }] });
    const delays: number[] = [];
    await fetchText(`${server.url}/hello`, { retryDelayMs: 5, maxRetryDelayMs: 20, onRetry: (retry) => delays.push(retry.delayMs) });
    expect(delays).toEqual([20]);
  });

  it('times out a server that never answers, and says so with the URL', async () => {
    server = await startRecordedServer({ '/slow': () => {} });
    const url = `${server.url}/slow`;
    await expect(fetchText(url, { timeoutMs: 100, attempts: 2, retryDelayMs: 5 })).rejects.toThrow(
      `GET ${url}: timed out after 100 ms (after 2 attempts)`,
    );
    expect(server.requests).toHaveLength(2);
  });

  it('names the URL when nothing listens there', async () => {
    server = await startRecordedServer({});
    const url = `${server.url}/x`;
    await server.close();
    server = undefined;
    const error = await fetchText(url, { attempts: 2, retryDelayMs: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBeNull();
    expect((error as Error).message).toMatch(new RegExp(`^GET ${url}: network error: .*ECONNREFUSED.* \\(after 2 attempts\\)$`));
  });

  it('refuses a body over the size limit', async () => {
    server = await startRecordedServer(hello);
    await expect(fetchText(`${server.url}/hello`, { maxBytes: 3 })).rejects.toThrow(/larger than the limit of 3/);
  });

  it('stops when the caller cancels, without retrying', async () => {
    server = await startRecordedServer({ '/slow': () => {} });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled by the user')), 50);
    await expect(fetchText(`${server.url}/slow`, { signal: controller.signal, retryDelayMs: 5 })).rejects.toThrow('cancelled by the user');
    expect(server.requests).toHaveLength(1);
  });
});

describe('fetchJson and parseJsonText', () => {
  it('names the source, line and column of broken JSON', () => {
    const error = (() => {
      try {
        parseJsonText('{\n  "data": [\n    {"code": 1,}\n  ]\n}', 'http://example.test/list.json');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).position).toEqual({ file: 'http://example.test/list.json', line: 3, column: 16 });
  });

  it('reports truncated JSON without a position', async () => {
    const server = await startRecordedServer({ '/cut.json': (_request, response) => void response.end('{"data": [') });
    try {
      await expect(fetchJson(`${server.url}/cut.json`)).rejects.toThrow(`${server.url}/cut.json: not valid JSON`);
    } finally {
      await server.close();
    }
  });
});

describe('resolveBaseUrl', () => {
  const variable = 'DEVFIN_TEST_BASE_URL';
  afterEach(() => {
    delete process.env[variable];
  });

  it('prefers the explicit value, then the variable, then the default, always ending with a slash', () => {
    expect(resolveBaseUrl(undefined, variable, 'https://example.test/a/')).toBe('https://example.test/a/');
    process.env[variable] = 'http://127.0.0.1:9/mirror';
    expect(resolveBaseUrl(undefined, variable, 'https://example.test/a/')).toBe('http://127.0.0.1:9/mirror/');
    expect(resolveBaseUrl('http://localhost/b', variable, 'https://example.test/a/')).toBe('http://localhost/b/');
  });

  it('names the variable that holds a bad URL', () => {
    process.env[variable] = 'not a url';
    expect(() => resolveBaseUrl(undefined, variable, 'https://example.test/')).toThrow(`${variable} is not a valid URL: "not a url"`);
  });
});
