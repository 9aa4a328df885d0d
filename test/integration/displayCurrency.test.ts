// Figures in another currency than USD, on the real USAID Kazakhstan file and the real IMF rates, in
// both stores, through the devfin command and the HTTP API: the tenge figures are worked out here
// from the IATI XML and the rate CSVs (no devfin code), transaction by transaction at the rate of
// its value date; amounts with no tenge rate for their date are left out and said to be; a code
// with no rates is refused naming the option or parameter; exports and cached answers say their currency.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { DOMParser } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devfinJson, runDevfin, temporaryDir } from '../support/cli.js';
import { fetchOnNewConnection } from '../support/http.js';
import { type PostgresServer, startPostgres } from '../support/postgres.js';
import { type RunningServer, startServe } from '../support/serve.js';
import { SHARED_DATA } from '../support/sharedData.js';

const RATES = path.join(SHARED_DATA, 'exchangerates');
const MONTHLY = path.join(RATES, 'imf_monthly_2015_2020.csv');
const ANNUAL = path.join(RATES, 'imf_exchangerates_A_ENDA_USD.csv');
const KZ_FILE = path.join(SHARED_DATA, 'iati/usaid-carec/usaid-kz.xml');

const sqlite = path.join(temporaryDir(), 'store.sqlite');
let postgresServer: PostgresServer;
let postgres = '';
let api: RunningServer;

interface Money {
  commitmentUsd: number | null;
  disbursementUsd: number | null;
  commitment: number | null;
  disbursement: number | null;
}
interface Summary {
  currency: string;
  total: Money & { activities: number; reporting: { commitment: number; disbursement: number } };
  rows: (Money & { key: string })[];
  notes: string[];
}
interface ListItem extends Money {
  id: string;
  currency: string;
}

/** KZT per USD for a 'YYYY-MM' month, read from the IMF CSVs here: the monthly rate, else the year's average, else none. */
const kztRates = (() => {
  const rows = (file: string) =>
    (parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[]).filter((r) => r.Currency === 'KZT');
  const monthly = new Map(rows(MONTHLY).map((r) => [(r.Date as string).slice(0, 7), Number(r.Rate)]));
  const annual = new Map(rows(ANNUAL).map((r) => [(r.Date as string).slice(0, 4), Number(r.Rate)]));
  return (month: string): number | undefined => monthly.get(month) ?? annual.get(month.slice(0, 4));
})();

interface Transaction {
  type: string;
  amount: number;
  currency: string;
  month: string;
}

/** The transactions of each activity of the USAID Kazakhstan file, read from its XML here. */
const transactionsById = (() => {
  const doc = new DOMParser().parseFromString(readFileSync(KZ_FILE, 'utf8'), 'text/xml');
  const byId = new Map<string, Transaction[]>();
  for (const activity of doc.querySelectorAll('iati-activity')) {
    const id = activity.querySelector('iati-identifier')?.textContent?.trim() ?? '';
    const fallbackCurrency = activity.getAttribute('default-currency') ?? '';
    byId.set(
      id,
      [...activity.querySelectorAll('transaction')].map((t) => {
        const value = t.querySelector('value');
        const date = value?.getAttribute('value-date') ?? t.querySelector('transaction-date')?.getAttribute('iso-date') ?? '';
        return {
          type: t.querySelector('transaction-type')?.getAttribute('code') ?? '',
          amount: Number(value?.textContent?.trim()),
          currency: value?.getAttribute('currency') ?? fallbackCurrency,
          month: date.slice(0, 7),
        };
      }),
    );
  }
  return byId;
})();

/** Dollars and tenge of some activities' transactions of a type, and the dollars with no tenge rate for their month. */
function expected(ids: string[], type: '2' | '3'): { usd: number; kzt: number; usdWithoutRate: number; sumsWithoutRate: Set<string> } {
  const result = { usd: 0, kzt: 0, usdWithoutRate: 0, sumsWithoutRate: new Set<string>() };
  for (const id of ids) {
    for (const t of transactionsById.get(id) ?? []) {
      if (t.type !== type) continue;
      expect(t.currency, `${id}: the USAID file gives dollars`).toBe('USD');
      result.usd += t.amount;
      const rate = kztRates(t.month);
      if (rate === undefined) {
        result.usdWithoutRate += t.amount;
        result.sumsWithoutRate.add(`${id} ${t.month}`);
      } else result.kzt += t.amount * rate;
    }
  }
  return result;
}

