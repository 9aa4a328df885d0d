// The World Bank Projects API client against a local server that answers like v3, with pages
// built at run time from real Kazakhstan rows of the shared export (never copied into the repo),
// and against a recorded-shape v3 page (test/fixtures/worldbank-v3).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError, type InputWarning } from '../../src/model/problems.js';
import { HttpError, type HttpRetry } from '../../src/sources/http.js';
import type { WorldBankProjectRow } from '../../src/sources/worldbank/projectRow.js';
import {
  fetchWorldBankProjects,
  normaliseApiAmount,
  normaliseApiDate,
  type WorldBankProjectsOptions,
  type WorldBankProjectsPage,
  type WorldBankProjectsProgress,
} from '../../src/sources/worldbank/projectsApi.js';
import { type RecordedServer, startRecordedServer } from '../support/recordedServer.js';
import { REPO_ROOT, SHARED_DATA } from '../support/sharedData.js';
import { apiProject, type FakeApi, fakeApi } from '../support/worldBankApi.js';

const API_PATH = '/api/v3/projects';

// Real Kazakhstan projects: IBRD loans, a grant, millions with decimals, missing values, three statuses.
const KZ_IDS = ['P008499', 'P008502', 'P008508', 'P065963', 'P128050', 'P171577', 'P179204', 'P500565'];

type CsvRow = Record<string, string>;

function sharedRows(): CsvRow[] {
  const all = parse(readFileSync(path.join(SHARED_DATA, 'worldbank', 'projects.csv')), { columns: true }) as CsvRow[];
  const rows = KZ_IDS.map((id) => all.find((row) => row.id === id));
  if (rows.some((row) => row === undefined)) throw new Error('a chosen project is missing from the shared export');
  return rows as CsvRow[];
}

/** What the client must make of it: the export's row, dates as YYYY-MM-DD and amounts as plain dollars. */
function expectedRow(row: CsvRow): WorldBankProjectRow {
  const dollars = (value: string | undefined) => (value ? String(Number(value)) : '');
  return {
    id: row.id ?? '',
    regionname: row.regionname ?? '',
    countryshortname: row.countryshortname ?? '',
    countrycodes: ['KZ'],
    status: row.status ?? '',
    last_stage_reached_name: row.last_stage_reached_name ?? '',
    project_name: row.project_name ?? '',
    pdo: row.pdo ?? '',
    impagency: row.impagency ?? '',
    public_disclosure_date: row.public_disclosure_date ?? '',
    boardapprovaldate: (row.boardapprovaldate ?? '').slice(0, 10),
    loan_effective_date: row.loan_effective_date ?? '',
    closingdate: row.closingdate ?? '',
    curr_project_cost: dollars(row.curr_project_cost),
    curr_ibrd_commitment: dollars(row.curr_ibrd_commitment),
    idacommamt: dollars(row.idacommamt),
    grantamt: dollars(row.grantamt),
    curr_total_commitment: dollars(row.curr_total_commitment),
    borrower: row.borrower ?? '',
    // v3 has no lending instrument.
    lendinginstr: '',
    envassesmentcategorycode: row.envassesmentcategorycode ?? '',
    projectfinancialtype: row.projectfinancialtype ?? '',
  };
}

