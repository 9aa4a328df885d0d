// The World Bank export through the devfin command: the figures the issue computed independently
// from ../shared/data/worldbank, the XLSX form of the export, and one project seen in two sources.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { devfinJson, runDevfin, temporaryDir } from '../support/cli.js';
import { SHARED_DATA } from '../support/sharedData.js';
import { snapshotStore } from '../support/storeSnapshot.js';

const WORLDBANK = path.join(SHARED_DATA, 'worldbank');
const dir = temporaryDir();
const store = path.join(dir, 'store.sqlite');

interface Summary {
  total: { activities: number; active: number; commitmentUsd: number; disbursementUsd: number };
  rows: { key: string; activities: number; active: number; commitmentUsd: number }[];
}
type Item = {
  id: string;
  status: string;
  approvalDate: string;
  financiers: string[];
  commitmentUsd: number;
  disbursementUsd: number;
  countries: string[];
};

/** The export's rows, read here with a CSV parser and no devfin code. */
const projects = parse(readFileSync(path.join(WORLDBANK, 'projects.csv')), { columns: true }) as Record<string, string>[];
const kazakhstan = projects.filter((p) => p.countryshortname === 'Kazakhstan');

beforeAll(async () => {
  const result = await runDevfin(['import', '--db', store, path.join(WORLDBANK, 'projects.csv')]);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stderr).toContain(`${projects.length} added`);
});

describe('the World Bank export of 31 March 2025', () => {
  it('has 105 Kazakhstan projects: 9 active, 55 closed, 41 dropped', async () => {
    const summary = await devfinJson<Summary>([
      'summary',
      '--db',
      store,
      '--financier',
      'World Bank',
      '--country',
      'KZ',
      '--by',
      'status',
      '--include-dropped',
      // The export's own statuses (the status rule's view of the same projects is tested in quotableFigures).
      '--source-status',
    ]);
    expect(summary.total.activities).toBe(105);
    expect(Object.fromEntries(summary.rows.map((r) => [r.key, r.activities]))).toEqual({ active: 9, closed: 55, dropped: 41 });
    expect(kazakhstan.length).toBe(105);
  });

  it('leaves dropped projects out of totals unless asked', async () => {
    const summary = await devfinJson<Summary>(['summary', '--db', store, '--country', 'KZ', '--by', 'status']);
    expect(summary.total.activities).toBe(64);
    expect(summary.rows.map((r) => r.key).sort()).toEqual(['active', 'closed']);
    // Commitments: IBRD + IDA + named co-financing, i.e. the export's current total commitment.
    const expected = kazakhstan.filter((p) => p.status !== 'Dropped').reduce((sum, p) => sum + Number(p.curr_total_commitment || 0), 0);
    expect(summary.total.commitmentUsd).toBe(Math.round(expected));
  });

  it('finds 53 active or closed projects with an IBRD commitment, 11.25 billion USD, approved 1993-08-03 to 2024-11-15', async () => {
    const summary = await devfinJson<Summary>(['summary', '--db', store, '--financier', 'IBRD', '--country', 'KZ']);
    expect(summary.total.activities).toBe(53);
    expect(summary.total.commitmentUsd).toBe(11_254_944_225);
    const list = await devfinJson<Item[]>(['activities', '--db', store, '--financier', 'IBRD', '--country', 'KZ']);
    const dates = list.map((a) => a.approvalDate).sort();
    expect([dates[0], dates.at(-1)]).toEqual(['1993-08-03', '2024-11-15']);
    expect(list.reduce((sum, a) => sum + a.commitmentUsd, 0)).toBe(11_254_944_225);
  });

  it('counts co-financiers once each, with their own amounts', async () => {
    const summary = await devfinJson<Summary>(['summary', '--db', store, '--country', 'KZ']);
    const aiib = summary.rows.find((r) => r.key === 'Asian Infrastructure Investment Bank');
    expect(aiib).toMatchObject({ activities: 1, commitmentUsd: 650_000_000 });
    expect(summary.rows.reduce((sum, r) => sum + r.commitmentUsd, 0)).toBeCloseTo(summary.total.commitmentUsd, -2);
    const onlyAiib = await devfinJson<Summary>([
      'summary',
      '--db',
      store,
      '--country',
      'KZ',
      '--financier',
      'Asian Infrastructure Investment Bank',
    ]);
    expect(onlyAiib.total).toMatchObject({ activities: 1, commitmentUsd: 650_000_000 });
  });

  it('counts pipeline projects as pipeline, never as active', async () => {
    const pipeline = projects.filter((p) => p.status === 'Pipeline');
    const summary = await devfinJson<Summary>(['summary', '--db', store, '--status', 'pipeline']);
    expect(summary.total.activities).toBe(pipeline.length);
    expect(summary.total.active).toBe(0);
  });

  it('shows one project with its financing, sectors and locations', async () => {
    const detail = await devfinJson<{
      activity: Record<string, unknown>;
      financiers: string[];
      commitmentUsd: number;
      records: { id: string }[];
    }>(['activity', '--db', store, 'P179204']);
    const row = projects.find((p) => p.id === 'P179204') as Record<string, string>;
    expect(detail.records.map((r) => r.id)).toEqual(['P179204']);
    expect(detail.activity).toMatchObject({
      id: 'P179204',
      status: 'active',
      approvalDate: '2024-02-22',
      instrument: row.lendinginstr,
      titles: [{ lang: 'en', text: row.project_name }],
      recipientCountries: [{ code: 'KZ', percentage: null }],
    });
    expect(detail.commitmentUsd).toBe(Number(row.curr_ibrd_commitment));
    expect(detail.financiers).toEqual(['World Bank']);
  });

  it('changes nothing when imported again', async () => {
    const before = snapshotStore(store);
    const again = await runDevfin(['import', '--db', store, path.join(WORLDBANK, 'projects.csv')]);
    expect(again.stderr).toContain('these exact bytes were imported before');
    expect(snapshotStore(store)).toEqual(before);
  });
});

