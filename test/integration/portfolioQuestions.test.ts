// The portfolio questions of issue 4 through the devfin command, on the World Bank export, each
// checked against a count made here from the export's CSV files with no devfin code.
import { readFileSync, writeFileSync } from 'node:fs';
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

  // The checks below read the export's own CSV files, with no devfin code, where they can.
  interface Member {
    id: string;
    title: string | null;
    countries: string[];
    evidence: string[];
    parts: string[];
  }
  interface Report {
    figures: { projects: number; commitmentUsd: number };
    members: Member[];
    comparisons: {
      figure: string;
      value: number;
      devfin: number | null;
      difference: number | null;
      explanation: string;
      financier?: string;
    }[];
    warnings: string[];
  }
  const words = (text: string) => ` ${(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ')} `;
  const says = (text: string | null | undefined, phrase: string) => words(text ?? '').includes(words(phrase));
  let carec: Report;
  beforeAll(async () => {
    carec = await devfinJson<Report>(['programmes', 'show', 'CAREC', '--db', store]);
  });

  it('takes CAREC members on evidence, each saying why, the same projects as --programme CAREC', async () => {
    expect(carec.members.length).toBeGreaterThan(100);
    for (const member of carec.members) expect(member.evidence.length, member.id).toBeGreaterThan(0);
    const listed = await devfinJson<{ id: string }[]>(['activities', '--db', store, '--programme', 'CAREC']);
    expect(carec.members.map((m) => m.id).sort()).toEqual(listed.map((a) => a.id).sort());
    expect(carec.figures.projects).toBe(listed.length);
    // Titles that name CAREC are members on that evidence.
    const named = projects.filter((p) => notDropped(p) && approved(p) >= '2001-01-01' && says(p.project_name, 'CAREC'));
    expect(named.length).toBeGreaterThan(0);
    for (const p of named) expect(carec.members.find((m) => m.id === p.id)?.evidence).toContain('its title names CAREC');
  });

  it('takes China in through Xinjiang and Inner Mongolia only: not China Food Safety, nor Beijing or Hubei projects', () => {
    const placesOf = new Map<string, string[]>();
    for (const g of csv('project_geo.csv'))
      placesOf.set(g.project_id ?? '', [...(placesOf.get(g.project_id ?? '') ?? []), g.geo_loc_name ?? '']);
    const china = carec.members.filter((m) => m.countries.includes('CN'));
    expect(china.length).toBeGreaterThan(0);
    for (const member of china) {
      const named = [member.title, ...(placesOf.get(member.id) ?? [])];
      const inRegions = named.some((text) => says(text, 'Xinjiang') || says(text, 'Inner Mongolia'));
      expect(inRegions || says(member.title, 'CAREC'), `${member.id} ${member.title}`).toBe(true);
    }
    const ids = new Set(carec.members.map((m) => m.id));
    expect(ids.has('P162178')).toBe(false);
    const capitalAndHubei = projects.filter((p) => p.countryshortname === 'China' && /\b(beijing|hubei)\b/i.test(p.project_name ?? ''));
    expect(capitalAndHubei.length).toBeGreaterThan(0);
    for (const p of capitalAndHubei) expect(ids.has(p.id ?? ''), `${p.id} ${p.project_name}`).toBe(false);
  });

  it('matches sector names by whole words: every transport, energy or roads project of the other members is in', () => {
    const members: Record<string, string> = {
      Kazakhstan: 'KZ',
      'Kyrgyz Republic': 'KG',
      Uzbekistan: 'UZ',
      Tajikistan: 'TJ',
      Mongolia: 'MN',
    };
    const sectorsOf = new Map<string, string[]>();
    for (const s of csv('project_sectors.csv'))
      sectorsOf.set(s.project_id ?? '', [...(sectorsOf.get(s.project_id ?? '') ?? []), s.sector ?? '']);
    const expected = projects.filter(
      (p) =>
        members[p.countryshortname ?? ''] &&
        notDropped(p) &&
        approved(p) >= '2001-01-01' &&
        (sectorsOf.get(p.id ?? '') ?? []).some((s) => ['transport', 'energy', 'roads'].some((w) => says(s, w))),
    );
    expect(expected.length).toBeGreaterThan(20);
    const ids = new Set(carec.members.map((m) => m.id));
    for (const p of expected) expect(ids.has(p.id ?? ''), p.id).toBe(true);
    // "Trade" alone is no longer a rule: a project whose only link is "Other Industry, Trade and Services" is out.
    const industryOnly = projects.filter(
      (p) =>
        members[p.countryshortname ?? ''] &&
        (sectorsOf.get(p.id ?? '') ?? []).length > 0 &&
        (sectorsOf.get(p.id ?? '') ?? []).every((s) => /Other Industry, Trade and Services/.test(s)) &&
        !says(p.project_name, 'CAREC'),
    );
    expect(industryOnly.length).toBeGreaterThan(0);
    for (const p of industryOnly) expect(ids.has(p.id ?? ''), p.id).toBe(false);
  });

  it("sets the programme's published figures beside devfin's for the same day", async () => {
    const asOf = await devfinJson<Summary>(['summary', '--db', store, '--programme', 'CAREC', '--as-of', '2023-12-31']);
    const projectsFigure = carec.comparisons.find((c) => c.figure === 'projects');
    expect(projectsFigure).toMatchObject({ value: 276, devfin: asOf.total.activities, difference: asOf.total.activities - 276 });
    const total = carec.comparisons.find((c) => c.figure === 'commitmentUsd' && !c.financier && c.devfin !== null);
    expect(total?.devfin).toBe(Math.round(asOf.total.commitmentUsd));
    expect(total?.explanation).toMatch(/cannot include what its sources do not report \(.*the member governments' own financing/);
    const adb = await devfinJson<Summary>([
      'summary',
      '--db',
      store,
      '--programme',
      'CAREC',
      '--as-of',
      '2023-12-31',
      '--financier',
      'Asian Development Bank',
    ]);
    expect(carec.comparisons.find((c) => c.financier === 'Asian Development Bank')?.devfin).toBe(Math.round(adb.total.commitmentUsd));
    expect(carec.comparisons.filter((c) => c.devfin === null)).toHaveLength(2);
    // For people: the published figure and devfin's on one line, with the difference.
    const shown = await runDevfin(['programmes', 'show', 'CAREC', '--db', store]);
    expect(shown.code, shown.stderr).toBe(0);
    const line = shown.stdout.split('\n').find((l) => /│ projects +│/.test(l)) ?? '';
    const fmt = (n: number) => n.toLocaleString('en-US');
    expect(line).toContain('2023-12-31');
    expect(line).toMatch(new RegExp(`276 .*│ +${fmt(asOf.total.activities)} │ +[+]?${fmt(asOf.total.activities - 276)} │`));
    expect(shown.stdout).toContain('USD 51,000,000,000');
    expect(shown.stdout).toContain(`USD ${fmt(Math.round(asOf.total.commitmentUsd))}`);
  });

  it('refuses a definition with a misspelt rule, naming the file and line; warns of a rule that finds nothing', async () => {
    const folder = temporaryDir();
    const file = path.join(folder, 'typo.yaml');
    writeFileSync(file, 'name: TYPO\ncountries: [KZ]\nmatch:\n  titleContain: [road]\n');
    const refused = await runDevfin(['summary', '--db', store, '--programme', 'TYPO'], { DEVFIN_PROGRAMMES: folder });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${file}:4: unknown key "titleContain" in match (did you mean "titleContains"?)`);
    writeFileSync(file, 'name: TYPO\ncountries: [KZ]\nmatch:\n  titleContains: [road]\n  sectors: ["998"]\n');
    const shown = await runDevfin(['programmes', 'show', 'TYPO', '--db', store, '--json'], { DEVFIN_PROGRAMMES: folder });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stderr).toContain(`warning: ${file}:5: match.sectors[0] ("998") finds no member in the store`);
    const typo = JSON.parse(shown.stdout) as Report;
    expect(typo.members.length).toBeGreaterThan(0);
    for (const member of typo.members) expect(member.evidence).toEqual(['its title has the word "road"']);
  });

  it('names the known programmes when asked for an unknown one', async () => {
    const result = await runDevfin(['summary', '--db', store, '--programme', 'NOPE']);
    expect(result.code).toBe(2);
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
