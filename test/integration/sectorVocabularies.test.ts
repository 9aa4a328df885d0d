// Sector breakdowns in one vocabulary at a time, World Bank themes apart from sectors, and one row
// per organisation by financier, on the real shared data (the World Bank export, USAID's and the
// World Bank's IATI files), with figures computed here from the files with a CSV parser.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { devfinJson, runDevfin, temporaryDir } from '../support/cli.js';
import { SHARED_DATA } from '../support/sharedData.js';

const WORLDBANK = path.join(SHARED_DATA, 'worldbank');
const dir = temporaryDir();
const store = path.join(dir, 'store.sqlite');

interface Row {
  key: string;
  label: string;
  activities: number;
  commitmentUsd: number;
  disbursementUsd: number;
  behind: Record<string, string> | null;
}
interface Summary {
  total: { activities: number; commitmentUsd: number; disbursementUsd: number };
  rows: Row[];
  vocabulary?: { key: string; name: string; chosen: string; withoutSector: number };
  notes: string[];
}

const csv = (file: string) => parse(readFileSync(path.join(WORLDBANK, file)), { columns: true }) as Record<string, string>[];
const projects = csv('projects.csv');
const sectorRows = csv('project_sectors.csv');
const themeRows = csv('project_themes.csv');
const financierRows = csv('project_financiers.csv');
const FY_PREFIX = /^FY\d{2} - /;

let warnings = '';
beforeAll(async () => {
  const imported = await runDevfin([
    'import',
    '--db',
    store,
    '--verbose',
    path.join(WORLDBANK, 'projects.csv'),
    path.join(SHARED_DATA, 'iati/usaid-carec'),
    path.join(SHARED_DATA, 'iati/ifi'),
  ]);
  expect(imported.code, imported.stderr).toBe(0);
  warnings = imported.stderr;
  const codelists = await runDevfin([
    'codelists',
    'update',
    '--db',
    store,
    '--from',
    ...['Sector', 'SectorCategory', 'Country'].map((l) => path.join(SHARED_DATA, `codelists/json/${l}.json`)),
  ]);
  expect(codelists.code, codelists.stderr).toBe(0);
}, 300_000);

const summary = (...args: string[]) => devfinJson<Summary>(['summary', '--db', store, ...args]);

