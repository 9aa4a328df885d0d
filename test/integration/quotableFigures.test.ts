// Figures that can be quoted (issue 15): "active" has one stated meaning, the status on a day by
// the projects' dates, with the sources' own statuses still available and the differences listed;
// a measure that no record reports is "not reported" (null, "—"), never 0. Checked on the World
// Bank export (which has no disbursements) and USAID's Kazakhstan file, against counts made here
// from the export's CSV with no devfin code.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { devfinJson, runDevfin, temporaryDir } from '../support/cli.js';
import { SHARED_DATA } from '../support/sharedData.js';

const projects = parse(readFileSync(path.join(SHARED_DATA, 'worldbank/projects.csv')), { columns: true }) as Record<string, string>[];
const kz = projects.filter((p) => p.countryshortname === 'Kazakhstan');
const today = new Date().toISOString().slice(0, 10);
const store = path.join(temporaryDir(), 'store.sqlite');

interface Measures {
  activities: number;
  active: number;
  commitmentUsd: number | null;
  disbursementUsd: number | null;
  reporting: { commitment: number; disbursement: number };
}
interface Summary {
  total: Measures;
  rows: (Measures & { key: string })[];
  status: { day: string; rule: string; differing: number; differingProjects: { id: string; sourceStatus: string; status: string }[] };
  notes: string[];
}
interface Item {
  id: string;
  status: string;
  sourceStatus: string;
  commitmentUsd: number | null;
  disbursementUsd: number | null;
}

beforeAll(async () => {
  const imported = await runDevfin([
    'import',
    '--db',
    store,
    path.join(SHARED_DATA, 'worldbank/projects.csv'),
    path.join(SHARED_DATA, 'iati/usaid-carec/usaid-kz.xml'),
  ]);
  expect(imported.code, imported.stderr).toBe(0);
});

describe('one meaning for "active"', () => {
  // The export says Active for projects whose closing date has passed: by the rule they are closed.
  const publishedActive = kz.filter((p) => p.status === 'Active');
  const activeToday = publishedActive.filter((p) => !p.closingdate || p.closingdate > today);
  const stale = publishedActive.filter((p) => p.closingdate && p.closingdate <= today);
  /** The World Bank's Kazakhstan projects, asked with more options. */
  const worldBankKz = (command: string, ...options: string[]) => [
    command,
    '--db',
    store,
    '--financier',
    'World Bank',
    '--country',
    'KZ',
    ...options,
  ];

  it('has projects the export still publishes as active after their closing date', () => {
    // The export is as of 31 March 2025; those it lists as active and closing before then are stale already.
    expect(stale.length).toBeGreaterThan(0);
  });

  it('counts as active today only the projects whose closing date has not passed, and says so', async () => {
    const summary = await devfinJson<Summary>(worldBankKz('summary', '--by', 'status'));
    expect(summary.status.day).toBe(today);
    expect(summary.status.rule).toBe('dates');
    expect(summary.total.active).toBe(activeToday.length);
    expect(summary.status.differing).toBe(stale.length);
    expect(summary.status.differingProjects.map((d) => d.id).sort()).toEqual(stale.map((p) => p.id).sort());
    for (const d of summary.status.differingProjects) expect([d.sourceStatus, d.status]).toEqual(['active', 'closed']);
    expect(summary.notes.join('\n')).toMatch(/status rule.*differ.*--status-differs/);
  });

  it('keeps the source status available, and lists the projects where the two differ', async () => {
    const published = await devfinJson<Summary>(worldBankKz('summary', '--by', 'status', '--source-status'));
    expect(published.total.active).toBe(publishedActive.length);
    expect(published.status.rule).toBe('source');
    const differing = await devfinJson<Item[]>(worldBankKz('activities', '--status-differs'));
    expect(differing.map((a) => a.id).sort()).toEqual(stale.map((p) => p.id).sort());
    for (const item of differing) expect([item.sourceStatus, item.status]).toEqual(['active', 'closed']);
  });

  it('shows one project with both statuses', async () => {
    const project = stale[0] as Record<string, string>;
    const detail = await devfinJson<{ status: { day: string; status: string; sourceStatus: string; closingDate: string } }>([
      'activity',
      '--db',
      store,
      project.id as string,
    ]);
    expect(detail.status).toMatchObject({ day: today, status: 'closed', sourceStatus: 'active', closingDate: project.closingdate });
    const text = await runDevfin(['activity', '--db', store, project.id as string]);
    expect(text.stdout).toMatch(new RegExp(`status: +closed on ${today}; the source says active`));
  });
});

describe('unknown money is not zero', () => {
  it('gives null, not 0, for disbursements the World Bank export does not report, and says how many report', async () => {
    const summary = await devfinJson<Summary>(['summary', '--db', store, '--country', 'KZ']);
    const worldBank = summary.rows.find((r) => r.key === 'World Bank');
    const usaid = summary.rows.find((r) => r.key === 'U.S. Agency for International Development');
    expect(worldBank?.disbursementUsd).toBeNull();
    expect(worldBank?.reporting.disbursement).toBe(0);
    expect(worldBank?.commitmentUsd).toBeGreaterThan(0);
    expect(usaid?.disbursementUsd).not.toBeNull();
    // The total covers only the projects that report disbursements, and says how many those are.
    expect(summary.total.reporting.disbursement).toBeGreaterThan(0);
    expect(summary.total.reporting.disbursement).toBeLessThan(summary.total.activities);
    expect(summary.notes.join('\n')).toContain(
      `Disbursements: reported by ${summary.total.reporting.disbursement} of ${summary.total.activities} activities`,
    );
    const onlyWorldBank = await devfinJson<Summary>(['summary', '--db', store, '--country', 'KZ', '--financier', 'World Bank']);
    expect(onlyWorldBank.total.disbursementUsd).toBeNull();
    expect(onlyWorldBank.notes.join('\n')).toMatch(/Disbursements: not reported by any of the \d+ activities/);
  });

  it('prints "—" for a measure that is not reported, in tables, and an empty cell in CSV', async () => {
    const table = await runDevfin(['summary', '--db', store, '--country', 'KZ', '--financier', 'World Bank']);
    const worldBankLine = table.stdout.split('\n').find((line) => line.includes('World Bank'));
    expect(worldBankLine).toMatch(/│ +— │$/);
    const list = await devfinJson<Item[]>(['activities', '--db', store, '--country', 'KZ', '--financier', 'World Bank']);
    expect(list.length).toBe(kz.filter((p) => p.status !== 'Dropped').length);
    expect(list.every((a) => a.disbursementUsd === null)).toBe(true);
    const csv = parse((await runDevfin(['activities', '--db', store, '--country', 'KZ', '--financier', 'World Bank', '--csv'])).stdout, {
      columns: true,
    }) as Record<string, string>[];
    expect(csv.every((r) => r.disbursementUsd === '')).toBe(true);
  });
});
