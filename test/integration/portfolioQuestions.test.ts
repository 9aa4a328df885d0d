// The portfolio questions of issue 4 through the devfin command, on the World Bank export, each
// checked against a count made here from the export's CSV files with no devfin code.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { devfinJson, runDevfin, temporaryDir } from '../support/cli.js';
import { SHARED_DATA } from '../support/sharedData.js';

const WORLDBANK = path.join(SHARED_DATA, 'worldbank');
const csv = (name: string) => parse(readFileSync(path.join(WORLDBANK, name)), { columns: true }) as Record<string, string>[];
const projects = csv('projects.csv');
const store = path.join(temporaryDir(), 'store.sqlite');

interface Row {
  key: string;
  label: string;
  activities: number;
  active: number;
  commitmentUsd: number;
  behind: Record<string, string> | null;
}
interface Summary {
  total: { activities: number; active: number; commitmentUsd: number };
  rows: Row[];
  shared?: { id: string; financiers: string[] }[];
}

const approved = (p: Record<string, string>) => (p.boardapprovaldate ?? '').slice(0, 10);
const kz = projects.filter((p) => p.countryshortname === 'Kazakhstan');
const notDropped = (p: Record<string, string>) => p.status !== 'Dropped';

beforeAll(async () => {
  const result = await runDevfin(['import', '--db', store, path.join(WORLDBANK, 'projects.csv')]);
  expect(result.code, result.stderr).toBe(0);
});

describe('the portfolio as of a date', () => {
  it('counts what was approved by then, and as active what had not closed by then', async () => {
    const asOf = '2015-06-30';
    const then = kz.filter((p) => ['Active', 'Closed'].includes(p.status ?? '') && approved(p) !== '' && approved(p) <= asOf);
    const activeThen = then.filter((p) => !p.closingdate || p.closingdate > asOf);
    const summary = await devfinJson<Summary>(['summary', '--db', store, '--country', 'KZ', '--as-of', asOf, '--by', 'status']);
    expect(summary.total.activities).toBe(then.length);
    expect(summary.total.active).toBe(activeThen.length);
    expect(Object.fromEntries(summary.rows.map((r) => [r.key, r.activities]))).toEqual({
      active: activeThen.length,
      closed: then.length - activeThen.length,
    });
    // The World Bank's commitments are dated at approval: all of them count by then.
    const ibrd = await devfinJson<Summary>(['summary', '--db', store, '--country', 'KZ', '--as-of', asOf, '--financier', 'IBRD']);
    expect(ibrd.total.commitmentUsd).toBe(then.reduce((sum, p) => sum + Number(p.curr_ibrd_commitment || 0), 0));
    const list = await devfinJson<{ id: string; status: string }[]>([
      'activities',
      '--db',
      store,
      '--country',
      'KZ',
      '--as-of',
      asOf,
      '--status',
      'active',
    ]);
    expect(list.map((a) => a.id).sort()).toEqual(activeThen.map((p) => p.id).sort());
  });
});

