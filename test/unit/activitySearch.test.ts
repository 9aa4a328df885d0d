// The IATI activity search against a local server serving pages written here in the shapes of
// d-portal's q.xml and the IATI Datastore's /activity/iati (test/fixtures/iati-search).
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpError, type HttpRetry } from '../../src/sources/http.js';
import {
  type IatiActivitySearchOptions,
  type IatiSearchPage,
  type IatiSearchProgress,
  searchIatiActivities,
} from '../../src/sources/iati/activitySearch.js';
import { readIatiStream } from '../../src/sources/iati/reader.js';
import { type InjectedFailure, type RecordedServer, startRecordedServer } from '../support/recordedServer.js';
import { REPO_ROOT } from '../support/sharedData.js';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'iati-search');
const KEY = 'test-subscription-key';

interface RecordedService {
  handler: (request: IncomingMessage, response: ServerResponse) => void;
  queries: URLSearchParams[];
  keys: (string | undefined)[];
}

/**
 * Serves `<folder>/<param>-<value>.xml` for the page asked for; 404 for a page never recorded.
 * `hangOnce` leaves the first request for that page unanswered; `key` makes it demand the header.
 */
function recorded(folder: string, param: string, options: { key?: string; hangOnce?: string } = {}): RecordedService {
  const queries: URLSearchParams[] = [];
  const keys: (string | undefined)[] = [];
  let hang = options.hangOnce;
  const handler = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    queries.push(url.searchParams);
    const key = request.headers['ocp-apim-subscription-key'];
    keys.push(typeof key === 'string' ? key : undefined);
    if (options.key !== undefined && key !== options.key) {
      response
        .writeHead(401, { 'content-type': 'application/json' })
        .end('{"statusCode": 401, "message": "Access denied due to missing subscription key."}');
      return;
    }
    if (url.pathname.endsWith('/select')) {
      response.writeHead(200, { 'content-type': 'application/json' }).end(readFileSync(path.join(FIXTURES, folder, 'count.json')));
      return;
    }
    const value = url.searchParams.get(param);
    if (hang !== undefined && value === hang) {
      hang = undefined;
      return;
    }
    let body: Buffer;
    try {
      body = readFileSync(path.join(FIXTURES, folder, `${param}-${value}.xml`));
    } catch {
      response.writeHead(404).end('no such page recorded');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/xml' }).end(body);
  };
  return { handler, queries, keys };
}

