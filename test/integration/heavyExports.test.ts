// Heavy exports (src/api/exports.ts) through the real `devfin serve` on real data (the World Bank
// export and USAID's Central Asia IATI files): streamed CSV and XLSX hold the rows of the JSON list
// for the same filter, and a server that writes one export at a time (DEVFIN_EXPORT_CONCURRENCY=1)
// refuses a second with 503 and Retry-After while still answering other questions, and takes one
// again once the first is written or dropped. On Linux the export's worker thread runs at nice 19
// while the server's thread keeps its priority. And a page of a ranked search, read from the most
// relevant candidates only (store/activityQueries.ts rankedRows), is that page of the whole ranking.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityListItem } from '../../src/model/answers.js';
import { runDevfin, temporaryDir } from '../support/cli.js';
import { fetchOnNewConnection } from '../support/http.js';
import { type RunningServer, startServe } from '../support/serve.js';
import { SHARED_DATA } from '../support/sharedData.js';

const dir = temporaryDir('devfin-exports-');
const store = path.join(dir, 'store.sqlite');
let server: RunningServer;
/** The server's threads before it wrote any export, with their nice values (Linux). */
let startThreads = new Map<number, number>();

beforeAll(async () => {
  const rates = path.join(SHARED_DATA, 'exchangerates');
  for (const args of [
    ['rates', 'import', path.join(rates, 'imf_monthly_2015_2020.csv'), path.join(rates, 'imf_exchangerates_A_ENDA_USD.csv')],
    ['import', path.join(SHARED_DATA, 'worldbank/projects.csv'), path.join(SHARED_DATA, 'iati/usaid-carec')],
  ]) {
    const result = await runDevfin([...args, '--db', store]);
    expect(result.code, result.stderr).toBe(0);
  }
  server = await startServe(['--db', store], { DEVFIN_EXPORT_CONCURRENCY: '1' });
  if (process.platform === 'linux') startThreads = threadNices(server.child.pid as number);
}, 600_000);

afterAll(async () => {
  await server?.stop();
});

const get = (urlPath: string, init: RequestInit = {}) => fetchOnNewConnection(`${server.url}${urlPath}`, init);

interface Page<T> {
  items: T[];
  next: string | null;
}

async function json<T>(urlPath: string): Promise<Page<T>> {
  const response = await get(urlPath);
  expect(response.status, urlPath).toBe(200);
  return (await response.json()) as Page<T>;
}

/** The CSV's rows as objects, with the numeric columns as numbers and empty cells as null (as in the JSON). */
function csvRows(text: string, numeric: string[]): Record<string, unknown>[] {
  return (parse(text, { columns: true }) as Record<string, string>[]).map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => [key, value === '' ? null : numeric.includes(key) ? Number(value) : value]),
    ),
  );
}

async function xlsxRows(response: Response): Promise<{ sheets: string[]; rows: Record<string, unknown>[] }> {
  expect(response.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no worksheet');
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const values = row.values as unknown[];
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i + 1] ?? null])));
  });
  return { sheets: workbook.worksheets.map((s) => s.name), rows };
}

/** An item of /api/activities, as the API's own answer type says. */
type Item = ActivityListItem;

/** An item as the export's columns show it (portfolio/columns.ts ACTIVITY_COLUMNS), empty values null. */
const activityCells = (i: Item) => ({
  id: i.id,
  title: i.title || null,
  status: i.status,
  countries: i.countries.join(' ') || null,
  financiers: i.financiers.join('; ') || null,
  approvalDate: i.approvalDate,
  closingDate: i.closingDate,
  commitmentUsd: i.commitmentUsd,
  disbursementUsd: i.disbursementUsd,
});