beforeAll(async () => {
  postgresServer = await startPostgres();
  postgres = await postgresServer.createDatabase();
  for (const db of [sqlite, postgres]) {
    for (const args of [
      ['rates', 'import', MONTHLY, ANNUAL],
      ['import', KZ_FILE],
    ]) {
      const result = await runDevfin([...args, '--db', db]);
      expect(result.code, result.stderr).toBe(0);
    }
  }
  api = await startServe(['--db', sqlite]);
}, 240_000);

afterAll(async () => {
  await api?.stop();
  await postgresServer?.stop();
});

describe.each([
  ['SQLite', () => sqlite],
  ['PostgreSQL', () => postgres],
])('devfin --currency on %s', (_name, db) => {
  it('gives the Kazakhstan total in tenge: each transaction at the KZT rate of its value date, those with none left out and counted', async () => {
    const summary = await devfinJson<Summary>(['summary', '--db', db(), '--country', 'KZ', '--currency', 'KZT']);
    const items = await devfinJson<ListItem[]>(['activities', '--db', db(), '--country', 'KZ', '--currency', 'KZT']);
    expect(summary.currency).toBe('KZT');
    expect(items.every((i) => i.currency === 'KZT')).toBe(true);
    const commitments = expected(
      items.map((i) => i.id),
      '2',
    );
    // The same transactions as devfin's dollars, so the tenge below are of the same amounts.
    expect(summary.total.commitmentUsd).toBe(Math.round(commitments.usd));
    expect(commitments.kzt).toBeGreaterThan(1e9);
    expect(Math.abs((summary.total.commitment as number) - commitments.kzt)).toBeLessThanOrEqual(1);
    // Tenge per dollar went from about 150 to 470 over these years: today's rate would give another total.
    expect(Math.abs((summary.total.commitment as number) - commitments.usd * (kztRates('2024-12') as number))).toBeGreaterThan(1e9);

    const disbursements = expected(
      items.map((i) => i.id),
      '3',
    );
    expect(disbursements.usdWithoutRate).toBeGreaterThan(0);
    expect(Math.abs((summary.total.disbursement as number) - disbursements.kzt)).toBeLessThanOrEqual(1);
    const note = summary.notes.find((n) => n.startsWith('Not converted to KZT'));
    expect(note).toContain(`USD ${Math.round(disbursements.usdWithoutRate + commitments.usdWithoutRate).toLocaleString('en-US')} in all`);
  });

  it('gives one project in tenge, and a figure none of whose amounts has a rate is null, not 0', async () => {
    // USAID's 72011523CA00002: committed in September 2023, disbursed through January 2025 (no tenge rate yet).
    const id = 'US-GOV-1-72011523CA00002';
    const detail = await devfinJson<Money & { currency: string; notes: string[] }>(['activity', '--db', db(), id, '--currency', 'kzt']);
    const disbursed = expected([id], '3');
    expect(disbursed.sumsWithoutRate.size).toBe(1);
    expect(detail.currency).toBe('KZT');
    expect(detail.disbursement).toBe(Math.round(disbursed.kzt));
    expect(detail.disbursementUsd).toBe(Math.round(disbursed.usd));
    expect(detail.notes.join('\n')).toContain('1 sum of amounts');

    // The Deutsche Mark has IMF rates up to 1998 only: none of these amounts can be given in it.
    const mark = await devfinJson<Money & { currency: string }>(['activity', '--db', db(), id, '--currency', 'DEM']);
    expect(mark).toMatchObject({ currency: 'DEM', commitment: null, disbursement: null });
    expect(mark.commitmentUsd).toBe(Math.round(expected([id], '2').usd));
  });

  it('refuses a code that is not ISO 4217 or has no rates, naming the option (exit 2)', async () => {
    for (const code of ['XYZ', 'K1T']) {
      const result = await runDevfin(['summary', '--db', db(), '--currency', code]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--currency');
      expect(result.stderr).toContain('ISO 4217');
      expect(result.stdout).toBe('');
    }
    expect((await runDevfin(['summary', '--db', db(), '--currency', 'XYZ'])).stderr).toContain('rates loaded');
  });
});

describe('exports and tables say their currency', () => {
  it('names the currency in the CSV header rows and the table headings', async () => {
    const summary = await runDevfin(['summary', '--db', sqlite, '--country', 'KZ', '--currency', 'KZT', '--csv']);
    const [header] = parse(summary.stdout, { to: 1 }) as string[][];
    expect(header).toEqual(['key', 'label', 'Activities', 'Active', 'Commitments (KZT)', 'Disbursements (KZT)']);
    const list = await runDevfin(['activities', '--db', sqlite, '--country', 'KZ', '--currency', 'KZT', '--csv']);
    const rows = parse(list.stdout, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual(expect.arrayContaining(['commitmentKzt', 'disbursementKzt']));
    expect(Object.keys(rows[0] ?? {})).not.toContain('commitmentUsd');
    const json = await devfinJson<ListItem[]>(['activities', '--db', sqlite, '--country', 'KZ', '--currency', 'KZT']);
    expect(rows.map((r) => (r.commitmentKzt === '' ? null : Number(r.commitmentKzt)))).toEqual(json.map((i) => i.commitment));
    const table = await runDevfin(['summary', '--db', sqlite, '--country', 'KZ', '--currency', 'EUR']);
    expect(table.stdout).toContain('Commitments (EUR)');
    // Without --currency, USD as before.
    const usd = await runDevfin(['summary', '--db', sqlite, '--country', 'KZ', '--csv']);
    expect(usd.stdout.split('\n')[0]).toBe('key,label,Activities,Active,Commitments (USD),Disbursements (USD)');
  });
});

describe('the HTTP API with currency=', () => {
  const get = (urlPath: string, headers: Record<string, string> = {}) => fetchOnNewConnection(`${api.url}${urlPath}`, { headers });

  it('answers in the currency asked, the same figures as the command', async () => {
    const response = await get('/api/summary?country=KZ&currency=KZT');
    expect(response.status).toBe(200);
    const summary = (await response.json()) as Summary;
    const cli = await devfinJson<Summary>(['summary', '--db', sqlite, '--country', 'KZ', '--currency', 'KZT']);
    expect(summary.currency).toBe('KZT');
    expect(summary.total).toEqual(cli.total);
    const page = (await (await get('/api/activities?country=KZ&currency=KGS&limit=5')).json()) as { currency: string; items: ListItem[] };
    expect(page.currency).toBe('KGS');
    expect(page.items.every((i) => i.currency === 'KGS')).toBe(true);
    const detail = (await (await get('/api/activities/US-GOV-1-72011523CA00002?currency=KZT')).json()) as Money;
    expect(detail.disbursement).toBe(Math.round(expected(['US-GOV-1-72011523CA00002'], '3').kzt));
  });

  it('refuses an unknown code with 400 naming the parameter', async () => {
    for (const code of ['XYZ', 'tenge']) {
      const response = await get(`/api/summary?country=KZ&currency=${code}`);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { parameter: string; message: string } };
      expect(body.error.parameter).toBe('currency');
      expect(body.error.message).toContain('ISO 4217');
    }
  });

  it('names the currency in CSV and XLSX header rows', async () => {
    const csv = await (await get('/api/summary.csv?country=KZ&currency=KZT')).text();
    expect(csv.split('\n')[0]).toContain('Commitments (KZT)');
    const xlsx = await get('/api/activities.xlsx?country=KZ&currency=UZS&limit=3');
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.worksheets[0];
    expect(sheet).toBeDefined();
    const headers = ((sheet?.getRow(1).values ?? []) as unknown[]).filter((v) => typeof v === 'string');
    expect(headers).toEqual(expect.arrayContaining(['commitmentUzs', 'disbursementUzs']));
  });

  it('keeps one answer per currency: another currency is another answer and entity tag', async () => {
    const usd = await get('/api/summary?country=KZ');
    const kzt = await get('/api/summary?country=KZ&currency=KZT');
    const usdTag = usd.headers.get('etag') as string;
    const kztTag = kzt.headers.get('etag') as string;
    expect(usdTag).toBeTruthy();
    expect(kztTag).not.toBe(usdTag);
    expect(((await usd.json()) as Summary).currency).toBe('USD');
    expect(((await kzt.json()) as Summary).currency).toBe('KZT');
    // The dollar answer's tag does not stand for the tenge answer: a client holding it gets the tenge answer.
    const again = await get('/api/summary?country=KZ&currency=KZT', { 'if-none-match': usdTag });
    expect(again.status).toBe(200);
    expect(((await again.json()) as Summary).currency).toBe('KZT');
    expect((await get('/api/summary?country=KZ&currency=KZT', { 'if-none-match': kztTag })).status).toBe(304);
  });

  it('documents the parameter in /openapi.json', async () => {
    const document = (await (await get('/openapi.json')).json()) as {
      paths: Record<string, { get: { parameters: { name: string; description: string }[] } }>;
    };
    for (const route of ['/api/summary', '/api/activities', '/api/activities/{id}', '/api/programmes/{name}']) {
      const currency = document.paths[route]?.get.parameters.find((p) => p.name === 'currency');
      expect(currency?.description, route).toContain('ISO 4217');
    }
  });
});
