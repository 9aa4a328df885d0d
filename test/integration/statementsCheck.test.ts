// devfin statements check on real statements and the real World Bank export: every figure gets a
// verdict computed from the portfolio, with the definition, the projects behind and alternatives.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { devfinJson, runDevfin, temporaryDir } from '../support/cli.js';
import { SHARED_DATA } from '../support/sharedData.js';

const store = path.join(temporaryDir(), 'store.sqlite');
const STATEMENTS = path.join(SHARED_DATA, 'statements');

interface Check {
  claim: { text: string; measure: string; value: number };
  verdict: string;
  figure: number | null;
  claimed: number | null;
  accepted: { min: number | null; max: number | null } | null;
  definition: string;
  reason?: string;
  query: Record<string, unknown>;
  projects: { id: string }[];
  alternatives: { definition: string; figure: number | null; verdict: string }[];
}

beforeAll(async () => {
  const result = await runDevfin(['import', '--db', store, path.join(SHARED_DATA, 'worldbank/projects.csv')]);
  expect(result.code, result.stderr).toBe(0);
});

describe('devfin statements check', () => {
  it('checks the founding statement against the World Bank data as of the date given', async () => {
    const result = await devfinJson<{ asOf: string; dateAssumed: boolean; checks: Check[] }>([
      'statements',
      'check',
      '--db',
      store,
      '--date',
      '2023-05-10',
      path.join(STATEMENTS, 'seed-worldbank-kazakhstan.txt'),
    ]);
    expect(result).toMatchObject({ asOf: '2023-05-10', dateAssumed: false });
    const count = result.checks.find((c) => c.claim.text.includes('48'));
    expect(count).toBeDefined();
    // The figure is the summary of the same question, so the CLI gives it too.
    const summary = await devfinJson<{ total: { activities: number } }>([
      'summary',
      '--db',
      store,
      '--financier',
      'World Bank',
      '--country',
      'KZ',
      '--as-of',
      '2023-05-10',
      '--from',
      '1993-05-10',
      '--to',
      '2023-05-10',
    ]);
    expect(count?.figure).toBe(summary.total.activities);
    expect(count?.verdict).toBe(summary.total.activities === 48 ? 'supported' : 'contradicted');
    expect(count?.accepted).toEqual({ min: 48, max: 48 }); // a count is exact
    expect(count?.projects.length).toBe(Math.min(50, summary.total.activities));
    expect(count?.alternatives.map((a) => a.definition)).toContain('the same, including dropped projects');
    const amount = result.checks.find((c) => c.claim.measure === 'amount');
    expect(amount?.verdict).toBe('supported'); // "over $8bn": the data gives more than 8 billion
    expect(amount?.figure).toBeGreaterThan(8e9);
    expect(amount?.accepted).toEqual({ min: 8e9, max: null });
  });

  it('says a claim about a financier with no loaded data is not verifiable, and what would be needed', async () => {
    const result = await devfinJson<{ checks: Check[] }>([
      'statements',
      'check',
      '--db',
      store,
      path.join(STATEMENTS, '06_oreanda-adb-uzbekistan-since-1995.txt'),
    ]);
    const adb = result.checks.filter((c) => /Asian Development Bank/.test(String(c.query.financier)));
    expect(adb.length).toBeGreaterThan(0);
    for (const check of adb) {
      expect(check.verdict).toBe('not_verifiable');
      expect(check.reason).toMatch(/no Asian Development Bank projects are loaded/);
    }
  });

  it('checks an undated statement as of today and says so', async () => {
    const dir = temporaryDir();
    const { writeFileSync } = await import('node:fs');
    const file = path.join(dir, 'release.txt');
    writeFileSync(file, 'The World Bank has financed more than 100 projects in Kazakhstan since 1992.\n');
    const result = await runDevfin(['statements', 'check', '--db', store, file]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/the statement gives no date: checked as of today/);
    expect(result.stdout).toMatch(/"more than 100 projects"\s+→\s+(SUPPORTED|CONTRADICTED)/);
  });
});
