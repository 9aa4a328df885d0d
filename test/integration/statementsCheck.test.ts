// devfin statements check on real statements and the real data (the World Bank export, the IATI
// files, the shipped programme definitions): every claim is matched to what it is about and gets a
// verdict with the definition used or the reason there is none. Expected figures come from other
// devfin commands asked the same question, not from the checker itself.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readProgrammes } from '../../src/sources/programmes.js';
import { devfinJson, runDevfin, temporaryDir } from '../support/cli.js';
import { SHARED_DATA } from '../support/sharedData.js';

// World Bank projects only: claims about other financiers find no data.
const store = path.join(temporaryDir(), 'store.sqlite');
// The World Bank export with the IATI files of the international financial institutions and of
// USAID in the CAREC countries: the data CAREC's projects come from.
const fullStore = path.join(temporaryDir(), 'full.sqlite');
const STATEMENTS = path.join(SHARED_DATA, 'statements');

interface Definition {
  label: string;
  window: string;
  statuses: string;
  includesDropped: boolean;
  period: { by: string; from: string; to: string } | null;
  asOf: string;
  figure: number;
  verdict: string;
  default: boolean;
}

interface Check {
  claim: { text: string; measure: string; value: number };
  verdict: string;
  figure: number | null;
  claimed: number | null;
  accepted: { min: number | null; max: number | null } | null;
  definition: string;
  reason?: string;
  finding: string;
  subject: { kind: string; programme?: string; cue?: string; work?: string | null; of?: string[] };
  query: Record<string, unknown>;
  projects: { id: string }[];
  alternatives: { definition: string; figure: number | null; verdict: string }[];
  definitions?: Definition[];
  reproducedBy?: string[];
}

interface Summary {
  total: { activities: number; active: number; commitmentUsd: number };
}

beforeAll(async () => {
  const [worldBank, full] = await Promise.all([
    runDevfin(['import', '--db', store, path.join(SHARED_DATA, 'worldbank/projects.csv')]),
    runDevfin([
      'import',
      '--db',
      fullStore,
      path.join(SHARED_DATA, 'worldbank/projects.csv'),
      path.join(SHARED_DATA, 'iati/ifi'),
      path.join(SHARED_DATA, 'iati/usaid-carec'),
    ]),
  ]);
  expect(worldBank.code, worldBank.stderr).toBe(0);
  expect(full.code, full.stderr).toBe(0);
  const rates = await runDevfin([
    'rates',
    'import',
    '--db',
    fullStore,
    path.join(SHARED_DATA, 'exchangerates/imf_exchangerates_A_ENDA_USD.csv'),
    path.join(SHARED_DATA, 'exchangerates/imf_monthly_2015_2020.csv'),
  ]);
  expect(rates.code, rates.stderr).toBe(0);
}, 300_000);

const summary = (args: string[]) => devfinJson<Summary>(['summary', '--db', fullStore, ...args]);
const ids = async (args: string[]) =>
  new Set((await devfinJson<{ id: string }[]>(['activities', '--db', fullStore, ...args])).map((a) => a.id));

const checkOf = (checks: Check[], text: string) => {
  const found = checks.find((c) => c.claim.text === text);
  if (!found) throw new Error(`no check of "${text}" among ${checks.map((c) => c.claim.text).join(', ')}`);
  return found;
};

