// The HTTP API through the real `devfin serve` in a child process, on a store of real data (the World
// Bank export and USAID's Central Asia IATI files, with codelists and rates from recorded responses):
// the same answers as the CLI in JSON, CSV and XLSX, paging, errors, the OpenAPI document, logs.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type LogEntry } from '../../src/api/app.js';
import { takingTurns } from '../../src/api/questionQueue.js';
import { backfillLocations } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/open.js';
import { devfinJson, runDevfin, runDevfinHead, temporaryDir } from '../support/cli.js';
import { fetchOnNewConnection } from '../support/http.js';
import { type RecordedServer, startRecordedServer } from '../support/recordedServer.js';
import { REPO_ROOT, SHARED_DATA } from '../support/sharedData.js';
import { snapshotStore } from '../support/storeSnapshot.js';

const dir = temporaryDir('devfin-api-');
const store = path.join(dir, 'store.sqlite');
const RATES = path.join(SHARED_DATA, 'exchangerates');

interface Served {
  child: ChildProcess;
  url: string;
  stdout: string;
  stderr: string;
  exit: Promise<number | null>;
}
let served: Served;
let recorded: RecordedServer;

type Json = Record<string, unknown>;
interface SummaryRow {
  key: string;
  label: string;
  activities: number;
  active: number;
  commitmentUsd: number;
  disbursementUsd: number;
}
interface Summary {
  total: Omit<SummaryRow, 'key' | 'label'>;
  rows: SummaryRow[];
  notes: string[];
}
interface Item {
  id: string;
  title: string | null;
  status: string | null;
  countries: string[];
  financiers: string[];
  approvalDate: string | null;
  closingDate: string | null;
  commitmentUsd: number;
  disbursementUsd: number;
}
interface Page {
  items: Item[];
  limit: number;
  offset: number;
  next: string | null;
  notes: string[];
}

/** Starts `devfin serve --port 0` and resolves once it printed the address it listens on. */
async function startServer(db: string): Promise<Served> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/devfin.js'), 'serve', '--db', db, '--port', '0'], {
    env: { ...process.env, DEVFIN_DATABASE_URL: '' },
  });
  const served = {
    child,
    url: '',
    stdout: '',
    stderr: '',
    exit: new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code))),
  };
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    served.stderr += text;
  });
  served.url = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      served.stdout += text;
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(served.stdout)?.[0];
      if (url) resolve(url);
    });
    void served.exit.then((code) => reject(new Error(`devfin serve exited ${code}: ${served.stderr}`)));
  });
  return served;
}

const get = (urlPath: string, headers: Record<string, string> = {}) => fetchOnNewConnection(`${served.url}${urlPath}`, { headers });

async function getJson<T = Json>(urlPath: string): Promise<T> {
  const response = await get(urlPath);
  expect(response.status, `${urlPath}: ${await response.clone().text()}`).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return (await response.json()) as T;
}

async function xlsxRows(response: Response): Promise<{ sheets: string[]; rows: Record<string, unknown>[] }> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no worksheet');
  const values = sheet.getSheetValues().filter(Boolean) as unknown[][];
  const [header, ...body] = values.map((row) => row.slice(1));
  const rows = body.map((row) => Object.fromEntries((header ?? []).map((h, i) => [String(h), row[i] ?? null])));
  return { sheets: workbook.worksheets.map((s) => s.name), rows };
}

/** A summary row as the CSV and XLSX columns name it (the columns of `devfin summary --csv`). */
const summaryCells = (r: SummaryRow) => ({
  key: r.key,
  label: r.label,
  Activities: r.activities,
  Active: r.active,
  'Commitments (USD)': r.commitmentUsd,
  'Disbursements (USD)': r.disbursementUsd,
});

/** An activity as the CSV and XLSX columns show it (the columns of `devfin activities --csv`). */
const activityCells = (a: Item) => ({
  id: a.id,
  title: a.title,
  status: a.status,
  countries: a.countries.join(' ') || null,
  financiers: a.financiers.join('; ') || null,
  approvalDate: a.approvalDate,
  closingDate: a.closingDate,
  commitmentUsd: a.commitmentUsd,
  disbursementUsd: a.disbursementUsd,
});