describe('streamed exports', () => {
  // The whole list (50 of the export's pages of 200, read one at a time), its second page, and a
  // ranked search, whose rows are read by relevance from the most relevant candidates.
  it.each(['include-dropped=true&limit=10000', 'include-dropped=true&limit=10000&offset=10000', 'q=road&limit=2000'])(
    'activities CSV and XLSX ?%s hold the JSON page, with its Link',
    async (query) => {
      const page = await json<Item>(`/api/activities?${query}`);
      expect(page.items.length).toBeGreaterThan(query.includes('q=road') ? 500 : 9000);
      const expected = page.items.map(activityCells);
      const csv = await get(`/api/activities.csv?${query}`);
      expect(csv.headers.get('link')).toBe(
        page.next ? `<${page.next.replace('/api/activities?', '/api/activities.csv?')}>; rel="next"` : null,
      );
      expect(csvRows(await csv.text(), ['commitmentUsd', 'disbursementUsd'])).toEqual(expected);
      const xlsx = await get(`/api/activities.xlsx?${query}`);
      expect(xlsx.headers.get('link')).toBe(
        page.next ? `<${page.next.replace('/api/activities?', '/api/activities.xlsx?')}>; rel="next"` : null,
      );
      const { sheets, rows } = await xlsxRows(xlsx);
      expect(sheets).toEqual(['activities', 'notes']);
      expect(rows).toEqual(expected);
    },
  );

  it('locations CSV and XLSX of 10,000 places hold the JSON page, and say whether a next page exists', async () => {
    for (const query of ['limit=10000', 'country=KZ&country=UZ&limit=50&offset=20', 'country=KZ&limit=10000']) {
      const page = await json<{ id: string; title: string | null; name: string | null; lat: number; lon: number }>(
        `/api/locations?${query}`,
      );
      expect(page.items.length).toBeGreaterThan(0);
      const expected = page.items.map((p) => ({ id: p.id, title: p.title, name: p.name, lat: p.lat, lon: p.lon }));
      const csv = await get(`/api/locations.csv?${query}`);
      expect(csv.headers.get('link') !== null, query).toBe(page.next !== null);
      expect(csvRows(await csv.text(), ['lat', 'lon'])).toEqual(expected);
      expect((await xlsxRows(await get(`/api/locations.xlsx?${query}`))).rows).toEqual(expected);
    }
  });
});

/** The nice value of each thread of a process, by thread id (field 19 of /proc/PID/task/TID/stat). */
function threadNices(pid: number): Map<number, number> {
  const nices = new Map<number, number>();
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8');
    } catch {
      continue; // a thread that ended while the list was read
    }
    // The fields after the command name in parentheses, which may itself hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    nices.set(Number(task), Number(fields[16]));
  }
  return nices;
}

describe.runIf(process.platform === 'linux')('the export worker steps back behind the server (Linux)', () => {
  it("runs at nice 19 while an export is written; the server's thread keeps its priority", async () => {
    const pid = server.child.pid as number;
    const mainNice = threadNices(pid).get(pid);
    expect(mainNice).toBeLessThan(19);
    expect([...startThreads.values()].every((nice) => nice === mainNice)).toBe(true);
    const lowered = () => [...threadNices(pid)].filter(([, nice]) => nice === 19).map(([thread]) => thread);
    const response = await get('/api/activities.xlsx?include-dropped=true&limit=10000');
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    if (!reader) throw new Error('no body');
    const chunks: Uint8Array[] = [];
    const first = await reader.read();
    expect(first.done).toBe(false);
    if (first.value) chunks.push(first.value);
    // Half way through the download (the worker waits for the client to ask for more): its thread
    // is at the lowest priority, and it is none of the threads the server started with (its own,
    // V8's and libuv's), which all keep theirs.
    const during = threadNices(pid);
    expect(lowered().length).toBeGreaterThan(0);
    for (const thread of lowered()) expect(startThreads.has(thread)).toBe(false);
    for (const [thread, nice] of startThreads) if (during.has(thread)) expect(during.get(thread), `thread ${thread}`).toBe(nice);
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await new Blob(chunks).arrayBuffer());
    expect(workbook.worksheets[0]?.rowCount).toBeGreaterThan(9000);
    expect(threadNices(pid).get(pid)).toBe(mainNice);
  });
});

describe('a page of a ranked search', () => {
  /**
   * The whole ranking, straight from the FTS5 index: every match by BM25 (a title's words weighing
   * three times an objective's), then newest approval first, undated last, then by id.
   */
  function wholeRanking(words: string, country: string | null): string[] {
    const db = new Database(store, { readonly: true });
    try {
      const inCountry = country ? 'and a.id in (select activity_id from activity_country where country = ?)' : '';
      const rows = db
        .prepare(
          `select k.activity_id as id from activity_text t join activity_text_key k on k.key = t.rowid
           join activity a on a.id = k.activity_id where activity_text match ? ${inCountry}
           order by bm25(activity_text, 3.0, 1.0), a.approval_date is null, a.approval_date desc, a.id`,
        )
        .all(...(country ? [words, country] : [words])) as { id: string }[];
      return rows.map((r) => r.id);
    } finally {
      db.close();
    }
  }

  // "project" matches some 10,000 activities: pages deep in it are read from a few thousand
  // candidates. With a country, most candidates are not in it: the first candidates cannot fill
  // the page, and more must be read (a page made of the first candidates alone fails these).
  it.each<[string, number, number, string | null]>([
    ['water', 0, 100, null],
    ['water', 150, 50, null],
    ['project', 0, 100, null],
    ['project', 950, 100, null],
    ['project', 3000, 7, null],
    ['water supply', 20, 30, null],
    ['project', 0, 100, 'KZ'],
    ['project', 40, 30, 'UZ'],
    ['water', 0, 50, 'KZ'],
  ])('q=%s offset %i limit %i country %s is that slice of the whole ranking', async (words, offset, limit, country) => {
    const whole = wholeRanking(`"${words.split(' ').join('" "')}"`, country);
    expect(whole.length).toBeGreaterThan(offset);
    const query = `include-dropped=true&q=${encodeURIComponent(words)}&offset=${offset}&limit=${limit}${country ? `&country=${country}` : ''}`;
    const page = await json<Item>(`/api/activities?${query}`);
    expect(page.items.map((i) => i.id)).toEqual(whole.slice(offset, offset + limit));
  });
});