async function collect(pages: AsyncIterable<WorldBankProjectsPage>): Promise<WorldBankProjectsPage[]> {
  const all: WorldBankProjectsPage[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

const rowsOf = (pages: WorldBankProjectsPage[]) => pages.flatMap((page) => page.rows);

describe('fetchWorldBankProjects', () => {
  const csv = sharedRows();
  const projects = csv.map((row) => apiProject(row));
  let server: RecordedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function serve(api: FakeApi, failures?: Parameters<typeof startRecordedServer>[1]) {
    server = await startRecordedServer({ [API_PATH]: api.handler }, failures);
    return server;
  }
  const run = (options: WorldBankProjectsOptions = {}) =>
    fetchWorldBankProjects({ url: `${server?.url}${API_PATH}`, countries: ['kz'], pageSize: 3, retryDelayMs: 5, ...options });

  it('reads every page once, in the export columns and formats, and says how far it is', async () => {
    const api = fakeApi(projects);
    await serve(api);
    const progress: WorldBankProjectsProgress[] = [];
    const pages = await collect(run({ onProgress: (p) => progress.push(p) }));

    expect(pages.map((page) => [page.offset, page.nextOffset, page.rows.length, page.total, page.last])).toEqual([
      [0, 3, 3, 8, false],
      [3, 6, 3, 8, false],
      [6, 8, 2, 8, true],
    ]);
    const rows = rowsOf(pages);
    expect(rows.map((row) => row.id)).toEqual(KZ_IDS);
    expect(rows).toEqual(csv.map(expectedRow));
    expect(progress).toEqual([
      { pagesDone: 1, pagesTotal: 3, offset: 3, total: 8 },
      { pagesDone: 2, pagesTotal: 3, offset: 6, total: 8 },
      { pagesDone: 3, pagesTotal: 3, offset: 8, total: 8 },
    ]);

    // The spots where formats differ most, spelled out.
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get('P179204')).toMatchObject({
      boardapprovaldate: '2024-02-22',
      closingdate: '2028-12-31',
      curr_ibrd_commitment: '92430000',
      curr_total_commitment: '92430000',
      idacommamt: '0',
      projectfinancialtype: 'IBRD',
    });
    expect(byId.get('P008508')).toMatchObject({ curr_ibrd_commitment: '28146700', grantamt: '1700000', closingdate: '2001-12-31' });
    expect(byId.get('P065963')).toMatchObject({
      status: 'Dropped',
      closingdate: '',
      curr_ibrd_commitment: '',
      curr_project_cost: '51200000',
    });

    expect(api.queries.map((q) => q.get('os'))).toEqual(['0', '3', '6']);
    for (const query of api.queries) {
      expect(query.get('format')).toBe('json');
      expect(query.get('countrycode_exact')).toBe('KZ');
      expect(query.get('rows')).toBe('3');
      expect(query.has('status_exact')).toBe(false);
      expect(query.get('fl')?.split(',')).toEqual(
        expect.arrayContaining(['id', 'countrycode', 'status', 'closingdate', 'curr_ibrd_commitment']),
      );
    }
  });

  it('sends the status filter with _exact, values joined by ^', async () => {
    const api = fakeApi(projects);
    await serve(api);
    const rows = rowsOf(await collect(run({ statuses: ['active', 'Dropped'] })));
    expect(api.queries[0]?.get('status_exact')).toBe('Active^Dropped');
    expect(rows.map((row) => row.id)).toEqual(['P065963', 'P128050', 'P171577', 'P179204', 'P500565']);
    expect(new Set(rows.map((row) => row.status))).toEqual(new Set(['Active', 'Dropped']));
  });

  it('asks only for the fields wanted, and leaves the others empty', async () => {
    const api = fakeApi(projects);
    await serve(api);
    const rows = rowsOf(await collect(run({ fields: ['project_name', 'curr_ibrd_commitment'] })));
    expect(api.queries[0]?.get('fl')).toBe(
      'id,countrycode,status,project_name,curr_ibrd_commitment,projectstatusdisplay,totalamt,idacommamt',
    );
    expect(rows[0]).toMatchObject({
      id: 'P008499',
      countrycodes: ['KZ'],
      status: 'Closed',
      curr_ibrd_commitment: '100000000',
      closingdate: '',
    });
    expect(rows[0]?.project_name).toBe('Road Transport Restructuring Project');
  });

  it('refuses rows from a server that ignored the filters, naming the URL', async () => {
    const others = [...projects, { ...apiProject(csv[0] as CsvRow), id: 'P000001', countrycode: ['AF'] }];
    await serve(fakeApi(others, { ignoreFilters: true }));
    const error = await collect(run({ statuses: ['Closed'], pageSize: 10 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(
      /\/api\/v3\/projects\?.*os=0: project P065963 has status "Dropped", which the status filter \(Closed\) excludes/,
    );
  });

  it('retries after a 503, a 429 and a dropped connection', async () => {
    const api = fakeApi(projects);
    await serve(api, {
      failures: [
        { times: 1, answer: 503 },
        { times: 1, answer: 429, retryAfter: '0' },
        { times: 1, answer: 'reset' },
      ],
    });
    const retries: HttpRetry[] = [];
    const rows = rowsOf(await collect(run({ onRetry: (retry) => retries.push(retry) })));
    expect(rows.map((row) => row.id)).toEqual(KZ_IDS);
    expect(retries.map((retry) => retry.reason)).toEqual([
      'HTTP 503 Service Unavailable',
      'HTTP 429 Too Many Requests',
      expect.stringMatching(/^network error: /),
    ]);
    expect(retries[0]?.url).toContain('os=0');
    expect(server?.requests).toHaveLength(3 + 3);
  });

  it('gives up after the last attempt with an error naming the URL', async () => {
    await serve(fakeApi(projects), { failures: [{ times: 100, answer: 503 }] });
    const error = await collect(run({ attempts: 3 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    const url = (error as HttpError).url;
    expect(url).toMatch(new RegExp(`^${server?.url}/api/v3/projects\\?.*countrycode_exact=KZ.*&os=0$`));
    expect((error as Error).message).toBe(`GET ${url}: HTTP 503 Service Unavailable (after 3 attempts)`);
    expect(server?.requests).toHaveLength(3);
  });

  it('times out a page that never comes and asks again', async () => {
    await serve(fakeApi(projects, { hangOnce: '3' }));
    const retries: HttpRetry[] = [];
    // Long enough that a page that does come is never late on a loaded machine; the hung one never comes.
    const rows = rowsOf(await collect(run({ timeoutMs: 3000, onRetry: (retry) => retries.push(retry) })));
    expect(rows.map((row) => row.id)).toEqual(KZ_IDS);
    expect(retries.map((retry) => retry.reason)).toEqual(['timed out after 3000 ms']);
    expect(retries[0]?.url).toContain('os=3');
  });

  it('fails with the URL when every attempt times out', async () => {
    await serve({ handler: () => {}, queries: [] });
    await expect(collect(run({ timeoutMs: 100, attempts: 2 }))).rejects.toThrow(
      /^GET http:\/\/127\.0\.0\.1:\d+\/api\/v3\/projects\?.*: timed out after 100 ms \(after 2 attempts\)$/,
    );
  });

  it('continues an interrupted run from the saved offset and yields the rest exactly once', async () => {
    const api = fakeApi(projects);
    await serve(api);
    const controller = new AbortController();
    const stored: string[] = [];
    let savedOffset = 0;
    const interrupted = (async () => {
      for await (const page of run({ signal: controller.signal })) {
        stored.push(...page.rows.map((row) => row.id));
        savedOffset = page.nextOffset;
        controller.abort(new Error('interrupted by the user'));
      }
    })();
    await expect(interrupted).rejects.toThrow('interrupted by the user');
    expect(stored).toEqual(KZ_IDS.slice(0, 3));
    expect(savedOffset).toBe(3);

    const progress: WorldBankProjectsProgress[] = [];
    const resumed = await collect(run({ startOffset: savedOffset, onProgress: (p) => progress.push(p) }));
    stored.push(...rowsOf(resumed).map((row) => row.id));
    expect(stored).toEqual(KZ_IDS);
    expect(api.queries.map((q) => q.get('os'))).toEqual(['0', '3', '6']);
    expect(progress.map((p) => `${p.pagesDone}/${p.pagesTotal}`)).toEqual(['2/3', '3/3']);
  });

  it('takes the endpoint from DEVFIN_WORLDBANK_API_URL', async () => {
    await serve(fakeApi(projects));
    const saved = process.env.DEVFIN_WORLDBANK_API_URL;
    process.env.DEVFIN_WORLDBANK_API_URL = `${server?.url}${API_PATH}`;
    try {
      const rows = rowsOf(await collect(fetchWorldBankProjects({ countries: ['KZ'], statuses: ['Closed'] })));
      expect(rows.map((row) => row.id)).toEqual(['P008499', 'P008502', 'P008508']);
    } finally {
      if (saved === undefined) delete process.env.DEVFIN_WORLDBANK_API_URL;
      else process.env.DEVFIN_WORLDBANK_API_URL = saved;
    }
  });

  it('warns about a value it cannot read and leaves the field empty', async () => {
    await serve(fakeApi([{ ...(projects[6] as Record<string, unknown>), closingdate: 'end of 2028', grantamt: 'n/a' }]));
    const warnings: InputWarning[] = [];
    const [row] = rowsOf(await collect(run({ onWarning: (warning) => warnings.push(warning) })));
    expect(row).toMatchObject({ id: 'P179204', closingdate: '', grantamt: '', boardapprovaldate: '2024-02-22' });
    expect(warnings.map((warning) => warning.message)).toEqual([
      'P179204: closingdate "end of 2028" is not a date; left empty',
      'P179204: grantamt "n/a" is not an amount; left empty',
    ]);
    expect(warnings[0]?.file).toMatch(/\/api\/v3\/projects\?/);
  });

  it('reads a recorded v3 page: amounts in US dollars, ISO closing dates, no lending instrument', async () => {
    const recorded = path.join(REPO_ROOT, 'test/fixtures/worldbank-v3/page-pipeline.json');
    server = await startRecordedServer({ [API_PATH]: recorded });
    const warnings: InputWarning[] = [];
    const pages = await collect(
      fetchWorldBankProjects({ url: `${server.url}${API_PATH}`, statuses: ['Pipeline'], onWarning: (w) => warnings.push(w) }),
    );
    expect(pages.map((page) => [page.total, page.last])).toEqual([[2, true]]);
    const [grant, albania] = rowsOf(pages);
    expect(grant).toMatchObject({
      id: 'P173108',
      countrycodes: ['NG'],
      status: 'Pipeline',
      boardapprovaldate: '2020-02-28',
      closingdate: '2022-06-30',
      public_disclosure_date: '2020-03-04',
      // $500,000, not the $500bn a millions reading would make of it.
      curr_total_commitment: '500000',
      grantamt: '500000',
      curr_ibrd_commitment: '',
      lendinginstr: '',
      projectfinancialtype: 'Grants',
    });
    expect(albania).toMatchObject({ id: 'P181046', countrycodes: ['AL'], curr_total_commitment: '1612903', curr_project_cost: '0' });
    expect(warnings).toEqual([]);
  });

  it('warns, naming the project, when a curr_* amount and totalamt differ by a factor of 1,000 or more', async () => {
    const inMillions = { ...(projects[6] as Record<string, unknown>), curr_total_commitment: '92.43', curr_ibrd_commitment: '92.43' };
    const near = { ...(projects[4] as Record<string, unknown>) };
    near.totalamt = String(Number(near.curr_total_commitment) * 999);
    await serve(fakeApi([inMillions, near]));
    const warnings: InputWarning[] = [];
    const rows = rowsOf(await collect(run({ onWarning: (warning) => warnings.push(warning) })));
    expect(rows.find((row) => row.id === 'P179204')).toMatchObject({ curr_total_commitment: '92.43' });
    expect(warnings.map((warning) => warning.message)).toEqual([
      'P179204: curr_total_commitment "92.43" and totalamt "92430000" differ by a factor of 1,000,000: one of them is in other units (millions?); stored as published',
      'P179204: curr_ibrd_commitment "92.43" and totalamt "92430000" differ by a factor of 1,000,000: one of them is in other units (millions?); stored as published',
    ]);
  });

  it('follows the page size the server served when it caps rows and gives no total', async () => {
    const api = fakeApi(projects, { maxRows: 2, omitTotal: true });
    await serve(api);
    const pages = await collect(run({ pageSize: 5 }));
    expect(rowsOf(pages).map((row) => row.id)).toEqual(KZ_IDS);
    expect(api.queries.map((q) => q.get('os'))).toEqual(['0', '2', '4', '6', '8']);
  });

  it('gets nothing from v3 for a country in small letters: the filter is case-sensitive, so the client sends capitals', async () => {
    const api = fakeApi(projects);
    await serve(api);
    const lower = await fetch(`${server?.url}${API_PATH}?format=json&countrycode_exact=kz&rows=10&os=0`).then((r) => r.json());
    expect(lower).toMatchObject({ total: '0', rows: 10, os: '0', page: '1' });
    const rows = rowsOf(await collect(run({ countries: ['kz'], statuses: ['closed'] })));
    expect(api.queries.at(-1)?.get('countrycode_exact')).toBe('KZ');
    expect(api.queries.at(-1)?.get('status_exact')).toBe('Closed');
    expect(rows.map((row) => row.id)).toEqual(['P008499', 'P008502', 'P008508']);
  });

  it('refuses a page size the API does not serve', async () => {
    await expect(collect(fetchWorldBankProjects({ pageSize: 5000 }))).rejects.toThrow(/pageSize must be a whole number from 1 to 1000/);
  });
});

describe('normaliseApiDate and normaliseApiAmount', () => {
  it.each([
    ['2024-02-22T00:00:00Z', '2024-02-22'],
    ['2024-02-22', '2024-02-22'],
    ['12/31/2028 12:00:00 AM', '2028-12-31'],
    ['1/21/1999 12:00:00 AM', '1999-01-21'],
    ['2/29/2024', '2024-02-29'],
    ['', ''],
    [null, ''],
    ['2/30/2024 12:00:00 AM', null],
    ['2024-13-01', null],
    ['31.12.2028', null],
  ])('reads the date %j as %j', (value, expected) => {
    expect(normaliseApiDate(value)).toBe(expected);
  });

  it.each([
    ['150,000,000', '150000000'],
    ['205500000', '205500000'],
    ['1e+08', '100000000'],
    [4344036, '4344036'],
    ['0', '0'],
    // v3 amounts are dollars: a small grant stays small (v2 would have meant 500,000 million).
    ['500000', '500000'],
    ['124.82', '124.82'],
    ['', ''],
    [null, ''],
    ['N/A', null],
    ['12-5', null],
  ] as const)('reads the amount %j as %j US dollars', (value, expected) => {
    expect(normaliseApiAmount(value)).toBe(expected);
  });
});