/** CSV cells are text: numbers read back as numbers, empty as null, to compare with the JSON. */
function typedCsv(text: string, numeric: string[]): Record<string, unknown>[] {
  return (parse(text, { columns: true }) as Record<string, string>[]).map((row) =>
    // An empty cell is a value not reported (null in JSON), never 0.
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === '' ? null : numeric.includes(k) ? Number(v) : v])),
  );
}

/** A JSON Schema check for the keywords the API's document uses: type, enum, required, properties, items, $ref. */
function schemaErrors(schema: Json, value: unknown, doc: Json, at = '$'): string[] {
  if (typeof schema.$ref === 'string') {
    const target = schema.$ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, key) => (node as Json)[key], doc) as Json;
    return schemaErrors(target, value, doc, at);
  }
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  const types = schema.type === undefined ? null : ([] as string[]).concat(schema.type as string | string[]);
  const matches: Record<string, (v: unknown) => boolean> = {
    string: (v) => typeof v === 'string',
    number: (v) => typeof v === 'number',
    integer: (v) => Number.isInteger(v),
    boolean: (v) => typeof v === 'boolean',
    null: (v) => v === null,
    array: Array.isArray,
    object: () => isObject,
  };
  if (types && !types.some((t) => matches[t]?.(value))) return [`${at}: expected ${types.join(' | ')}, got ${JSON.stringify(value)}`];
  const errors: string[] = [];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${at}: ${JSON.stringify(value)} not in ${schema.enum}`);
  if (isObject) {
    const object = value as Json;
    for (const key of (schema.required as string[]) ?? []) if (!(key in object)) errors.push(`${at}: missing ${key}`);
    const properties = (schema.properties ?? {}) as Record<string, Json>;
    for (const [key, v] of Object.entries(object)) {
      const property = properties[key];
      if (property) errors.push(...schemaErrors(property, v, doc, `${at}.${key}`));
      else if (schema.additionalProperties === false) errors.push(`${at}: unexpected ${key}`);
      else if (typeof schema.additionalProperties === 'object')
        errors.push(...schemaErrors(schema.additionalProperties as Json, v, doc, `${at}.${key}`));
    }
  }
  if (Array.isArray(value) && schema.items) {
    for (const [i, v] of value.entries()) errors.push(...schemaErrors(schema.items as Json, v, doc, `${at}[${i}]`));
  }
  return errors;
}

beforeAll(async () => {
  recorded = await startRecordedServer({
    '/api/json/en/': path.join(SHARED_DATA, 'codelists/json'),
    '/imf-exchangerates/imf_exchangerates.csv': path.join(RATES, 'imf_monthly_2015_2020.csv'),
    '/imf-exchangerates/imf_exchangerates_A_ENDA_USD.csv': path.join(RATES, 'imf_exchangerates_A_ENDA_USD.csv'),
  });
  const env = { DEVFIN_CODELISTS_URL: `${recorded.url}/`, DEVFIN_RATES_URL: `${recorded.url}/imf-exchangerates/` };
  for (const args of [
    ['codelists', 'update'],
    ['rates', 'update'],
    ['import', path.join(SHARED_DATA, 'worldbank/projects.csv'), path.join(SHARED_DATA, 'iati/usaid-carec')],
  ]) {
    const result = await runDevfin([...args, '--db', store], env);
    expect(result.code, result.stderr).toBe(0);
  }
  served = await startServer(store);
});

afterAll(async () => {
  if (served && served.child.exitCode === null) served.child.kill('SIGTERM');
  await recorded?.close();
});

describe('devfin serve answers as the CLI does', () => {
  it.each([
    ['country=KZ', ['--country', 'KZ']],
    ['country=KZ&by=status', ['--country', 'KZ', '--by', 'status']],
    [
      'country=KZ&by=status&include-dropped=true&financier=World+Bank',
      ['--country', 'KZ', '--by', 'status', '--include-dropped', '--financier', 'World Bank'],
    ],
    ['country=KZ&country=UZ&by=country', ['--country', 'KZ', '--country', 'UZ', '--by', 'country']],
    ['country=KZ&by=year&from=2010-01-01&to=2020-12-31', ['--country', 'KZ', '--by', 'year', '--from', '2010-01-01', '--to', '2020-12-31']],
    ['country=KZ&as-of=2015-06-30&by=status', ['--country', 'KZ', '--as-of', '2015-06-30', '--by', 'status']],
    ['programme=CAREC&by=country', ['--programme', 'CAREC', '--by', 'country']],
    ['country=KZ&by=sector&q=road', ['--country', 'KZ', '--by', 'sector', '--q', 'road']],
    ['country=KZ&by=sector&sector-vocabulary=dac5', ['--country', 'KZ', '--by', 'sector', '--sector-vocabulary', 'dac5']],
    ['country=KZ&by=sector&sector-vocabulary=worldbank', ['--country', 'KZ', '--by', 'sector', '--sector-vocabulary', 'worldbank']],
  ])('GET /api/summary?%s equals devfin summary --json', async (query, args) => {
    const [api, cli] = await Promise.all([
      getJson<Summary>(`/api/summary?${query}`),
      devfinJson<Summary>(['summary', '--db', store, ...args]),
    ]);
    expect(api).toEqual(cli);
    expect(api.rows.length).toBeGreaterThan(0);
  });

  it('gives the KZ figures the World Bank export and USAID files hold', async () => {
    const summary = await getJson<Summary>('/api/summary?country=KZ&by=financier');
    const byKey = Object.fromEntries(summary.rows.map((r) => [r.key, r.activities]));
    // 105 World Bank projects of Kazakhstan less the 41 dropped; USAID's 83 from its Central Asia files.
    expect(byKey['World Bank']).toBe(64);
    expect(byKey['U.S. Agency for International Development']).toBeGreaterThan(0);
  });

  it('GET /api/activities/{id} equals devfin activity ID --json', async () => {
    const cli = await devfinJson(['activity', '--db', store, 'P179204']);
    expect(await getJson('/api/activities/P179204')).toEqual(cli);
  });

  it('GET /api/status equals devfin status --json', async () => {
    expect(await getJson('/api/status')).toEqual(await devfinJson(['status', '--db', store]));
  });
});

describe('CSV and XLSX', () => {
  it('summary CSV: the bytes of devfin summary --csv, and re-read equals the JSON; suffix, format= and Accept agree', async () => {
    const query = 'country=KZ&by=financier&include-dropped=true';
    const json = await getJson<Summary>(`/api/summary?${query}`);
    const response = await get(`/api/summary.csv?${query}`);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const csv = await response.text();
    const cli = await runDevfin(['summary', '--db', store, '--country', 'KZ', '--by', 'financier', '--include-dropped', '--csv']);
    expect(csv).toBe(cli.stdout);
    expect(typedCsv(csv, ['Activities', 'Active', 'Commitments (USD)', 'Disbursements (USD)'])).toEqual(json.rows.map(summaryCells));
    expect(await (await get(`/api/summary?${query}&format=csv`)).text()).toBe(csv);
    expect(await (await get(`/api/summary?${query}`, { accept: 'text/csv' })).text()).toBe(csv);
    // A browser's Accept header (with */*) gets JSON.
    const browser = await get(`/api/summary?${query}`, { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' });
    expect(browser.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('summary XLSX re-read with exceljs equals the JSON', async () => {
    const json = await getJson<Summary>('/api/summary?country=KZ&by=status&include-dropped');
    const { sheets, rows } = await xlsxRows(await get('/api/summary.xlsx?country=KZ&by=status&include-dropped'));
    expect(sheets[0]).toBe('summary');
    expect(rows).toEqual(json.rows.map(summaryCells));
    const accepted = await xlsxRows(
      await get('/api/summary?country=KZ&by=status&include-dropped', {
        accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      }),
    );
    expect(accepted.rows).toEqual(rows);
  });

  it('activities CSV and XLSX: the page of the JSON, with the bytes of devfin activities --csv', async () => {
    const query = 'country=KZ&include-dropped=true&limit=10000';
    const json = await getJson<Page>(`/api/activities?${query}`);
    expect(json.next).toBeNull();
    const csv = await (await get(`/api/activities.csv?${query}`)).text();
    const cli = await runDevfin(['activities', '--db', store, '--country', 'KZ', '--include-dropped', '--csv']);
    expect(csv).toBe(cli.stdout);
    expect(typedCsv(csv, ['commitmentUsd', 'disbursementUsd'])).toEqual(json.items.map(activityCells));
    const { sheets, rows } = await xlsxRows(await get(`/api/activities.xlsx?${query}`));
    expect(sheets[0]).toBe('activities');
    expect(rows).toEqual(json.items.map(activityCells));
  });
});

describe('paging', () => {
  it('following next from the first page reads every activity once, in the order of devfin activities --json', async () => {
    const cli = await devfinJson<Item[]>(['activities', '--db', store, '--country', 'KZ', '--country', 'UZ', '--include-dropped']);
    expect(cli.length).toBeGreaterThan(100);
    const seen: Item[] = [];
    let next: string | null = '/api/activities?country=KZ&country=UZ&include-dropped=true&limit=37';
    let pages = 0;
    while (next) {
      const response = await get(next);
      const page = (await response.json()) as Page;
      expect(page.limit).toBe(37);
      expect(page.offset).toBe(seen.length);
      expect(page.items.length).toBe(page.next ? 37 : cli.length - seen.length);
      expect(response.headers.get('link')).toBe(page.next ? `<${page.next}>; rel="next"` : null);
      seen.push(...page.items);
      next = page.next;
      pages++;
    }
    expect(pages).toBe(Math.ceil(cli.length / 37));
    expect(new Set(seen.map((i) => i.id)).size).toBe(seen.length);
    expect(seen).toEqual(cli);
  });

  it('devfin activities --json and --csv, written as they are read, are the pages of the whole list read to the end', async () => {
    const pages: Item[] = [];
    for (let next: string | null = '/api/activities?include-dropped=true&limit=10000'; next; ) {
      const page: Page = await getJson<Page>(next);
      pages.push(...page.items);
      next = page.next;
    }
    expect(pages.length).toBeGreaterThan(20_000);
    expect(pages.some((item) => item.approvalDate === null)).toBe(true);
    const [json, csv] = await Promise.all([
      runDevfin(['activities', '--db', store, '--include-dropped', '--json']),
      runDevfin(['activities', '--db', store, '--include-dropped', '--csv']),
    ]);
    expect(json.code, json.stderr).toBe(0);
    // Still the one JSON document it was when the whole list was printed at once.
    expect(json.stdout).toBe(`${JSON.stringify(pages, null, 2)}\n`);
    expect(typedCsv(csv.stdout, ['commitmentUsd', 'disbursementUsd'])).toEqual(pages.map(activityCells));
  });

  it('devfin activities --offset --limit over several of its pages is the API page', async () => {
    const json = await getJson<Page>('/api/activities?include-dropped=true&offset=999&limit=2345');
    expect(await devfinJson(['activities', '--db', store, '--include-dropped', '--offset', '999', '--limit', '2345'])).toEqual(json.items);
  });

  it('a CSV page is the CLI page', async () => {
    const csv = await (await get('/api/activities.csv?country=KZ&limit=10&offset=20')).text();
    const cli = await runDevfin(['activities', '--db', store, '--country', 'KZ', '--limit', '10', '--offset', '20', '--csv']);
    expect(csv).toBe(cli.stdout);
  });
});

describe('devfin activities into a pipe closed early (| head -2)', () => {
  it.each([
    ['CSV', ['--csv']],
    ['JSON', ['--json']],
    ['the table', []],
  ])('%s: ends quietly with status 0', async (_format, options) => {
    const full = await runDevfin(['activities', '--db', store, '--include-dropped', ...options]);
    // Far more than a pipe holds, so devfin is still writing when the pipe closes.
    expect(full.stdout.length).toBeGreaterThan(1024 * 1024);
    const head = await runDevfinHead(['activities', '--db', store, '--include-dropped', ...options], 2);
    expect(head.stderr).toBe('');
    expect(head.code).toBe(0);
    expect(head.stdout.split('\n').slice(0, 2)).toEqual(full.stdout.split('\n').slice(0, 2));
  });
});

interface Place {
  id: string;
  title: string | null;
  name: string | null;
  lat: number;
  lon: number;
}
interface PlacePage {
  items: Place[];
  limit: number;
  offset: number;
  next: string | null;
  projects: number;
  located: number;
}
interface FacetRow {
  key: string;
  label: string;
  activities: number;
  active: number;
  behind: Record<string, string> | null;
}
interface Facets {
  total: { activities: number; active: number };
  facets: Record<string, FacetRow[]>;
}
interface Detail {
  activity: { locations: { names: { lang: string | null; text: string }[]; point: { lat: number; lon: number } | null }[] };
}

describe('locations', () => {
  it("are the places with coordinates of each project's own record, in the order of /api/activities", async () => {
    const [page, list] = await Promise.all([
      // Active in mid-2022: enough projects to have several with places.
      getJson<PlacePage>('/api/locations?country=KZ&status=active&as-of=2022-06-30'),
      getJson<Page>('/api/activities?country=KZ&status=active&as-of=2022-06-30&limit=10000'),
    ]);
    expect(page.next).toBeNull();
    expect(page.projects).toBe(list.items.length);
    // The same places, read the other way: from each project's full record (source_record.doc).
    const expected: Place[] = [];
    for (const item of list.items) {
      const detail = await getJson<Detail>(`/api/activities/${encodeURIComponent(item.id)}`);
      for (const location of detail.activity.locations) {
        if (!location.point) continue;
        const name = (location.names.find((n) => n.lang === 'en') ?? location.names[0])?.text ?? null;
        expected.push({ id: item.id, title: item.title, name, lat: location.point.lat, lon: location.point.lon });
      }
    }
    expect(page.items).toEqual(expected);
    expect(page.located).toBe(new Set(expected.map((p) => p.id)).size);
    expect(page.located).toBeGreaterThan(5);
  });

  it("count the World Bank export's project_geo.csv rows with coordinates for Kazakhstan's projects", async () => {
    const page = await getJson<PlacePage>('/api/locations?country=KZ&include-dropped&limit=10000');
    const list = await getJson<Page>('/api/activities?country=KZ&include-dropped&limit=10000');
    const worldBank = new Set(list.items.map((i) => i.id).filter((id) => /^P\d+$/.test(id)));
    const geo = parse(readFileSync(path.join(SHARED_DATA, 'worldbank/project_geo.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    const rows = geo.filter(
      (r) =>
        worldBank.has(r.project_id ?? '') &&
        (r.geo_latitude_number ?? '').trim() !== '' &&
        Math.abs(Number(r.geo_latitude_number)) <= 90 &&
        Math.abs(Number(r.geo_longitude_number)) <= 180,
    );
    expect(rows.length).toBeGreaterThan(100);
    expect(page.items.filter((p) => worldBank.has(p.id)).length).toBe(rows.length);
  });

  it('page as /api/activities does, and answer in CSV and XLSX with the rows of the JSON', async () => {
    const all = await getJson<PlacePage>('/api/locations?country=KZ&country=UZ');
    const seen: Place[] = [];
    let next: string | null = '/api/locations?country=KZ&country=UZ&limit=40';
    while (next) {
      const response = await get(next);
      const page = (await response.json()) as PlacePage;
      expect(response.headers.get('link')).toBe(page.next ? `<${page.next}>; rel="next"` : null);
      seen.push(...page.items);
      next = page.next;
    }
    expect(seen).toEqual(all.items);
    const query = 'country=KZ&limit=30&offset=10';
    const json = await getJson<PlacePage>(`/api/locations?${query}`);
    const cells = json.items.map((p) => ({ id: p.id, title: p.title, name: p.name, lat: p.lat, lon: p.lon }));
    expect(typedCsv(await (await get(`/api/locations.csv?${query}`)).text(), ['lat', 'lon'])).toEqual(cells);
    expect((await xlsxRows(await get(`/api/locations.xlsx?${query}`))).rows).toEqual(cells);
  });

  it('written at import are what the 0003-locations migration computes for a store made before it', async () => {
    const copy = path.join(dir, 'locations-copy.sqlite');
    const source = new Database(store, { readonly: true });
    source.exec(`vacuum into '${copy}'`);
    source.close();
    const written = snapshotStore(copy).activity_location ?? [];
    expect(written.length).toBeGreaterThan(1000);
    const copied = await openStore(copy);
    try {
      await copied.db.deleteFrom('activity_location').execute();
      await backfillLocations(copied.db);
    } finally {
      await copied.close();
    }
    expect(snapshotStore(copy).activity_location).toEqual(written);
  });
});

describe('facets', () => {
  it.each([
    ['country=KZ', ['--country', 'KZ']],
    ['country=KZ&country=UZ&q=water', ['--country', 'KZ', '--country', 'UZ', '--q', 'water']],
    ['financier=World+Bank&status=active', ['--financier', 'World Bank', '--status', 'active']],
  ])('GET /api/facets?%s counts what devfin summary --by FIELD counts', async (query, args) => {
    const facets = await getJson<Facets>(`/api/facets?${query}`);
    for (const field of ['country', 'financier', 'sector', 'status', 'year']) {
      const summary = await devfinJson<Summary & { rows: (SummaryRow & { behind: unknown })[] }>([
        'summary',
        '--db',
        store,
        ...args,
        '--by',
        field,
      ]);
      const counts = (rows: { key: string; label: string; activities: number; active: number; behind: unknown }[]) =>
        rows
          .map((r) => ({ key: r.key, label: r.label, activities: r.activities, active: r.active, behind: r.behind }))
          .sort((a, b) => a.key.localeCompare(b.key));
      expect(counts(facets.facets[field] ?? []), field).toEqual(counts(summary.rows));
      expect(facets.total).toEqual({ activities: summary.total.activities, active: summary.total.active });
    }
    const years = (facets.facets.year ?? []).map((r) => r.key);
    expect(years).toEqual([...years].sort().reverse());
    const countries = (facets.facets.financier ?? []).map((r) => r.activities);
    expect(countries).toEqual([...countries].sort((a, b) => b - a));
  });

  it('answers in CSV and XLSX with every row of every facet', async () => {
    const facets = await getJson<Facets>('/api/facets?country=KZ');
    const cells = Object.entries(facets.facets).flatMap(([facet, rows]) =>
      rows.map((r) => ({ facet, key: r.key, label: r.label, Activities: r.activities, Active: r.active })),
    );
    expect(typedCsv(await (await get('/api/facets.csv?country=KZ')).text(), ['Activities', 'Active'])).toEqual(cells);
    expect((await xlsxRows(await get('/api/facets.xlsx?country=KZ'))).rows).toEqual(cells);
  });
});

describe('programmes', () => {
  it('GET /api/programmes lists what devfin programmes list --json lists, CAREC with its 11 members', async () => {
    const [api, cli] = await Promise.all([
      getJson<{ items: { name: string; countries: string[] }[] }>('/api/programmes'),
      devfinJson(['programmes', 'list']),
    ]);
    expect(api.items).toEqual(cli);
    expect(api.items.find((p) => p.name === 'CAREC')?.countries).toHaveLength(11);
    const csv = parse(await (await get('/api/programmes.csv')).text(), { columns: true }) as Record<string, string>[];
    expect(csv.map((r) => [r.name, r.countries])).toEqual(api.items.map((p) => [p.name, p.countries.join(' ')]));
  });

  it('GET /api/programmes/{name} is devfin programmes show NAME --json; an unknown name is a 404', async () => {
    const shown = await devfinJson<{ members: { evidence: string[] }[]; comparisons: unknown[] }>([
      'programmes',
      'show',
      'CAREC',
      '--db',
      store,
    ]);
    expect(shown.members.length).toBeGreaterThan(0);
    expect(shown.comparisons.length).toBeGreaterThan(0);
    expect(await getJson('/api/programmes/carec')).toEqual(shown);
    const missing = await get('/api/programmes/NOPE');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain('NOPE');
  });
});

describe('errors', () => {
  it.each([
    ['/api/summary?country=KAZ', 'country'],
    ['/api/summary?country=KZ&country=1', 'country'],
    ['/api/summary?status=open', 'status'],
    ['/api/summary?status=active&status=closed', 'status'],
    ['/api/summary?from=2020-13-01', 'from'],
    ['/api/summary?to=2023-02-30', 'to'],
    ['/api/summary?as-of=yesterday', 'as-of'],
    ['/api/summary?by=colour', 'by'],
    ['/api/summary?by=sector&sector-vocabulary=isic', 'sector-vocabulary'],
    ['/api/summary?include-dropped=maybe', 'include-dropped'],
    ['/api/summary?programme=NOPE', 'programme'],
    ['/api/summary?countries=KZ', 'countries'],
    ['/api/summary?format=pdf', 'format'],
    ['/api/summary.csv?format=xlsx', 'format'],
    ['/api/activities?limit=0', 'limit'],
    ['/api/activities?limit=10001', 'limit'],
    ['/api/activities?limit=ten', 'limit'],
    ['/api/activities?offset=-1', 'offset'],
    ['/api/activities?offset=1.5', 'offset'],
    ['/api/activities/P179204?format=csv', 'format'],
    ['/api/status?verbose=1', 'verbose'],
    ['/api/locations?country=KAZ', 'country'],
    ['/api/locations?limit=10001', 'limit'],
    ['/api/locations.csv?offset=x', 'offset'],
    ['/api/facets?by=country', 'by'],
    ['/api/facets?status=open', 'status'],
    ['/api/facets.xlsx?format=csv', 'format'],
    ['/api/programmes?country=KZ', 'country'],
    ['/api/programmes/CAREC?format=csv', 'format'],
    // Search words: a tab or a NUL is no word; the rest of the text is never search syntax.
    ['/api/activities?q=road%09bridge', 'q'],
    ['/api/facets?q=road%00', 'q'],
  ])('%s: 400 naming %s', async (url, parameter) => {
    const response = await get(url);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { status: number; message: string; parameter: string } };
    expect(body.error.status).toBe(400);
    expect(body.error.parameter).toBe(parameter);
    expect(body.error.message.startsWith(`${parameter}: `)).toBe(true);
  });

  it('404 as JSON for an unknown activity and an unknown path', async () => {
    for (const url of ['/api/activities/NO-SUCH-ACTIVITY', '/api/activities/a%2Fb%2Fc', '/api/nothing', '/nothing', '/%E0%A4%A']) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await response.json()) as { error: { status: number; message: string } };
      expect(body.error.status).toBe(404);
    }
    expect(((await (await get('/api/activities/a%2Fb')).json()) as { error: { message: string } }).error.message).toContain('a/b');
  });

  it('a 500 gives the client an id and no stack; the stack goes to the log under that id', async () => {
    const broken = await openStore(path.join(dir, 'closed.sqlite'));
    await broken.close();
    const log: LogEntry[] = [];
    const app = createApp({ store: broken, log: (entry) => log.push(entry) });
    const response = await app.request('/api/summary?country=KZ');
    expect(response.status).toBe(500);
    const text = await response.text();
    const body = JSON.parse(text) as { error: { status: number; message: string; id: string } };
    expect(body.error.status).toBe(500);
    expect(body.error.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(text).not.toMatch(/\bat\s|\.ts\b|\.js\b|node_modules|destroyed/);
    const logged = log.find((e) => e.level === 'error');
    expect(logged).toMatchObject({ id: body.error.id, path: '/api/summary' });
    expect(String(logged?.stack)).toMatch(/\n\s+at /);
    expect(log.find((e) => e.status === 500)).toMatchObject({ method: 'GET', path: '/api/summary' });
  });
});

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    const { validate, compileErrors } = await import('@readme/openapi-parser');
    const doc = await getJson('/openapi.json');
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('lists every route the app serves, and nothing else', async () => {
    const doc = await getJson<{ paths: Record<string, Record<string, unknown>> }>('/openapi.json');
    const routesStore = await openStore(path.join(dir, 'routes.sqlite'));
    const app = createApp({ store: routesStore, log: () => {} });
    await routesStore.close();
    const served = app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)\{[^}]*\}/g, '{$1}')}`)
      .sort();
    const documented = Object.entries(doc.paths)
      .flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(documented).toEqual(served);
    expect(documented).toEqual(
      expect.arrayContaining([
        'GET /api/summary',
        'GET /api/summary.csv',
        'GET /api/summary.xlsx',
        'GET /api/activities',
        'GET /api/activities.csv',
        'GET /api/activities.xlsx',
        'GET /api/activities/{id}',
        'GET /api/status',
        'GET /api/locations',
        'GET /api/locations.csv',
        'GET /api/locations.xlsx',
        'GET /api/facets',
        'GET /api/facets.csv',
        'GET /api/facets.xlsx',
        'GET /api/programmes',
        'GET /api/programmes.csv',
        'GET /api/programmes.xlsx',
        'GET /api/programmes/{name}',
        'POST /api/statements/check',
        'GET /openapi.json',
        'GET /api/docs',
      ]),
    );
  });

  it('documents every filter of the CLI under the same name', async () => {
    const doc = await getJson<{ paths: Record<string, { get: { parameters: { name: string }[] } }> }>('/openapi.json');
    const names = doc.paths['/api/summary']?.get.parameters.map((p) => p.name) ?? [];
    const help = await runDevfin(['summary', '--help']);
    const cliOptions = [...help.stdout.matchAll(/--([a-z-]+)/g)].map((m) => m[1] as string);
    for (const option of cliOptions.filter((o) => !['db', 'json', 'csv', 'help'].includes(o))) expect(names).toContain(option);
  });

  it('describes the real answers: their JSON matches the response schemas', async () => {
    const doc = await getJson('/openapi.json');
    const paths = doc.paths as Record<string, { get: { responses: Record<string, { content?: Record<string, { schema: Json }> }> } }>;
    const cases: [string, string, string][] = [
      ['/api/summary', '/api/summary?country=KZ', '200'],
      ['/api/summary', '/api/summary?country=KZ&by=status&include-dropped', '200'],
      ['/api/summary', '/api/summary?by=sector', '200'],
      ['/api/activities', '/api/activities?country=KZ&limit=50', '200'],
      ['/api/activities/{id}', '/api/activities/P179204', '200'],
      ['/api/activities/{id}', '/api/activities/NOPE', '404'],
      ['/api/status', '/api/status', '200'],
      ['/api/locations', '/api/locations?country=KZ&status=active', '200'],
      ['/api/locations', '/api/locations?limit=0', '400'],
      ['/api/facets', '/api/facets?country=KZ', '200'],
      ['/api/facets', '/api/facets?q=road&include-dropped', '200'],
      ['/api/programmes', '/api/programmes', '200'],
      ['/api/programmes/{name}', '/api/programmes/CAREC', '200'],
      ['/api/programmes/{name}', '/api/programmes/NOPE', '404'],
      ['/api', '/api', '200'],
      ['/api/summary', '/api/summary?by=nothing', '400'],
    ];
    for (const [template, url, status] of cases) {
      const response = await get(url);
      expect(String(response.status), url).toBe(status);
      const schema = paths[template]?.get.responses[status]?.content?.['application/json']?.schema;
      expect(schema, `${template} ${status}`).toBeDefined();
      expect(schemaErrors(schema as Json, await response.json(), doc), url).toEqual([]);
    }
  });

  it('has a page for people at /api/docs that loads nothing from elsewhere', async () => {
    const response = await get('/api/docs');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toContain("fetch('/openapi.json')");
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    // The home page is the web app's (its own end-to-end tests are in test/e2e).
    const home = await get('/', {});
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });
});

