// Reference data from recorded responses of the public sources, then the portfolio questions on
// the real IATI files: names for codes, USD conversion, and the same figures in JSON and CSV.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devfinJson, runDevfin, temporaryDir } from '../support/cli.js';
import { type RecordedServer, startRecordedServer } from '../support/recordedServer.js';
import { SHARED_DATA } from '../support/sharedData.js';

const RATES = path.join(SHARED_DATA, 'exchangerates');
const store = path.join(temporaryDir(), 'store.sqlite');
let server: RecordedServer;
let env: NodeJS.ProcessEnv;

interface Summary {
  total: { activities: number; active: number; commitmentUsd: number; disbursementUsd: number };
  rows: { key: string; label: string; activities: number; active: number; commitmentUsd: number; disbursementUsd: number }[];
  notes: string[];
}

beforeAll(async () => {
  server = await startRecordedServer({
    '/api/json/en/': path.join(SHARED_DATA, 'codelists/json'),
    '/imf-exchangerates/imf_exchangerates.csv': path.join(RATES, 'imf_monthly_2015_2020.csv'),
    '/imf-exchangerates/imf_exchangerates_A_ENDA_USD.csv': path.join(RATES, 'imf_exchangerates_A_ENDA_USD.csv'),
  });
  env = { DEVFIN_CODELISTS_URL: `${server.url}/`, DEVFIN_RATES_URL: `${server.url}/imf-exchangerates/` };
  for (const args of [
    ['codelists', 'update'],
    ['rates', 'update'],
    ['import', path.join(SHARED_DATA, 'iati/usaid-carec'), path.join(SHARED_DATA, 'iati/dportal-covid19-2021')],
  ]) {
    const result = await runDevfin([...args, '--db', store], env);
    expect(result.code, result.stderr).toBe(0);
  }
});

afterAll(() => server.close());

/** Units per USD from the CSV, read here without devfin: the union's row (digit in its country code) first. */
function csvRate(file: string, currency: string, datePrefix: string): number {
  const rows = readFileSync(path.join(RATES, file), 'utf8')
    .split('\n')
    .map((line) => line.split(','))
    .filter((f) => f[2] === currency && f[0]?.startsWith(datePrefix));
  const row = rows.find((f) => /\d/.test(f[5] ?? '')) ?? rows[0];
  return Number(row?.[1]);
}