describe('devfin statements check: the World Bank and Kazakhstan seed, as of its publication date', () => {
  const asOf = '2023-05-10';
  const wb = ['--financier', 'World Bank', '--country', 'KZ', '--as-of', asOf];
  const past30 = ['--from', '1993-05-10', '--to', asOf];
  let checks: Check[];
  beforeAll(async () => {
    const result = await devfinJson<{ asOf: string; dateAssumed: boolean; checks: Check[] }>([
      'statements',
      'check',
      '--db',
      fullStore,
      '--date',
      asOf,
      path.join(STATEMENTS, 'seed-worldbank-kazakhstan.txt'),
    ]);
    expect(result).toMatchObject({ asOf, dateAssumed: false });
    checks = result.checks;
    expect(checks.map((c) => c.claim.text)).toEqual([
      '48 joint projects',
      'over $8bn',
      'over the past 30 years',
      'six active projects',
      'more than two decades',
      'from 2020 to 2025',
      'Since 2003',
    ]);
  });

  it('"48 joint projects": read as World Bank projects approved in the 30 years, then every natural definition', async () => {
    const check = checkOf(checks, '48 joint projects');
    const plain = await summary([...wb, ...past30]);
    expect(check.subject.kind).toBe('portfolio');
    expect(check.figure).toBe(plain.total.activities);
    expect(check.accepted).toEqual({ min: 48, max: 48 }); // a count is exact
    expect(check.verdict).toBe(plain.total.activities === 48 ? 'supported' : 'contradicted');
    expect(check.projects.length).toBe(Math.min(50, plain.total.activities));
    // The claim's own reading is one of the definitions, counted in memory to the store's figure.
    const own = check.definitions?.find((d) => d.default);
    expect(own).toMatchObject({ figure: plain.total.activities, window: 'World Bank', statuses: 'all', includesDropped: false, asOf });
    // Completed projects only: the count the store gives for closed projects of the same period.
    const closed = await summary([...wb, ...past30, '--status', 'closed']);
    const closedOnly = `World Bank, KZ, approved 1993-05-10..${asOf}, closed only, as of ${asOf}`;
    expect(check.alternatives).toContainEqual({ definition: closedOnly, figure: closed.total.activities, verdict: 'contradicted' });
    expect(closed.total.activities).toBe(52);
    // Which definitions give 48, if any, and the finding says so.
    const giving48 = (check.definitions ?? []).filter((d) => !d.default && d.figure === 48).map((d) => d.label);
    expect(check.reproducedBy).toEqual(giving48);
    expect(check.finding).toMatch(giving48.length > 0 ? /^reproduced by: / : /^no natural definition reproduces it; nearest: /);
    // Nearest first, and no two definitions that count the same projects.
    const distances = (check.definitions ?? []).map((d) => Math.abs(d.figure - 48));
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    // Every dimension is searched: windows, status sets with and without dropped, periods, dates.
    const all = check.definitions ?? [];
    // IBRD alone is listed only where it counts other projects than IBRD and IDA together (in
    // Kazakhstan every IDA-financed project is IBRD-financed too, so the two are one definition).
    const ibrd = await ids(['--financier', 'IBRD', '--country', 'KZ', '--include-dropped']);
    const ida = await ids(['--financier', 'IDA', '--country', 'KZ', '--include-dropped']);
    const idaWithinIbrd = [...ida].every((id) => ibrd.has(id));
    expect(new Set(all.map((d) => d.window))).toEqual(
      new Set(['World Bank', 'World Bank: IBRD and IDA', 'World Bank: IDA', ...(idaWithinIbrd ? [] : ['World Bank: IBRD'])]),
    );
    expect(all.some((d) => d.period?.by === 'closing')).toBe(true);
    expect(all.some((d) => d.asOf !== asOf)).toBe(true);
  });

  it('"over $8bn": supported by the commitments of the same projects', async () => {
    const check = checkOf(checks, 'over $8bn');
    const plain = await summary([...wb, ...past30]);
    expect(check).toMatchObject({ verdict: 'supported', figure: plain.total.commitmentUsd, accepted: { min: 8e9, max: null } });
    expect(check.finding).toMatch(/^supported: projects financed by World Bank, in KZ/);
    // IBRD lending alone also bears it out, in the window's own commitments.
    const ibrd = await summary(['--financier', 'IBRD', '--country', 'KZ', '--as-of', asOf, ...past30]);
    expect(check.definitions).toContainEqual(
      expect.objectContaining({
        window: 'World Bank: IBRD',
        statuses: 'all',
        asOf,
        figure: ibrd.total.commitmentUsd,
        verdict: 'supported',
      }),
    );
  });

  it('"over the past 30 years": the period of the 48 projects and the $8bn, since the first World Bank project', async () => {
    const check = checkOf(checks, 'over the past 30 years');
    expect(check.subject).toEqual({ kind: 'period', of: ['48 joint projects', 'over $8bn'] });
    const projects = await devfinJson<{ approvalDate: string | null }[]>(['activities', '--db', fullStore, ...wb]);
    const first = projects
      .map((p) => p.approvalDate)
      .filter((d): d is string => Boolean(d))
      .sort()[0] as string;
    expect(check.figure).toBe(2023 - Number(first.slice(0, 4)));
    expect(check.verdict).toBe('supported');
    expect(check.finding).toContain(`approved in ${first.slice(0, 4)}`);
  });

  it('"six active projects": active on the statement date, and which definition gives six', async () => {
    const check = checkOf(checks, 'six active projects');
    const active = await summary([...wb, '--status', 'active']);
    expect(check.figure).toBe(active.total.activities);
    expect(check.verdict).toBe(active.total.activities === 6 ? 'supported' : 'contradicted');
    // IBRD and IDA lending (the trust-funded grants left out) active on that day.
    const lending = new Set([
      ...(await ids(['--financier', 'IBRD', '--country', 'KZ', '--as-of', asOf, '--status', 'active'])),
      ...(await ids(['--financier', 'IDA', '--country', 'KZ', '--as-of', asOf, '--status', 'active'])),
    ]);
    expect(lending.size).toBe(6);
    expect(check.reproducedBy).toContain(`World Bank: IBRD and IDA, KZ, approved 1993-05-10..${asOf}, active only, as of ${asOf}`);
    expect(check.finding).toMatch(/^reproduced by: World Bank: IBRD and IDA, KZ, .*active only, as of 2023-05-10: 6/);
  });

  it('"more than two decades": the Joint Economic Research Program is advisory work, not lending', () => {
    const check = checkOf(checks, 'more than two decades');
    expect(check).toMatchObject({
      verdict: 'not_verifiable',
      figure: null,
      subject: { kind: 'non_lending', work: 'Joint Economic Research Program' },
    });
    expect(check.reason).toMatch(/^not verifiable with lending data: .*Joint Economic Research Program/);
    expect(check.reason).toMatch(/Advisory Services and Analytics \(ASA\).*would settle it/);
  });

  it('"from 2020 to 2025": the Country Partnership Framework\'s own period, not a first project', async () => {
    const check = checkOf(checks, 'from 2020 to 2025');
    const framework = (await readProgrammes()).find((p) => p.name === 'WB-CPF-KZ-2020-2025');
    expect(framework?.from && framework.to).toBeTruthy();
    expect(check).toMatchObject({
      verdict: 'supported',
      subject: { kind: 'framework', programme: 'WB-CPF-KZ-2020-2025' },
      figure: Number(framework?.from?.slice(0, 4)),
    });
    expect(check.finding).toContain(`runs from ${framework?.from} to ${framework?.to}`);
    expect(check.finding).not.toMatch(/1993/);
  });

  it('"Since 2003": the World Bank\'s Advisory Services and Analytics, not lending', () => {
    const check = checkOf(checks, 'Since 2003');
    expect(check).toMatchObject({
      verdict: 'not_verifiable',
      subject: { kind: 'non_lending', cue: 'Advisory Services and Analytics (ASA)', work: 'Joint Economic Reform Program' },
    });
    expect(check.reason).toMatch(/^not verifiable with lending data: .*documents\.worldbank\.org/);
  });
});