async function collect(pages: AsyncIterable<IatiSearchPage>): Promise<IatiSearchPage[]> {
  const all: IatiSearchPage[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

/** What the IATI reader makes of a page: the activity ids it found. */
async function readIds(page: IatiSearchPage): Promise<string[]> {
  const ids: string[] = [];
  for await (const record of readIatiStream(page.xml, page.url)) if (record.kind === 'activity') ids.push(record.activity.id);
  return ids;
}

describe('searchIatiActivities on d-portal', () => {
  let server: RecordedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function serve(service: RecordedService, failures: InjectedFailure[] = []) {
    server = await startRecordedServer({ '/q.xml': service.handler }, { failures });
  }
  const run = (options: Partial<IatiActivitySearchOptions> = {}) =>
    searchIatiActivities({
      service: 'dportal',
      dportalUrl: `${server?.url}/`,
      countries: ['kz', 'UZ'],
      publishers: ['44000'],
      pageSize: 2,
      retryDelayMs: 5,
      ...options,
    });

  it('pages by offset until a page comes back short, and yields each activity once', async () => {
    const service = recorded('dportal', 'offset');
    await serve(service);
    const progress: IatiSearchProgress[] = [];
    const pages = await collect(run({ onProgress: (p) => progress.push(p) }));

    expect(service.queries.map((q) => q.get('offset'))).toEqual(['0', '2', '4']);
    for (const query of service.queries) {
      expect(Object.fromEntries(query)).toMatchObject({
        from: 'act,country',
        country_code: 'KZ|UZ',
        reporting_ref: '44000',
        orderby: 'aid',
        limit: '2',
      });
    }
    expect(pages.map((page) => [page.offset, page.nextOffset, page.total, page.duplicatesSkipped, page.last])).toEqual([
      [0, 2, null, 0, false],
      [2, 4, null, 1, false],
    ]);
    // The regional activity comes once per country; the second copy is dropped.
    expect(pages.map((page) => page.activityIds)).toEqual([['44000-P179204', '44000-P900001'], ['44000-P900002']]);
    expect(await Promise.all(pages.map(readIds))).toEqual([['44000-P179204', '44000-P900001'], ['44000-P900002']]);
    // Read twice, the same.
    expect(await readIds(pages[1] as IatiSearchPage)).toEqual(['44000-P900002']);
    expect(progress).toEqual([
      { service: 'dportal', pagesDone: 1, pagesTotal: null, offset: 2, total: null },
      { service: 'dportal', pagesDone: 2, pagesTotal: null, offset: 4, total: null },
    ]);
    expect(service.keys.every((key) => key === undefined)).toBe(true);
  });

  it('keeps the line numbers of the page as sent when it drops a repeat', async () => {
    await serve(recorded('dportal', 'offset'));
    const [, second] = await collect(run());
    const original = readFileSync(path.join(FIXTURES, 'dportal', 'offset-2.xml'), 'utf8');
    let text = '';
    for await (const chunk of (second as IatiSearchPage).xml) text += chunk.toString('utf8');
    expect(text.split('\n')).toHaveLength(original.split('\n').length);
    const line = (s: string) => s.split('\n').findIndex((l) => l.includes('44000-P900002'));
    expect(line(text)).toBe(line(original));
  });

  it('retries after a 503, a 429 and a dropped connection', async () => {
    const service = recorded('dportal', 'offset');
    await serve(service, [
      { times: 1, answer: 503 },
      { times: 1, answer: 429, retryAfter: '0' },
      { times: 1, answer: 'reset' },
    ]);
    const retries: HttpRetry[] = [];
    const pages = await collect(run({ onRetry: (retry) => retries.push(retry) }));
    expect(pages.flatMap((page) => page.activityIds)).toEqual(['44000-P179204', '44000-P900001', '44000-P900002']);
    expect(retries.map((retry) => retry.reason)).toEqual([
      'HTTP 503 Service Unavailable',
      'HTTP 429 Too Many Requests',
      expect.stringMatching(/^network error: /),
    ]);
  });

  it('gives up after the last attempt with an error naming the URL', async () => {
    await serve(recorded('dportal', 'offset'), [{ times: 100, answer: 502 }]);
    const error = await collect(run({ attempts: 2 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as Error).message).toMatch(
      /^GET http:\/\/127\.0\.0\.1:\d+\/q\.xml\?from=act%2Ccountry&country_code=KZ%7CUZ&.*offset=0: HTTP 502 Bad Gateway \(after 2 attempts\)$/,
    );
  });

  it('times out a page that never comes and asks again', async () => {
    await serve(recorded('dportal', 'offset', { hangOnce: '2' }));
    const retries: HttpRetry[] = [];
    const pages = await collect(run({ timeoutMs: 300, onRetry: (retry) => retries.push(retry) }));
    expect(pages.flatMap((page) => page.activityIds)).toHaveLength(3);
    expect(retries.map((retry) => [retry.reason, new URL(retry.url).searchParams.get('offset')])).toEqual([
      ['timed out after 300 ms', '2'],
    ]);
  });

  it('continues an interrupted run at the saved offset without asking for the pages already read', async () => {
    const service = recorded('dportal', 'offset');
    await serve(service);
    const controller = new AbortController();
    let savedOffset = 0;
    const interrupted = (async () => {
      for await (const page of run({ signal: controller.signal })) {
        savedOffset = page.nextOffset;
        controller.abort(new Error('interrupted by the user'));
      }
    })();
    await expect(interrupted).rejects.toThrow('interrupted by the user');
    expect(savedOffset).toBe(2);

    const resumed = await collect(run({ startOffset: savedOffset }));
    expect(resumed.map((page) => page.offset)).toEqual([2]);
    // A new run has no memory of page 1: the copy d-portal itself repeats on page 2 comes again,
    // and the importer, keeping one version per activity, changes nothing for it.
    expect(resumed[0]?.activityIds).toEqual(['44000-P900001', '44000-P900002']);
    expect(service.queries.map((q) => q.get('offset'))).toEqual(['0', '2', '4']);
  });

  it('needs a country or a publisher', async () => {
    await expect(collect(searchIatiActivities({ service: 'dportal' }))).rejects.toThrow('give at least one recipient country or publisher');
  });
});

describe('searchIatiActivities on the IATI Datastore', () => {
  let server: RecordedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function serve(service: RecordedService, failures: InjectedFailure[] = []) {
    server = await startRecordedServer({ '/datastore/activity/': service.handler }, { failures });
  }
  const run = (options: Partial<IatiActivitySearchOptions> = {}) =>
    searchIatiActivities({
      apiKey: KEY,
      datastoreUrl: `${server?.url}/datastore`,
      countries: ['KZ'],
      publishers: ['44000'],
      pageSize: 2,
      retryDelayMs: 5,
      ...options,
    });

  it('counts first, then pages by start and rows with the key in the header', async () => {
    const service = recorded('datastore', 'start', { key: KEY });
    await serve(service);
    const progress: IatiSearchProgress[] = [];
    const pages = await collect(run({ onProgress: (p) => progress.push(p) }));

    // The country on the activity or on its transactions (USAID names it only on transactions).
    const q = '(recipient_country_code:("KZ") OR transaction_recipient_country_code:("KZ")) AND reporting_org_ref:("44000")';
    expect(service.queries.map((query) => Object.fromEntries(query))).toEqual([
      { q, rows: '0', wt: 'json' },
      { q, rows: '2', start: '0' },
      { q, rows: '2', start: '2' },
    ]);
    expect(service.keys).toEqual([KEY, KEY, KEY]);
    expect(server?.requests.map((request) => request.path)).toEqual([
      '/datastore/activity/select',
      '/datastore/activity/iati',
      '/datastore/activity/iati',
    ]);
    expect(pages.map((page) => [page.service, page.offset, page.nextOffset, page.total, page.last])).toEqual([
      ['datastore', 0, 2, 3, false],
      ['datastore', 2, 3, 3, true],
    ]);
    expect(await Promise.all(pages.map(readIds))).toEqual([['44000-P179204', '44000-P500565'], ['44000-P128050']]);
    expect(progress.map((p) => `${p.pagesDone}/${p.pagesTotal}`)).toEqual(['1/2', '2/2']);
    expect(pages.every((page) => !page.url.includes(KEY))).toBe(true);
  });

  it('is chosen when DEVFIN_IATI_KEY is set, at the URL DEVFIN_IATI_DATASTORE_URL gives', async () => {
    const service = recorded('datastore', 'start', { key: KEY });
    await serve(service);
    const saved = { key: process.env.DEVFIN_IATI_KEY, url: process.env.DEVFIN_IATI_DATASTORE_URL };
    process.env.DEVFIN_IATI_KEY = KEY;
    process.env.DEVFIN_IATI_DATASTORE_URL = `${server?.url}/datastore/`;
    try {
      const pages = await collect(searchIatiActivities({ countries: ['KZ'], publishers: ['44000'], pageSize: 2 }));
      expect(pages.flatMap((page) => page.activityIds)).toEqual(['44000-P179204', '44000-P500565', '44000-P128050']);
    } finally {
      for (const [name, value] of [
        ['DEVFIN_IATI_KEY', saved.key],
        ['DEVFIN_IATI_DATASTORE_URL', saved.url],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('says which setting holds a refused key, without retrying', async () => {
    const service = recorded('datastore', 'start', { key: KEY });
    await serve(service);
    const error = await collect(run({ apiKey: 'wrong' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as Error).message).toMatch(
      /^GET http:\/\/127\.0\.0\.1:\d+\/datastore\/activity\/select\?q=.*: HTTP 401: the IATI Datastore refused the key in DEVFIN_IATI_KEY$/,
    );
    expect(service.queries).toHaveLength(1);
  });

  it('continues an interrupted run from the saved offset and yields the rest exactly once', async () => {
    const service = recorded('datastore', 'start', { key: KEY });
    await serve(service);
    const controller = new AbortController();
    const imported: string[] = [];
    let savedOffset = 0;
    const interrupted = (async () => {
      for await (const page of run({ signal: controller.signal })) {
        imported.push(...(await readIds(page)));
        savedOffset = page.nextOffset;
        controller.abort(new Error('interrupted by the user'));
      }
    })();
    await expect(interrupted).rejects.toThrow('interrupted by the user');
    expect(imported).toEqual(['44000-P179204', '44000-P500565']);

    for await (const page of run({ startOffset: savedOffset })) imported.push(...(await readIds(page)));
    expect(imported).toEqual(['44000-P179204', '44000-P500565', '44000-P128050']);
    expect(service.queries.map((q) => q.get('start'))).toEqual([null, '0', null, '2']);
  });

  it('retries a failed page and resumes from a saved offset', async () => {
    const service = recorded('datastore', 'start', { key: KEY });
    await serve(service, [{ times: 1, answer: 503, pathPrefix: '/datastore/activity/iati' }]);
    const pages = await collect(run({ startOffset: 2 }));
    expect(pages.map((page) => [page.offset, page.activityIds])).toEqual([[2, ['44000-P128050']]]);
    expect(service.queries.map((q) => q.get('start'))).toEqual([null, '2']);
    expect(server?.requests.map((request) => request.status)).toEqual([200, 503, 200]);
  });

  it('stops at once when the saved offset is already past the end', async () => {
    const service = recorded('datastore', 'start', { key: KEY });
    await serve(service);
    expect(await collect(run({ startOffset: 3 }))).toEqual([]);
    expect(service.queries).toHaveLength(1);
  });

  it('needs a key', async () => {
    const saved = process.env.DEVFIN_IATI_KEY;
    delete process.env.DEVFIN_IATI_KEY;
    try {
      await expect(collect(searchIatiActivities({ service: 'datastore', countries: ['KZ'] }))).rejects.toThrow(
        /needs a subscription key: set DEVFIN_IATI_KEY/,
      );
    } finally {
      if (saved !== undefined) process.env.DEVFIN_IATI_KEY = saved;
    }
  });
});