describe('one project in two sources', () => {
  it('merges the IATI record 44000-P145054 into the World Bank project P145054 without counting it twice', async () => {
    const before = await devfinJson<Summary>(['summary', '--db', store, '--include-dropped']);
    const result = await runDevfin(['import', '--db', store, path.join(SHARED_DATA, 'iati/ifi/worldbank-679.xml')]);
    expect(result.code).toBe(0);
    const after = await devfinJson<Summary>(['summary', '--db', store, '--include-dropped']);
    // worldbank-679.xml holds 5 World Bank projects, all in the export: no new portfolio entries.
    expect(after.total.activities).toBe(before.total.activities);
    const detail = await devfinJson<{
      activity: { fieldSources: Record<string, string>; title?: string };
      records: { id: string; provenance: { source: string } }[];
      commitmentUsd: number;
      disbursementUsd: number;
    }>(['activity', '--db', store, '44000-P145054']);
    expect(detail.records.map((r) => [r.id, r.provenance.source])).toEqual([
      ['P145054', 'worldbank'],
      ['44000-P145054', 'iati'],
    ]);
    // Commitments come from the export's financing lines, disbursements from the IATI transactions.
    expect(detail.activity.fieldSources.financing).toBe('P145054');
    expect(detail.activity.fieldSources.transactions).toBe('44000-P145054');
    // IBRD + IDA from the export, plus every co-financier of the financiers table (not the Bank's own
    // lines, not the borrower's counterpart funds).
    const row = projects.find((p) => p.id === 'P145054') as Record<string, string>;
    const financiers = parse(readFileSync(path.join(WORLDBANK, 'project_financiers.csv')), { columns: true }) as Record<string, string>[];
    const coFinancing = financiers
      .filter((f) => f.project_id === 'P145054' && !['World Bank Group', 'Local Contributor'].includes(f.project_financial_type ?? ''))
      .reduce((sum, f) => sum + Number(f.amount_usd), 0);
    expect(coFinancing).toBeGreaterThan(0);
    expect(detail.commitmentUsd).toBe(Number(row.curr_ibrd_commitment || 0) + Number(row.idacommamt || 0) + coFinancing);
    expect(detail.disbursementUsd).toBeGreaterThan(0);
  });
});

describe('the XLSX form of the export', () => {
  it('gives the same portfolio as the CSV', async () => {
    // An Excel export with the portal's readable headers and a title row, built from the KZ rows.
    const xlsxDir = temporaryDir();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('World Bank Projects');
    sheet.addRow(['World Bank Projects & Operations']);
    const headers: Record<string, string> = {
      id: 'Project ID',
      regionname: 'Region',
      countryshortname: 'Country',
      status: 'Project Status',
      project_name: 'Project Name',
      pdo: 'Project Development Objective',
      boardapprovaldate: 'Board Approval Date',
      closingdate: 'Project Closing Date',
      curr_ibrd_commitment: 'IBRD Commitment',
      idacommamt: 'IDA Commitment',
      grantamt: 'Grant Amount',
      lendinginstr: 'Lending Instrument',
    };
    sheet.addRow(Object.values(headers));
    for (const p of kazakhstan) {
      sheet.addRow(
        Object.keys(headers).map((key) => {
          const value = p[key] ?? '';
          if (key === 'boardapprovaldate' && value) return new Date(value);
          return /commitment|commamt|grantamt/.test(key) && value ? Number(value) : value;
        }),
      );
    }
    const file = path.join(xlsxDir, 'projects.xlsx');
    await workbook.xlsx.writeFile(file);
    const xlsxStore = path.join(xlsxDir, 'store.sqlite');
    const result = await runDevfin(['import', '--db', xlsxStore, file]);
    expect(result.code, result.stderr).toBe(0);
    const fromXlsx = await devfinJson<Summary>(['summary', '--db', xlsxStore, '--financier', 'IBRD', '--by', 'status']);
    const fromCsv = await devfinJson<Summary>(['summary', '--db', store, '--financier', 'IBRD', '--country', 'KZ', '--by', 'status']);
    expect(fromXlsx).toEqual(fromCsv);
  });
});

describe('bad World Bank exports', () => {
  it('rejects a missing column, a bad amount or a repeated project, naming the line, and stores nothing', async () => {
    const badDir = temporaryDir();
    const first = projects[0] as Record<string, string>;
    const csv = (...rows: Record<string, string>[]) => stringify(rows, { header: true, columns: Object.keys(first) });
    const cases: [string, string, RegExp][] = [
      ['missing.csv', 'id,status\nP1,Active\n', /:1: no header row with the columns id, countryshortname/],
      ['amount.csv', csv(first, { ...first, id: 'P999999', curr_ibrd_commitment: '12abc' }), /:3: value "12abc" is not a number/],
      ['twice.csv', csv(first, first), /:3: project P000001 is listed twice \(first at line 2\)/],
    ];
    for (const [name, content, message] of cases) {
      const folder = path.join(badDir, name.replace('.csv', ''));
      mkdirSync(folder);
      const file = path.join(folder, `projects-${name}`);
      writeFileSync(file, content);
      const badStore = path.join(folder, 'store.sqlite');
      const result = await runDevfin(['import', '--db', badStore, file]);
      // The only file given was refused: nothing imported.
      expect(result.code, name).toBe(3);
      expect(result.stderr).toMatch(message);
      expect(snapshotStore(badStore).activity).toEqual([]);
    }
  });
});
