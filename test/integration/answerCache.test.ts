// Answers kept per data version (api/answerCache.ts): a repeated question is answered with the
// same bytes and an entity tag, a client holding that tag gets 304, and a write by another process
// (an import through the CLI) makes the next answer fresh at once.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerCache } from '../../src/api/answerCache.js';
import { runDevfin, temporaryDir } from '../support/cli.js';
import { type RunningServer, startServe } from '../support/serve.js';
import { SHARED_DATA } from '../support/sharedData.js';

const store = path.join(temporaryDir('devfin-cache-'), 'store.sqlite');
const USAID = path.join(SHARED_DATA, 'iati/usaid-carec');
let server: RunningServer;

beforeAll(async () => {
  const imported = await runDevfin(['import', '--db', store, path.join(USAID, 'usaid-kz.xml')]);
  expect(imported.code, imported.stderr).toBe(0);
  server = await startServe(['--db', store]);
});

afterAll(async () => {
  await server?.stop();
});

const QUESTION = '/api/summary?by=country';

describe('answers kept per data version', () => {
  it('answers a repeated question with the same bytes and tag, and 304 to a client that holds it', async () => {
    const first = await fetch(`${server.url}${QUESTION}`);
    const etag = first.headers.get('etag');
    expect(first.status).toBe(200);
    expect(etag).toMatch(/^"[\w-]+"$/);
    const body = await first.text();
    const again = await fetch(`${server.url}${QUESTION}`);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe(body);
    const held = await fetch(`${server.url}${QUESTION}`, { headers: { 'if-none-match': etag as string } });
    expect(held.status).toBe(304);
    expect(await held.text()).toBe('');
    // Another form of the same question is another answer.
    const csv = await fetch(`${server.url}${QUESTION}`, { headers: { accept: 'text/csv', 'if-none-match': etag as string } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('etag')).not.toBe(etag);
  });

  it('answers afresh once another process has written to the store', async () => {
    const before = await fetch(`${server.url}${QUESTION}`);
    const etag = before.headers.get('etag') as string;
    const countries = (await before.json()) as { rows: { key: string }[] };
    expect(countries.rows.map((r) => r.key)).not.toContain('UZ');
    const imported = await runDevfin(['import', '--db', store, path.join(USAID, 'usaid-uz.xml')]);
    expect(imported.code, imported.stderr).toBe(0);
    const after = await fetch(`${server.url}${QUESTION}`, { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(((await after.json()) as { rows: { key: string }[] }).rows.map((r) => r.key)).toContain('UZ');
  });
});

describe('AnswerCache', () => {
  const answer = (text: string) => async () => new Response(text, { status: 200, headers: { 'content-type': 'text/plain' } });

  it('keeps at most its budget of bytes, dropping the least recently used', async () => {
    const cache = new AnswerCache({ maxBytes: 10, maxAnswerBytes: 10 });
    let made = 0;
    const counted = (text: string) => async () => {
      made++;
      return answer(text)();
    };
    await cache.answer('a', undefined, counted('aaaa'));
    await cache.answer('b', undefined, counted('bbbb'));
    await cache.answer('a', undefined, counted('aaaa')); // from memory; a is now the most recent
    expect(made).toBe(2);
    await cache.answer('c', undefined, counted('cccc')); // over budget: b goes
    await cache.answer('a', undefined, counted('aaaa'));
    expect(made).toBe(3);
    await cache.answer('b', undefined, counted('bbbb'));
    expect(made).toBe(4);
  });

  it('keeps no error and no answer over the size limit', async () => {
    const cache = new AnswerCache({ maxAnswerBytes: 3 });
    let made = 0;
    const big = async () => {
      made++;
      return new Response('too big');
    };
    await cache.answer('x', undefined, big);
    await cache.answer('x', undefined, big);
    const failing = async () => {
      made++;
      return new Response('no', { status: 500 });
    };
    expect((await cache.answer('y', undefined, failing)).status).toBe(500);
    await cache.answer('y', undefined, failing);
    expect(made).toBe(4);
  });
});