describe('programmes and frameworks', () => {
  it('lists the shipped definitions', async () => {
    const list = await devfinJson<{ name: string; countries: string[] }[]>(['programmes', 'list']);
    expect(list.find((p) => p.name === 'CAREC')?.countries).toEqual(['AF', 'AZ', 'CN', 'GE', 'KZ', 'KG', 'MN', 'PK', 'TJ', 'TM', 'UZ']);
    expect(list.map((p) => p.name)).toContain('WB-CPF-KZ-2020-2025');
  });

  it('gives the World Bank projects of the Kazakhstan CPF period', async () => {
    const inPeriod = kz.filter((p) => notDropped(p) && approved(p) >= '2019-07-01' && approved(p) <= '2025-06-30');
    const summary = await devfinJson<Summary>(['summary', '--db', store, '--programme', 'WB-CPF-KZ-2020-2025']);
    expect(summary.total.activities).toBe(inPeriod.length);
  });

  it('breaks the CAREC Program down by member country, by the definition’s rules', async () => {
    const members: Record<string, string> = {
      Afghanistan: 'AF',
      Azerbaijan: 'AZ',
      China: 'CN',
      Georgia: 'GE',
      Kazakhstan: 'KZ',
      'Kyrgyz Republic': 'KG',
      Mongolia: 'MN',
      Pakistan: 'PK',
      Tajikistan: 'TJ',
      Turkmenistan: 'TM',
      Uzbekistan: 'UZ',
    };
    const sectorsOf = new Map<string, string[]>();
    for (const s of csv('project_sectors.csv'))
      sectorsOf.set(s.project_id ?? '', [...(sectorsOf.get(s.project_id ?? '') ?? []), (s.sector ?? '').toLowerCase()]);
    const titleWords = ['carec', 'central asia regional economic cooperation', 'corridor'];
    const sectorWords = ['transport', 'roads', 'railways', 'aviation', 'ports', 'energy', 'power', 'transmission', 'trade'];
    const carec = projects.filter(
      (p) =>
        members[p.countryshortname ?? ''] &&
        notDropped(p) &&
        approved(p) >= '2001-01-01' &&
        (titleWords.some((w) => (p.project_name ?? '').toLowerCase().includes(w)) ||
          (sectorsOf.get(p.id ?? '') ?? []).some((s) => sectorWords.some((w) => s.includes(w)))),
    );
    const summary = await devfinJson<Summary>(['summary', '--db', store, '--programme', 'carec', '--by', 'country']);
    expect(summary.total.activities).toBe(carec.length);
    const expected = new Map<string, number>();
    for (const p of carec)
      expected.set(members[p.countryshortname ?? ''] as string, (expected.get(members[p.countryshortname ?? ''] as string) ?? 0) + 1);
    expect(Object.fromEntries(summary.rows.map((r) => [r.key, r.activities]))).toEqual(Object.fromEntries(expected));
  });

  it('names the known programmes when asked for an unknown one', async () => {
    const result = await runDevfin(['summary', '--db', store, '--programme', 'NOPE']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unknown programme "NOPE"; known: CAREC, WB-CPF-KZ-2020-2025');
  });
});

describe('breakdowns and the projects behind each number', () => {
  it('groups by lending instrument', async () => {
    const summary = await devfinJson<Summary>(['summary', '--db', store, '--country', 'KZ', '--by', 'instrument']);
    const expected = new Map<string, number>();
    for (const p of kz.filter(notDropped)) expected.set(p.lendinginstr || 'unknown', (expected.get(p.lendinginstr || 'unknown') ?? 0) + 1);
    expect(Object.fromEntries(summary.rows.map((r) => [r.key, r.activities]))).toEqual(Object.fromEntries(expected));
  });

  it('gives a time series of commitments by the year of each amount', async () => {
    const summary = await devfinJson<Summary>(['summary', '--db', store, '--country', 'KZ', '--by', 'amount-year', '--financier', 'IBRD']);
    const expected = new Map<string, number>();
    for (const p of kz.filter((p) => notDropped(p) && Number(p.curr_ibrd_commitment) > 0)) {
      const year = approved(p).slice(0, 4);
      expected.set(year, (expected.get(year) ?? 0) + Number(p.curr_ibrd_commitment));
    }
    expect(summary.rows.map((r) => r.key)).toEqual([...expected.keys()].sort());
    for (const row of summary.rows) expect(row.commitmentUsd).toBe(expected.get(row.key));
  });

  it('lists, for every row, exactly the projects that make it', async () => {
    // A few rows of each breakdown (each check runs the command twice).
    for (const by of ['status', 'financier', 'year', 'instrument']) {
      const summary = await devfinJson<Summary>(['summary', '--db', store, '--country', 'KZ', '--by', by]);
      for (const row of summary.rows.filter((r) => r.behind).slice(0, 3)) {
        const options = Object.entries(row.behind ?? {}).flatMap(([name, value]) => [`--${name}`, value]);
        const list = await devfinJson<{ commitmentUsd: number }[]>(['activities', '--db', store, '--country', 'KZ', ...options]);
        expect({ by, key: row.key, activities: list.length }).toEqual({ by, key: row.key, activities: row.activities });
      }
    }
  });

  it('says which projects several financiers share', async () => {
    const summary = await devfinJson<Summary>(['summary', '--db', store, '--country', 'KZ']);
    const financiers = csv('project_financiers.csv');
    const coFinanced = new Set(
      financiers
        .filter((f) => !['World Bank Group', 'Local Contributor'].includes(f.project_financial_type ?? '') && Number(f.amount_usd) > 0)
        .map((f) => f.project_id),
    );
    const expected = kz.filter((p) => notDropped(p) && coFinanced.has(p.id)).map((p) => p.id);
    expect(summary.shared?.map((s) => s.id).sort()).toEqual(expected.sort());
  });
});
