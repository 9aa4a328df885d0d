// devfin sync against a local server that answers like the World Bank Projects API v3, with pages
// built from the Kazakhstan rows of the shared export: paging, an interruption and the resume.
import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devfinJson, runDevfin, temporaryDir } from '../support/cli.js';
import { type RecordedServer, startRecordedServer } from '../support/recordedServer.js';
import { REPO_ROOT, SHARED_DATA } from '../support/sharedData.js';
import { apiProject, fakeApi } from '../support/worldBankApi.js';

const projects = (
  parse(readFileSync(path.join(SHARED_DATA, 'worldbank/projects.csv')), { columns: true }) as Record<string, string>[]
).filter((p) => p.countryshortname === 'Kazakhstan');
const api = fakeApi(projects.map((row) => apiProject(row)));
/** While set, requests from this offset on fail with a 404 (not retried), as if the network broke there. */
let brokenFrom: number | null = null;
let server: RecordedServer;
let env: NodeJS.ProcessEnv;
const store = path.join(temporaryDir(), 'store.sqlite');

interface Summary {
  total: { activities: number; active: number; commitmentUsd: number };
  rows: { key: string; activities: number }[];
}

beforeAll(async () => {
  server = await startRecordedServer({
    '/api/v3/projects': (request: IncomingMessage, response: ServerResponse) => {
      const offset = Number(new URL(request.url ?? '/', 'http://localhost').searchParams.get('os') ?? 0);
      if (brokenFrom != null && offset >= brokenFrom) response.writeHead(404).end('gone');
      else api.handler(request, response);
    },
  });
  env = { DEVFIN_WORLDBANK_API_URL: `${server.url}/api/v3/projects` };
});

afterAll(() => server.close());

