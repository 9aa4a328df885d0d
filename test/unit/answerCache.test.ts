// The answer cache makes an answer once for clients that ask the same question together, and
// passes an error on to each of them without keeping it.
import { describe, expect, it } from 'vitest';
import { AnswerCache } from '../../src/api/answerCache.js';

describe('AnswerCache', () => {
  it('makes one answer for questions asked before the first answer is ready', async () => {
    const cache = new AnswerCache();
    let made = 0;
    let release: () => void = () => {};
    const ready = new Promise<void>((resolve) => {
      release = resolve;
    });
    const answer = async () => {
      made++;
      await ready;
      return new Response('{"n":1}', { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const asked = Array.from({ length: 20 }, () => cache.answer('v1\n/api/summary', undefined, answer));
    release();
    const responses = await Promise.all(asked);
    expect(made).toBe(1);
    expect(await Promise.all(responses.map((r) => r.text()))).toEqual(Array(20).fill('{"n":1}'));
    expect(new Set(responses.map((r) => r.headers.get('etag'))).size).toBe(1);
    // Kept: asked again later, still not made again.
    await cache.answer('v1\n/api/summary', undefined, answer);
    expect(made).toBe(1);
  });

  it('gives every waiting client the error answer, and keeps none', async () => {
    const cache = new AnswerCache();
    let made = 0;
    const failing = async () => {
      made++;
      return new Response('{"error":{"status":404}}', { status: 404 });
    };
    const responses = await Promise.all([cache.answer('k', undefined, failing), cache.answer('k', undefined, failing)]);
    expect(responses.map((r) => r.status)).toEqual([404, 404]);
    expect(responses.every((r) => r.headers.get('etag') === null)).toBe(true);
    await cache.answer('k', undefined, failing);
    expect(made).toBe(2);
  });
});