describe('at most DEVFIN_EXPORT_CONCURRENCY exports at once', () => {
  const heavy = '/api/activities.csv?include-dropped=true&limit=10000';

  it('refuses one more with 503 and Retry-After, answers other questions meanwhile, and takes one again after', async () => {
    const first = await get(heavy);
    expect(first.status).toBe(200);
    // Its headers are sent before its first page is read: the export is under way until its body is read.
    const refused = await get('/api/locations.xlsx?limit=10000');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/DEVFIN_EXPORT_CONCURRENCY/);
    // Other readers are not kept waiting: the JSON list and a summary still answer.
    expect((await get('/api/summary?country=KZ')).status).toBe(200);
    expect((await get('/api/activities?country=KZ&limit=5')).status).toBe(200);
    const lines = (await first.text()).trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(10_000);
    // Read whole, so that it has given its slot back before the next test.
    const again = await get('/api/locations.csv?country=KZ');
    expect(again.status).toBe(200);
    expect((await again.text()).split('\n').length).toBeGreaterThan(100);
  });

  it('gives the slot back when a client drops its download half way', async () => {
    const controller = new AbortController();
    const dropped = await get(heavy, { signal: controller.signal });
    expect(dropped.status).toBe(200);
    const reader = dropped.body?.getReader();
    expect((await reader?.read())?.done).toBe(false);
    expect((await get('/api/activities.xlsx?country=KZ')).status).toBe(503);
    controller.abort();
    // The server learns of the closed connection when it next writes: ask until it has.
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      const response = await get('/api/activities.xlsx?country=KZ');
      status = response.status;
      await response.arrayBuffer();
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
  });

  it('keeps serving when exports end or are dropped while an import holds the store', async () => {
    // A store of its own whose query-planner statistics are gone: closing a connection that has read
    // it then wants to write them (`pragma optimize`), and waits, as another process (an import)
    // holds SQLite's write lock for the whole test.
    const stale = path.join(dir, 'stale.sqlite');
    const source = new Database(store, { readonly: true });
    source.exec(`vacuum into '${stale}'`);
    source.close();
    const writer = new Database(stale);
    writer.exec('delete from sqlite_stat1');
    writer.pragma('busy_timeout = 5000');
    const other = await startServe(['--db', stale], { DEVFIN_EXPORT_CONCURRENCY: '1' });
    writer.exec('begin immediate');
    try {
      for (let round = 0; round < 3; round++) {
        const controller = new AbortController();
        let response = await fetchOnNewConnection(`${other.url}${heavy}`, { signal: controller.signal });
        // The slot of the export before may still be on its way back.
        for (let attempt = 0; attempt < 50 && response.status === 503; attempt++) {
          await response.arrayBuffer();
          await new Promise((resolve) => setTimeout(resolve, 100));
          response = await fetchOnNewConnection(`${other.url}${heavy}`, { signal: controller.signal });
        }
        expect(response.status).toBe(200);
        if (round === 0) expect((await response.text()).split('\n').length).toBeGreaterThan(10_000);
        else {
          expect((await response.body?.getReader().read())?.done).toBe(false);
          controller.abort();
        }
      }
      // The server is still there, and answers: an export's worker ends by itself, never from outside.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(other.child.exitCode).toBeNull();
      expect((await fetchOnNewConnection(`${other.url}/api/status`)).status).toBe(200);
    } finally {
      writer.exec('rollback');
      writer.close();
      await other.stop();
    }
  }, 120_000);

  it('a server asked for a nonsense limit refuses to start, naming the variable', async () => {
    await expect(startServe(['--db', store], { DEVFIN_EXPORT_CONCURRENCY: 'two' })).rejects.toThrow(
      /DEVFIN_EXPORT_CONCURRENCY must be a whole number of at least 1, got "two"/,
    );
  });
});