describe('devfin statements check: the CAREC ministerial seed, as of its own date line', () => {
  let checks: Check[];
  beforeAll(async () => {
    const result = await devfinJson<{ asOf: string; dateAssumed: boolean; checks: Check[] }>([
      'statements',
      'check',
      '--db',
      fullStore,
      path.join(STATEMENTS, 'seed-carec-ministerial.txt'),
    ]);
    // The page's banner line gives the day: " date 2024-11-24 Images | primeminister.kz".
    expect(result).toMatchObject({ asOf: '2024-11-24', dateAssumed: false });
    checks = result.checks;
    expect(checks.map((c) => c.claim.text)).toEqual(['more than 20 years', 'about $51 billion', 'over $9 billion']);
    for (const check of checks) {
      // CAREC is a programme devfin defines, never a financier whose file is missing.
      expect(check.subject).toMatchObject({ kind: 'programme', programme: 'CAREC' });
      expect(check.finding).not.toMatch(/import|IATI activity file/);
    }
  });

  it('"more than 20 years": the programme definition\'s start date', async () => {
    const carec = (await readProgrammes()).find((p) => p.name === 'CAREC');
    const check = checkOf(checks, 'more than 20 years');
    expect(check.figure).toBe(2024 - Number(carec?.from?.slice(0, 4)));
    expect(check.verdict).toBe('supported');
    expect(check.finding).toContain(`runs from ${carec?.from}`);
  });

  it('"about $51 billion" in the region: not verifiable, saying what the loaded CAREC data covers', async () => {
    const check = checkOf(checks, 'about $51 billion');
    const carec = await summary(['--programme', 'CAREC', '--as-of', '2024-11-24']);
    expect(check.figure).toBe(carec.total.commitmentUsd);
    expect(check.verdict).toBe('not_verifiable');
    expect(check.reason).toContain(`the loaded data holds ${carec.total.activities} CAREC projects in its 11 member countries`);
    expect(check.reason).toMatch(/the Asian Development Bank's project data would settle it$/);
  });

  it('"over $9 billion" in Kazakhstan: the programme\'s Kazakh projects fall short of it, and ADB\'s are missing', async () => {
    const check = checkOf(checks, 'over $9 billion');
    const carec = await summary(['--programme', 'CAREC', '--country', 'KZ', '--as-of', '2024-11-24']);
    expect(check.figure).toBe(carec.total.commitmentUsd);
    expect(check.query).toMatchObject({ countries: ['KZ'] });
    // Were the loaded data above $9bn, it would bear out "over" on its own.
    expect(check.verdict).toBe(carec.total.commitmentUsd > 9e9 ? 'supported' : 'not_verifiable');
    expect(check.reason).toContain(`the loaded data holds ${carec.total.activities} CAREC projects in KZ`);
    expect(check.reason).toMatch(/Asian Development Bank's \(none of its CAREC projects are loaded\)/);
  });
});

describe('devfin statements check', () => {
  it('says a claim about a financier with no loaded data is not verifiable, and what would be needed', async () => {
    const result = await devfinJson<{ checks: Check[] }>([
      'statements',
      'check',
      '--db',
      store,
      path.join(STATEMENTS, '06_oreanda-adb-uzbekistan-since-1995.txt'),
    ]);
    const adb = result.checks.filter((c) => /Asian Development Bank/.test(String(c.query.financier)));
    const lending = adb.filter((c) => c.subject.kind === 'portfolio');
    expect(lending.length).toBeGreaterThan(0);
    for (const check of lending) {
      expect(check.verdict).toBe('not_verifiable');
      expect(check.reason).toMatch(/no Asian Development Bank projects are loaded/);
    }
    // "grants worth over USD 32 million to the country as technical assistance": not lending at all.
    expect(checkOf(result.checks, 'over USD 32 million')).toMatchObject({
      verdict: 'not_verifiable',
      subject: { kind: 'non_lending', cue: 'technical assistance' },
      reason: expect.stringMatching(/ADB's technical assistance records/),
    });
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