describe('devfin sync worldbank', () => {
  it('stops with a clear message when a page fails, keeping the pages before it', async () => {
    brokenFrom = 40;
    const result = await runDevfin(['sync', 'worldbank', '--country', 'KZ', '--page-size', '20', '--db', store], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/worldbank \{"countries":\["KZ"\]\} stopped at offset 40: .*404.*run the same command again to resume/s);
    const summary = await devfinJson<Summary>(['summary', '--db', store, '--include-dropped']);
    expect(summary.total.activities).toBe(40);
  });

  it('resumes where it stopped and fetches every project exactly once', async () => {
    brokenFrom = null;
    api.queries.length = 0;
    const result = await runDevfin(['sync', 'worldbank', '--country', 'KZ', '--page-size', '20', '--db', store], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('resuming worldbank {"countries":["KZ"]} at offset 40');
    expect(api.queries.map((q) => q.get('os'))).toEqual(['40', '60', '80', '100']);
    expect(api.queries.every((q) => q.get('countrycode_exact') === 'KZ')).toBe(true);
    // The statuses as the service publishes them, as the export gives them.
    const byStatus = await devfinJson<Summary>(['summary', '--db', store, '--include-dropped', '--by', 'status', '--source-status']);
    expect(byStatus.total.activities).toBe(105);
    expect(Object.fromEntries(byStatus.rows.map((r) => [r.key, r.activities]))).toEqual({ active: 9, closed: 55, dropped: 41 });
    const ibrd = await devfinJson<Summary>(['summary', '--db', store, '--financier', 'IBRD']);
    expect(ibrd.total).toMatchObject({ activities: 53, commitmentUsd: 11_254_944_225 });
    // No amount of the v3 pages disagreed with its totals.
    expect(result.stderr).not.toContain('warning:');
  });

  it("gives the export's Kazakhstan figures from the v3 double alone, commitments within 0.1%", async () => {
    const exportStore = path.join(temporaryDir(), 'export.sqlite');
    expect((await runDevfin(['import', '--db', exportStore, path.join(SHARED_DATA, 'worldbank/projects.csv')])).code).toBe(0);
    // The Bank's own money: the API gives no co-financiers (the export's companion table does).
    const question = ['summary', '--country', 'KZ', '--financier', 'World Bank', '--by', 'status', '--source-status'];
    const fromExport = await devfinJson<Summary>([...question, '--db', exportStore]);
    const fromApi = await devfinJson<Summary>([...question, '--db', store]);
    expect(fromApi.total.activities).toBe(fromExport.total.activities);
    expect(fromApi.rows.map((r) => [r.key, r.activities])).toEqual(fromExport.rows.map((r) => [r.key, r.activities]));
    expect(Math.abs(fromApi.total.commitmentUsd - fromExport.total.commitmentUsd)).toBeLessThanOrEqual(
      fromExport.total.commitmentUsd * 0.001,
    );
    expect(fromExport.total.commitmentUsd).toBeGreaterThan(10e9);
  });

  it('runs every earlier sync again from the start with `devfin sync`', async () => {
    api.queries.length = 0;
    const result = await devfinJson<{ source: string; counts: { added: number; unchanged: number } }[]>(['sync', '--db', store], env);
    expect(result).toMatchObject([{ source: 'worldbank', counts: { added: 0 } }]);
    expect(api.queries[0]?.get('os')).toBe('0');
  });

  it('merges synced projects with the export: one entry per project', async () => {
    const imported = await runDevfin(['import', '--db', store, path.join(SHARED_DATA, 'worldbank/projects.csv')]);
    expect(imported.code).toBe(0);
    const kz = await devfinJson<Summary>(['summary', '--db', store, '--country', 'KZ', '--include-dropped']);
    expect(kz.total.activities).toBe(105);
    const detail = await devfinJson<{ records: { provenance: { source: string } }[] }>(['activity', '--db', store, 'P179204']);
    expect(detail.records.map((r) => r.provenance.source)).toEqual(['worldbank', 'worldbank-api']);
  });

  it('says when a source is unknown or nothing was synced yet', async () => {
    const unknown = await runDevfin(['sync', 'afdb', '--db', store], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown source "afdb": use worldbank(, \w+)* or \w+/);
    const empty = await runDevfin(['sync', '--db', path.join(temporaryDir(), 'empty.sqlite')], env);
    expect(empty.stderr).toContain('no sync has been run yet');
  });
});

describe('devfin sync worldbank --url against a recorded v3 page', () => {
  it('stores "curr_total_commitment": "500000" as 500,000 US dollars, and warns about a unit error by project', async () => {
    const page = JSON.parse(readFileSync(path.join(REPO_ROOT, 'test/fixtures/worldbank-v3/page-pipeline.json'), 'utf8'));
    // A third project written the retired v2 way: its total in millions beside totalamt in dollars.
    page.projects.P999001 = {
      ...page.projects.P181046,
      id: 'P999001',
      proj_id: 'P999001',
      curr_total_commitment: '150',
      totalamt: '150000000',
    };
    page.total = '3';
    const v3 = await startRecordedServer({
      '/api/v3/projects': (_request: IncomingMessage, response: ServerResponse) => {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(page));
      },
    });
    try {
      const v3Store = path.join(temporaryDir(), 'store.sqlite');
      const result = await runDevfin(['sync', 'worldbank', '--status', 'Pipeline', '--url', `${v3.url}/api/v3/projects`, '--db', v3Store]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain(
        'warning: P999001: curr_total_commitment "150" and totalamt "150000000" differ by a factor of 1,000,000',
      );
      expect(result.stderr).not.toContain('P173108:');
      const detail = await devfinJson<{ activity: { extra: Record<string, string>; closingDate: string | null } }>([
        'activity',
        '--db',
        v3Store,
        'P173108',
      ]);
      expect(detail.activity.extra).toMatchObject({ totalCommitmentUsd: '500000', grantAmountUsd: '500000', projectCostUsd: '500000' });
    } finally {
      await v3.close();
    }
  });
});

describe('devfin sync iati (d-portal without a Datastore key)', () => {
  it('imports every page of activities for a country and publisher', async () => {
    const pages = path.join(REPO_ROOT, 'test/fixtures/iati-search/dportal');
    const queries: URLSearchParams[] = [];
    const dportal = await startRecordedServer({
      '/q.xml': (request: IncomingMessage, response: ServerResponse) => {
        const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
        queries.push(query);
        response.writeHead(200, { 'content-type': 'text/xml' }).end(readFileSync(path.join(pages, `offset-${query.get('offset')}.xml`)));
      },
    });
    try {
      const iatiStore = path.join(temporaryDir(), 'store.sqlite');
      const result = await devfinJson<{ counts: { added: number } }[]>(
        ['sync', 'iati', '--country', 'KZ', '--publisher', '44000', '--page-size', '2', '--db', iatiStore],
        { DEVFIN_DPORTAL_URL: `${dportal.url}/`, DEVFIN_IATI_KEY: '' },
      );
      const expected = new Set(
        readdirSync(pages).flatMap((file) =>
          [...readFileSync(path.join(pages, file), 'utf8').matchAll(/<iati-identifier>([^<]+)</g)].map((m) => m[1]),
        ),
      );
      expect(result[0]?.counts.added).toBe(expected.size);
      expect(queries.map((q) => [q.get('country_code'), q.get('reporting_ref'), q.get('offset')])).toEqual([
        ['KZ', '44000', '0'],
        ['KZ', '44000', '2'],
        ['KZ', '44000', '4'],
      ]);
      const list = await devfinJson<{ id: string }[]>(['activities', '--db', iatiStore, '--include-dropped']);
      // 44000-P179204 is the World Bank project P179204.
      expect(list.map((a) => a.id)).toContain('P179204');
    } finally {
      await dportal.close();
    }
  });
});

describe('devfin sync isdb and eib: the IATI sync of their publisher', () => {
  /** A d-portal stand-in: the activities of the given XML whose publisher and country the query names, a page at a time. */
  async function dportalOf(xml: string) {
    const activities = xml.split(/(?=<iati-activity[\s>])/).filter((part) => part.startsWith('<iati-activity'));
    const body = (part: string) => part.replace(/<\/iati-activities>\s*$/, '');
    const queries: URLSearchParams[] = [];
    const server = await startRecordedServer({
      '/q.xml': (request: IncomingMessage, response: ServerResponse) => {
        const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
        queries.push(query);
        const publisher = query.get('reporting_ref') ?? '';
        const countries = (query.get('country_code') ?? '').split('|');
        const matching = activities.filter(
          (a) =>
            a.includes(`<reporting-org ref="${publisher}"`) &&
            countries.some((code) => new RegExp(`recipient-country code="${code}"`).test(a)),
        );
        const offset = Number(query.get('offset') ?? 0);
        const page = matching.slice(offset, offset + Number(query.get('limit') ?? 100)).map(body);
        response
          .writeHead(200, { 'content-type': 'text/xml' })
          .end(`<iati-activities version="2.03">\n${page.join('')}</iati-activities>\n`);
      },
    });
    return { server, queries, activities };
  }

  it('imports IsDB activities for a country by its publisher ref', async () => {
    const { server, queries } = await dportalOf(readFileSync(path.join(REPO_ROOT, 'test/fixtures/isdb/dportal-isdb.xml'), 'utf8'));
    try {
      const isdbStore = path.join(temporaryDir(), 'store.sqlite');
      const result = await devfinJson<{ source: string; query: { publishers: string[] }; counts: { added: number } }[]>(
        ['sync', 'isdb', '--country', 'UZ', '--url', `${server.url}/`, '--db', isdbStore],
        { DEVFIN_IATI_KEY: '' },
      );
      expect(result).toMatchObject([{ source: 'iati', query: { publishers: ['XM-DAC-46025'] }, counts: { added: 2 } }]);
      expect(queries[0]?.get('reporting_ref')).toBe('XM-DAC-46025');
      expect(queries[0]?.get('country_code')).toBe('UZ');
      const summary = await devfinJson<Summary>(['summary', '--db', isdbStore, '--country', 'UZ']);
      expect(summary.rows.map((r) => [r.key, r.activities])).toEqual([['Islamic Development Bank', 2]]);
    } finally {
      await server.close();
    }
  });

  it("imports EIB's activities in Kazakhstan from the real D-Portal page that holds them", async () => {
    const page = readFileSync(path.join(SHARED_DATA, 'iati/dportal-covid19-2021/dportal_127.xml'), 'utf8');
    const { server, queries, activities } = await dportalOf(page);
    const expected = activities.filter((a) => a.includes('<reporting-org ref="XM-DAC-918-3"') && /recipient-country code="KZ"/.test(a));
    expect(expected.length).toBeGreaterThan(0);
    try {
      const eibStore = path.join(temporaryDir(), 'store.sqlite');
      const result = await devfinJson<{ counts: { added: number } }[]>(
        ['sync', 'eib', '--country', 'KZ', '--url', `${server.url}/`, '--db', eibStore],
        { DEVFIN_IATI_KEY: '' },
      );
      expect(result[0]?.counts.added).toBe(expected.length);
      expect(queries.every((q) => q.get('reporting_ref') === 'XM-DAC-918-3')).toBe(true);
      const summary = await devfinJson<Summary>(['summary', '--db', eibStore, '--country', 'KZ']);
      expect(summary.rows.map((r) => r.key)).toEqual(['European Investment Bank']);
    } finally {
      await server.close();
    }
  });
});