describe('sector breakdowns in one vocabulary', () => {
  it('World Bank names: the fiscal-year prefixes merged, one "Rural and Inter-Urban Roads" row for Kazakhstan', async () => {
    const kz = await summary('--country', 'KZ', '--by', 'sector', '--sector-vocabulary', 'worldbank');
    expect(kz.vocabulary).toMatchObject({ key: 'worldbank', chosen: 'asked' });
    for (const row of kz.rows) {
      expect(row.key).not.toMatch(FY_PREFIX);
      expect(row.label).not.toMatch(FY_PREFIX);
    }
    const roads = kz.rows.filter((r) => r.key.endsWith('Rural and Inter-Urban Roads'));
    expect(roads.map((r) => r.key)).toEqual(['Rural and Inter-Urban Roads']);
    // Kazakhstan's projects that are not dropped and list the sector under either name.
    const kazakh = new Set(projects.filter((p) => p.countryshortname === 'Kazakhstan' && p.status !== 'Dropped').map((p) => p.id));
    const withRoads = new Set(
      sectorRows
        .filter((s) => kazakh.has(s.project_id ?? '') && s.sector?.replace(FY_PREFIX, '') === 'Rural and Inter-Urban Roads')
        .map((s) => s.project_id),
    );
    expect(withRoads.size).toBeGreaterThanOrEqual(2);
    expect(roads[0]?.activities).toBe(withRoads.size);
    // Every project is in a row: the sector rows and "no sector in this vocabulary" add up to the total.
    const noSector = kz.rows.find((r) => r.key === 'none');
    const withSector = new Set(sectorRows.filter((s) => kazakh.has(s.project_id ?? '')).map((s) => s.project_id));
    expect(noSector?.label).toBe('no sector in this vocabulary');
    expect(noSector?.activities).toBe(kz.total.activities - withSector.size);
    expect(kz.vocabulary?.withoutSector).toBe(noSector?.activities);
    expect(noSector?.behind).toBeNull();
    const sum = (field: 'commitmentUsd' | 'disbursementUsd') => kz.rows.reduce((s, r) => s + r[field], 0);
    expect(Math.abs(sum('commitmentUsd') - kz.total.commitmentUsd)).toBeLessThan(kz.rows.length);
    expect(Math.abs(sum('disbursementUsd') - kz.total.disbursementUsd)).toBeLessThan(kz.rows.length);
  });

  it('no row of any vocabulary names a sector with a fiscal-year prefix, and themes are never sectors', async () => {
    const sectorNames = new Set(sectorRows.map((s) => (s.sector ?? '').replace(FY_PREFIX, '')));
    const themesOnly = new Set(
      themeRows
        .map((t) => (t.level_1 ?? '').replace(FY_PREFIX, ''))
        .filter((name) => name && !name.startsWith('>') && !sectorNames.has(name)),
    );
    expect(themesOnly).toContain('Human Development and Gender');
    for (const vocabulary of ['worldbank', 'dac3', 'dac5']) {
      const all = await summary('--by', 'sector', '--include-dropped', '--sector-vocabulary', vocabulary);
      expect(all.rows.length).toBeGreaterThan(10);
      for (const row of all.rows) {
        expect(row.key).not.toMatch(FY_PREFIX);
        expect(themesOnly.has(row.key), `${vocabulary}: ${row.key}`).toBe(false);
      }
    }
    const db = new Database(store, { readonly: true });
    try {
      const vocabularies = db.prepare('select distinct vocabulary from activity_sector order by vocabulary').pluck().all();
      expect(vocabularies).toEqual(['dac3', 'dac5', 'worldbank']);
    } finally {
      db.close();
    }
  });

  it('DAC 3-digit rows are the DAC 5-digit rows rolled up to their categories', async () => {
    const inVocabulary = (v: string) => summary('--by', 'sector', '--include-dropped', '--sector-vocabulary', v, '--financier', 'US-GOV-1');
    const [dac5, dac3] = await Promise.all([inVocabulary('dac5'), inVocabulary('dac3')]);
    expect(dac3.total).toEqual(dac5.total);
    const categories = new Map<string, number>();
    for (const row of dac5.rows) {
      const category = row.key === 'none' ? 'none' : row.key.slice(0, 3);
      categories.set(category, (categories.get(category) ?? 0) + row.commitmentUsd);
    }
    expect(dac3.rows.length).toBeGreaterThan(5);
    for (const row of dac3.rows) {
      if (row.key !== 'none') expect(row.key).toMatch(/^\d{3}$/);
      expect(Math.abs(row.commitmentUsd - (categories.get(row.key) ?? 0)), row.key).toBeLessThanOrEqual(dac5.rows.length);
    }
    // A category row's projects are those its filter finds.
    const governance = dac3.rows.find((r) => r.key === '151');
    const behind = await summary('--include-dropped', '--financier', 'US-GOV-1', '--sector', governance?.behind?.sector ?? '');
    expect(behind.total.activities).toBe(governance?.activities);
  });

  it('by default, the vocabulary that covers the most of the commitments, and the text says which', async () => {
    // Kazakhstan: the World Bank's commitments are most of the money; USAID's projects have DAC codes.
    const kz = await summary('--country', 'KZ', '--by', 'sector');
    expect(kz.vocabulary).toMatchObject({ key: 'worldbank', chosen: 'default', name: 'World Bank sectors' });
    // USAID's own projects in Kazakhstan have DAC codes and no World Bank sectors.
    const usaid = await summary('--financier', 'US-GOV-1', '--country', 'KZ', '--by', 'sector');
    expect(usaid.vocabulary).toMatchObject({ key: 'dac3', chosen: 'default' });
    // The default leaves the least money in "no sector in this vocabulary" (commitments, then projects).
    for (const filter of [
      ['--country', 'KZ'],
      ['--financier', 'US-GOV-1', '--country', 'KZ'],
      ['--financier', 'USAID'],
      ['--q', 'health'],
    ]) {
      const chosen = await summary(...filter, '--by', 'sector');
      const unsectored = async (vocabulary: string) =>
        (await summary(...filter, '--by', 'sector', '--sector-vocabulary', vocabulary)).rows.find((r) => r.key === 'none') ?? {
          commitmentUsd: 0,
          activities: 0,
        };
      const [mine, other] = await Promise.all([
        unsectored(chosen.vocabulary?.key ?? ''),
        unsectored(chosen.vocabulary?.key === 'dac3' ? 'worldbank' : 'dac3'),
      ]);
      expect(mine.commitmentUsd, filter.join(' ')).toBeLessThanOrEqual(other.commitmentUsd);
    }
    const text = await runDevfin(['summary', '--db', store, '--country', 'KZ', '--by', 'sector', '--sector-vocabulary', 'dac3']);
    expect(text.code, text.stderr).toBe(0);
    const withoutSector = (await summary('--country', 'KZ', '--by', 'sector', '--sector-vocabulary', 'dac3')).vocabulary?.withoutSector;
    expect(withoutSector).toBeGreaterThan(0);
    expect(text.stdout).toContain(
      `Sector vocabulary: DAC 3-digit sector categories (dac3, as asked). ${withoutSector} projects have no sector in this vocabulary.`,
    );
    expect(text.stdout).toMatch(/│ no sector in this vocabulary +│/);
  });

  it('an unknown vocabulary is refused, naming the choices', async () => {
    const result = await runDevfin(['summary', '--db', store, '--by', 'sector', '--sector-vocabulary', 'isic']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('dac5, dac3, worldbank');
  });
});

describe('shares per project and vocabulary', () => {
  it('add up to 1 for every project and vocabulary', () => {
    const db = new Database(store, { readonly: true });
    try {
      const sums = db
        .prepare('select activity_id as id, vocabulary, sum(share) as total from activity_sector group by activity_id, vocabulary')
        .all() as { id: string; vocabulary: string; total: number }[];
      expect(sums.length).toBeGreaterThan(20_000);
      const off = sums.filter((s) => Math.abs(s.total - 1) > 1e-9);
      expect(off).toEqual([]);
      expect(sums.filter((s) => s.id === 'P176012').map((s) => s.vocabulary)).toEqual(['worldbank']);
    } finally {
      db.close();
    }
  });

  it('P176012: its sectors add up to 100% and its themes are kept apart', async () => {
    const detail = await devfinJson<{
      activity: { sectors: { code: string; vocabulary: string; percentage: number }[]; themes: { name: string; percentage: number }[] };
      sectorShares: { vocabulary: string; code: string; share: number }[];
    }>(['activity', '--db', store, 'P176012']);
    expect(detail.activity.sectors.map((s) => [s.vocabulary, s.percentage])).toEqual([
      ['99', 7],
      ['99', 93],
    ]);
    expect(detail.activity.themes.map((t) => [t.name, t.percentage])).toEqual([
      ['FY17 - Environment and Natural Resource Management', 5],
      ['FY17 - Human Development and Gender', 100],
      ['FY17 - Social Development and Protection', 7],
    ]);
    expect(detail.sectorShares).toEqual([
      { vocabulary: 'worldbank', code: 'Public Administration - Health', share: 0.07 },
      { vocabulary: 'worldbank', code: 'Health', share: 0.93 },
    ]);
  });

  it('a project whose percentages add up to more than 100 is rescaled, with a warning naming it', async () => {
    // P173716 lists each of its sectors twice in the export: 200% in all.
    const listed = sectorRows.filter((s) => s.project_id === 'P173716');
    expect(listed.reduce((sum, s) => sum + Number(s.sector_percent), 0)).toBe(200);
    expect(warnings).toContain('P173716: sector percentages (World Bank sectors) add up to 200%; shares rescaled to 100%');
    const detail = await devfinJson<{ sectorShares: { share: number }[]; notes: string[] }>(['activity', '--db', store, 'P173716']);
    expect(detail.sectorShares.reduce((sum, s) => sum + s.share, 0)).toBeCloseTo(1, 12);
    expect(detail.notes).toContain('P173716: sector percentages (World Bank sectors) add up to 200%; shares rescaled to 100%.');
  });
});

describe('one row per organisation by financier', () => {
  it('USAID is one row, under the name it reports itself with, with the World Bank projects it co-finances', async () => {
    const all = await summary('--by', 'financier', '--include-dropped');
    // USAID under any name: "Agency for International Development" of the United States (not Australia's AusAID).
    const usaidRows = all.rows.filter(
      (r) =>
        /\busaid\b/i.test(r.key) ||
        (/agency for international development/i.test(r.key) && /(^|\W)(u\.s\.|us|united states)(\W|$)/i.test(r.key)),
    );
    expect(usaidRows.map((r) => r.key)).toEqual(['U.S. Agency for International Development']);
    // The World Bank's financiers table names USAID its own way; those projects count under the one row.
    const coFinanced = new Set(
      financierRows
        .filter((f) => f.name === 'US: Agency for International Development (USAID)' && Number(f.amount_usd) > 0)
        .map((f) => f.project_id),
    );
    expect(coFinanced.size).toBeGreaterThan(50);
    const listed = await devfinJson<{ id: string; financiers: string[] }[]>([
      'activities',
      '--db',
      store,
      '--include-dropped',
      '--financier',
      'USAID',
      '--limit',
      '10000',
    ]);
    const ids = new Set(listed.map((a) => a.id));
    for (const id of coFinanced) expect(ids.has(id ?? ''), id).toBe(true);
    expect(usaidRows[0]?.activities).toBe(listed.length);
    expect(listed.some((a) => a.id.startsWith('US-GOV-1-'))).toBe(true);
    const named = await summary('--include-dropped', '--financier', 'US: Agency for International Development (USAID)');
    expect(named.total.activities).toBe(listed.length);
  });

  it('no organisation ref is stored under two names', () => {
    const db = new Database(store, { readonly: true });
    try {
      const refs = db
        .prepare(
          `select financier_ref as ref, group_concat(distinct financier) as names from
             (select financier_ref, financier from activity_financier union select financier_ref, financier from money_flow)
           where financier_ref is not null group by financier_ref having count(distinct financier) > 1`,
        )
        .all();
      expect(refs).toEqual([]);
    } finally {
      db.close();
    }
  });
});