describe('the server process', () => {
  it('asks the store one question at a time, in order of arrival; a failed one does not stop the rest', async () => {
    const turns = takingTurns();
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map((n) =>
        turns(async () => {
          started.push(n);
          most = Math.max(most, ++running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running--;
          if (n === 2) throw new Error('failed');
          return n;
        }),
      ),
    );
    expect(started).toEqual([1, 2, 3, 4]);
    expect(most).toBe(1);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
  });

  it('logs each request as a JSON line on stderr', async () => {
    await get('/api/summary?country=KZ&by=status');
    await get('/api/summary?country=KAZ');
    const lines = served.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as LogEntry);
    expect(lines[0]).toMatchObject({ level: 'info', message: 'listening', url: served.url });
    const requests = lines.filter((l) => l.path === '/api/summary');
    expect(requests).toContainEqual(
      expect.objectContaining({ method: 'GET', path: '/api/summary', query: '?country=KZ&by=status', status: 200, ms: expect.any(Number) }),
    );
    expect(requests).toContainEqual(expect.objectContaining({ query: '?country=KAZ', status: 400 }));
  });

  it('keeps an idle connection open longer than clients and proxies keep theirs, so that they close it first', async () => {
    // A connection asked to stay open (with node:http, on a socket of its own, closed here).
    const headers = await new Promise<http.IncomingHttpHeaders>((resolve, reject) => {
      const request = http.get(`${served.url}/api`, { agent: false, headers: { connection: 'keep-alive' } }, (response) => {
        response.resume().on('end', () => {
          request.destroy();
          resolve(response.headers);
        });
      });
      request.on('error', reject);
    });
    expect(headers.connection).toBe('keep-alive');
    // Node's default, 5 s, is shorter than the 60 s of nginx and load balancers, and than a test process busy for seconds.
    expect(Number(/timeout=(\d+)/.exec(String(headers['keep-alive'] ?? ''))?.[1])).toBeGreaterThan(60);
  });

  it('stops on SIGTERM, closing the store, and exits 0', async () => {
    served.child.kill('SIGTERM');
    expect(await served.exit).toBe(0);
    expect(served.stderr).toContain('"message":"stopped"');
    // The store was closed cleanly: another process opens and reads it.
    expect((await devfinJson<{ activities: number }>(['status', '--db', store])).activities).toBeGreaterThan(1000);
  });
});