describe('the portfolio of Kazakhstan from the real IATI files', () => {
  it('downloaded the codelists and rates through the real clients', () => {
    const paths = server.requests.map((r) => r.path);
    expect(paths).toContain('/api/json/en/Sector.json');
    expect(paths).toContain('/imf-exchangerates/imf_exchangerates.csv');
  });

  it('counts the 94 projects of the 95 activities that name KZ (the shared data README counts activities) and totals them by financier', async () => {
    const summary = await devfinJson<Summary>(['summary', '--db', store, '--country', 'KZ']);
    // ADB's two loan activities 46004-54188-001-LN3940 and -LN3941 are one project, 54188-001.
    expect(summary.total.activities).toBe(94);
    expect(Object.fromEntries(summary.rows.map((r) => [r.key, r.activities]))).toMatchObject({
      'U.S. Agency for International Development': 83,
      'Asian Development Bank': 1,
      'European Bank for Reconstruction and Development': 3,
    });
    expect(summary.rows.reduce((sum, r) => sum + r.activities, 0)).toBe(summary.total.activities);
    expect(summary.rows.reduce((sum, r) => sum + r.commitmentUsd, 0)).toBeCloseTo(summary.total.commitmentUsd, -1);
  });

  it('converts a EUR commitment at the annual average when no monthly rate exists, and says so', async () => {
    const detail = await devfinJson<{
      commitmentUsd: number;
      activity: { transactions: { type: string; value: { amount: string; currency: string; valueDate: string } }[] };
    }>(['activity', '--db', store, 'XI-IATI-EBRD-50756']);
    const commitments = detail.activity.transactions.filter((t) => t.type === '2');
    expect(commitments.map((t) => [t.value.currency, t.value.valueDate.slice(0, 4)])).toEqual([['EUR', '2021']]);
    const expected = Number(commitments[0]?.value.amount) / csvRate('imf_exchangerates_A_ENDA_USD.csv', 'EUR', '2021');
    expect(detail.commitmentUsd).toBe(Math.round(expected));
    const summary = await devfinJson<Summary>(['summary', '--db', store, '--country', 'KZ']);
    expect(summary.notes.join(' ')).toMatch(/converted at an annual average rate/);
  });

  it('converts at the monthly rate of the value date when there is one', async () => {
    // 1029514 (dportal_0.xml) reports in EUR with value dates in 2018-2020, inside the monthly series.
    const detail = await devfinJson<{
      commitmentUsd: number;
      disbursementUsd: number;
      activity: { transactions: { type: string; value: { amount: string; currency: string; valueDate: string } }[] };
    }>(['activity', '--db', store, '1029514']);
    const usd = (type: string) => {
      const ofType = detail.activity.transactions.filter((t) => t.type === type);
      expect(ofType.length).toBeGreaterThan(0);
      for (const t of ofType) expect(t.value.currency).toBe('EUR');
      return ofType.reduce(
        (sum, t) => sum + Number(t.value.amount) / csvRate('imf_monthly_2015_2020.csv', 'EUR', t.value.valueDate.slice(0, 7)),
        0,
      );
    };
    expect(detail.commitmentUsd).toBe(Math.round(usd('2')));
    expect(detail.disbursementUsd).toBe(Math.round(usd('3')));
  });

  it('names sectors and countries from the codelists', async () => {
    const bySector = await devfinJson<Summary>([
      'summary',
      '--db',
      store,
      '--country',
      'KZ',
      '--by',
      'sector',
      '--sector-vocabulary',
      'dac5',
    ]);
    const sectors = JSON.parse(readFileSync(path.join(SHARED_DATA, 'codelists/json/Sector.json'), 'utf8')).data as {
      code: string;
      name: string;
    }[];
    const names = new Map(sectors.map((s) => [s.code, s.name]));
    const named = bySector.rows.filter((r) => names.has(r.key));
    expect(named.length).toBeGreaterThan(5);
    for (const row of named) expect(row.label).toBe(names.get(row.key));
    const byCountry = await devfinJson<Summary>(['summary', '--db', store, '--country', 'KZ', '--country', 'UZ', '--by', 'country']);
    expect(byCountry.rows.find((r) => r.key === 'KZ')?.label).toBe('Kazakhstan');
  });

  it('lists the activities behind the number, and they add up to it', async () => {
    const summary = await devfinJson<Summary>(['summary', '--db', store, '--country', 'KZ', '--status', 'active']);
    const list = await devfinJson<{ id: string; status: string; countries: string[]; commitmentUsd: number }[]>([
      'activities',
      '--db',
      store,
      '--country',
      'KZ',
      '--status',
      'active',
    ]);
    expect(list.length).toBe(summary.total.activities);
    expect(list.every((a) => a.status === 'active' && a.countries.includes('KZ'))).toBe(true);
    // Each activity's USD is rounded on its own, so the sum may differ by a dollar per activity.
    expect(Math.abs(list.reduce((sum, a) => sum + a.commitmentUsd, 0) - summary.total.commitmentUsd)).toBeLessThanOrEqual(list.length);
  });

  it('gives the same rows in CSV as in JSON', async () => {
    const json = await devfinJson<Summary>(['summary', '--db', store, '--country', 'KZ', '--by', 'status']);
    const csv = parse((await runDevfin(['summary', '--db', store, '--country', 'KZ', '--by', 'status', '--csv'])).stdout, {
      columns: true,
    }) as Record<string, string>[];
    expect(
      csv.map((r) => [
        r.key,
        r.label,
        Number(r.Activities),
        Number(r.Active),
        amountOf(r['Commitments (USD)']),
        amountOf(r['Disbursements (USD)']),
      ]),
    ).toEqual(json.rows.map((r) => [r.key, r.label, r.activities, r.active, r.commitmentUsd, r.disbursementUsd]));
    const listJson = await devfinJson<{ id: string; commitmentUsd: number }[]>(['activities', '--db', store, '--country', 'KZ']);
    const listCsv = parse((await runDevfin(['activities', '--db', store, '--country', 'KZ', '--csv'])).stdout, { columns: true }) as Record<
      string,
      string
    >[];
    expect(listCsv.map((r) => [r.id, amountOf(r.commitmentUsd)])).toEqual(listJson.map((r) => [r.id, r.commitmentUsd]));
  });

  it('filters by sector category, approval dates and words in the title', async () => {
    const all = await devfinJson<{ id: string; approvalDate: string | null; title: string }[]>([
      'activities',
      '--db',
      store,
      '--country',
      'KZ',
    ]);
    const since2020 = await devfinJson<{ id: string; approvalDate: string }[]>([
      'activities',
      '--db',
      store,
      '--country',
      'KZ',
      '--from',
      '2020-01-01',
    ]);
    expect(since2020.map((a) => a.id).sort()).toEqual(
      all
        .filter((a) => a.approvalDate && a.approvalDate >= '2020-01-01')
        .map((a) => a.id)
        .sort(),
    );
    // --q searches titles and objectives: every title that says COVID is found, and nothing outside KZ.
    const covid = (await devfinJson<{ id: string }[]>(['activities', '--db', store, '--country', 'KZ', '--q', 'covid'])).map((a) => a.id);
    const titled = all.filter((a) => /covid/i.test(a.title ?? '')).map((a) => a.id);
    expect(titled.length).toBeGreaterThan(0);
    expect(covid).toEqual(expect.arrayContaining(titled));
    expect(all.map((a) => a.id)).toEqual(expect.arrayContaining(covid));
    // 151: Government and civil society, general; the 3-digit category takes in its 5-digit codes.
    const governance = await devfinJson<Summary>(['summary', '--db', store, '--country', 'KZ', '--sector', '151']);
    const bySector = await devfinJson<Summary>([
      'summary',
      '--db',
      store,
      '--country',
      'KZ',
      '--by',
      'sector',
      '--sector-vocabulary',
      'dac5',
    ]);
    const expected = bySector.rows.filter((r) => r.key.startsWith('151')).reduce((sum, r) => sum + r.activities, 0);
    expect(governance.total.activities).toBeGreaterThan(0);
    expect(governance.total.activities).toBeLessThanOrEqual(expected);
    expect(governance.total.activities).toBeLessThan(94);
  });

  it('explains bad options with the option name and exit code 2', async () => {
    const bad = await runDevfin(['summary', '--db', store, '--status', 'finished']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--status.*finished.*pipeline, active, closed, dropped, suspended/s);
    const badCountry = await runDevfin(['summary', '--db', store, '--country', 'Kazakhstan']);
    expect(badCountry.code).toBe(2);
    expect(badCountry.stderr).toMatch(/--country.*ISO 3166-1 alpha-2/s);
  });
});

/** A CSV amount: an empty cell is an amount that no record reports (null in JSON), not 0. */
function amountOf(cell: string | undefined): number | null {
  return cell === undefined || cell === '' ? null : Number(cell);
}
