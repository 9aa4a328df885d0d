// The banks' own project lists (ADB's CSV, EBRD's CSV, AIIB's data file) through the devfin
// command: recognised by their content, merged with the same banks' IATI activities, synced from
// a local server, and every hostile input rejected whole with the store left as it was.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { devfinJson, runDevfin, temporaryDir } from '../support/cli.js';
import { startRecordedServer } from '../support/recordedServer.js';
import { REPO_ROOT, SHARED_DATA } from '../support/sharedData.js';
import { snapshotStore } from '../support/storeSnapshot.js';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures');
const ADB_LIST = path.join(FIXTURES, 'adb/adb-sovereign-projects.csv');
/** The D-Portal page with ADB's two IATI loan activities of project 54188-001 (Kazakhstan). */
const ADB_IATI = path.join(SHARED_DATA, 'iati/dportal-covid19-2021/dportal_6.xml');

interface Summary {
  total: { activities: number; active: number; commitmentUsd: number | null; disbursementUsd: number | null };
  rows: { key: string; label: string; activities: number; commitmentUsd: number | null }[];
}

interface Detail {
  activity: { id: string; status: string; approvalDate: string | null; recipientCountries: { code: string }[] };
  records: { id: string; provenance: { source: string } }[];
  commitmentUsd: number | null;
  disbursementUsd: number | null;
}

const dir = temporaryDir();

describe('ADB: the sovereign projects CSV and ADB IATI, one project from both', () => {
  const store = path.join(dir, 'adb.sqlite');
  let imported: { stderr: string; code: number };

  beforeAll(async () => {
    imported = await runDevfin(['import', '--db', store, ADB_LIST]);
  });

  it('recognises the list by its header (not by its name) and reads each row', async () => {
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain('7 added');
    const list = await devfinJson<{ id: string; status: string; approvalDate: string; financiers: string[]; countries: string[] }[]>([
      'activities',
      '--db',
      store,
      '--include-dropped',
    ]);
    expect(list.map((a) => a.id).sort()).toEqual(
      ['47290-001', '48118-003', '49035-002', '51101-001', '52110-001', '53303-001', '54188-001'].sort(),
    );
    const byId = new Map(list.map((a) => [a.id, a]));
    expect(byId.get('54188-001')).toMatchObject({
      approvalDate: '2020-08-25',
      financiers: ['Asian Development Bank'],
      countries: ['KZ'],
      commitmentUsd: 1_000_000_000,
    });
    expect(byId.get('48118-003')?.status).toBe('pipeline');
    expect(byId.get('49035-002')?.status).toBe('dropped');
    // "Regional" is no country.
    expect(byId.get('53303-001')?.countries).toEqual([]);
  });

  it('shows the nonsovereign amount in local currency labelled US$ as a warning, without --verbose, and does not count it', async () => {
    expect(imported.stderr).toMatch(
      /warning: .*adb-sovereign-projects\.csv:11: 51101-001: ADB Financing in US\$ 36,540,000,000\.00 for a nonsovereign loan .* local currency labelled US\$; not counted/,
    );
    const detail = await devfinJson<Detail & { activity: { extra: Record<string, string> } }>(['activity', '--db', store, '51101-001']);
    expect(detail.commitmentUsd).toBeNull();
    expect(detail.activity.extra.financingAsPublished).toBe('36,540,000,000.00');
  });

  it('merges the list with ADB IATI: 54188-001 and its two loan activities are one project, counted once', async () => {
    const before = await devfinJson<Summary>(['summary', '--db', store, '--country', 'KZ']);
    expect((await runDevfin(['import', '--db', store, ADB_IATI])).code).toBe(0);
    const detail = await devfinJson<Detail>(['activity', '--db', store, '54188-001']);
    expect(detail.records.map((r) => [r.provenance.source, r.id])).toEqual([
      ['adb', '54188-001'],
      ['iati', '46004-54188-001-LN3940'],
      ['iati', '46004-54188-001-LN3941'],
    ]);
    // The list's commitment (not the two loans' commitment transactions as well), and the loans' disbursements.
    expect(detail.commitmentUsd).toBe(1_000_000_000);
    const loanDisbursements = disbursementsIn(readFileSync(ADB_IATI, 'utf8'), /46004-54188-001-LN394[01]/);
    expect(detail.disbursementUsd).toBe(Math.round(loanDisbursements));
    // The IATI name for the same project resolves to it.
    expect((await devfinJson<Detail>(['activity', '--db', store, '46004-54188-001-LN3940'])).activity.id).toBe('54188-001');

    const after = await devfinJson<Summary>(['summary', '--db', store, '--country', 'KZ']);
    expect(after.total.activities).toBe(before.total.activities);
    expect(after.total.commitmentUsd).toBe(before.total.commitmentUsd);
  });

  it('rejects hostile lists whole, naming file and line, and leaves the store as it was', async () => {
    const good = readFileSync(ADB_LIST, 'utf8');
    const header = good.slice(0, good.indexOf('"54188-001"'));
    const cases: HostileCase[] = [
      // A download cut off inside a quoted field.
      { name: 'truncated.csv', content: good.slice(0, good.indexOf('Energy Storage')), message: /:\d+: malformed CSV: .*[Qq]uote/ },
      // Cut off between fields of a row.
      {
        name: 'cut-row.csv',
        content: good.slice(0, good.indexOf(',"Nonsovereign Loan"')),
        message: /:11: 6 fields where the header has 8/,
      },
      {
        name: 'windows-1252.csv',
        content: Buffer.concat([
          Buffer.from(header, 'utf8'),
          Buffer.from('"54188-001","Caf', 'utf8'),
          Buffer.from([0xe9]),
          Buffer.from('","Kazakhstan","25 Aug 2020","Active","Finance","Loan","1.00"\r\n', 'utf8'),
        ]),
        message: /:7: not valid UTF-8 \(byte 0xe9\)/,
      },
      {
        name: 'huge.csv',
        content: `${header}"54188-001","X","Kazakhstan","25 Aug 2020","Active","Finance","Loan","9,000,000,000,000,000,000"\r\n`,
        message: /:7: ADB Financing in US\$: .* absurdly large/,
      },
      {
        name: 'not-a-number.csv',
        content: `${header}"54188-001","X","Kazakhstan","25 Aug 2020","Active","Finance","Loan","1bn"\r\n`,
        message: /:7: ADB Financing in US\$: "1bn" is not an amount/,
      },
      {
        name: 'duplicate.csv',
        content: `${header}"54188-001","X","Kazakhstan","25 Aug 2020","Active","Finance","Loan","1"\r\n"54188-001","X","Kazakhstan","25 Aug 2020","Active","Finance","Loan","1"\r\n`,
        message: /:8: project 54188-001 is listed twice \(first at line 7\)/,
      },
      // A header cut short is no ADB list: the file is read as IATI, and rejected as not XML.
      { name: 'header-only.csv', content: '"Project Number","Project Name"\r\n', message: null },
      { name: 'empty.csv', content: '', message: /the file is empty/ },
    ];
    await expectEachRejectedWhole(store, cases);
  });
});

describe('EBRD: the Project Summary Documents list, in euros, one project with EBRD IATI', () => {
  const store = path.join(dir, 'ebrd.sqlite');
  const EBRD_LIST = path.join(FIXTURES, 'ebrd/ebrd-psd-list.csv');
  const EBRD_IATI = path.join(SHARED_DATA, 'iati/dportal-covid19-2021/dportal_71.xml');
  const RATES = path.join(SHARED_DATA, 'exchangerates');

  beforeAll(async () => {
    const rates = await runDevfin(['rates', 'import', '--db', store, path.join(RATES, 'imf_monthly_2015_2020.csv')]);
    expect(rates.code, rates.stderr).toBe(0);
  });

  it('reads quoted fields with commas and converts the euros at the rate of the value date', async () => {
    const result = await runDevfin(['import', '--db', store, EBRD_LIST]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('6 added');
    const corridor = await devfinJson<Detail & { activity: { titles: { text: string }[] } }>(['activity', '--db', store, '54120']);
    expect(corridor.activity.titles[0]?.text).toBe('CAREC Corridor Trade Logistics Framework, Phase 1');
    expect(corridor.activity.recipientCountries.map((c) => c.code)).toEqual(['KZ', 'UZ']);
    expect(corridor.activity.status).toBe('pipeline');
    expect(corridor.commitmentUsd).toBeNull();
    // EUR 15,000,000 published on 19 Jun 2020: converted at the IMF rate of June 2020.
    const kmf = await devfinJson<Detail>(['activity', '--db', store, '50756']);
    const eurPerUsd = monthlyRate(path.join(RATES, 'imf_monthly_2015_2020.csv'), 'EUR', '2020-06');
    expect(kmf.commitmentUsd).toBe(Math.round(15_000_000 / eurPerUsd));
    expect((await devfinJson<Detail>(['activity', '--db', store, '49812'])).activity.status).toBe('dropped');
  });

  it('merges the list with EBRD IATI: XI-IATI-EBRD-50756 is one project, its commitment counted once', async () => {
    const before = await devfinJson<Summary>(['summary', '--db', store, '--country', 'KZ', '--include-dropped']);
    expect((await runDevfin(['import', '--db', store, EBRD_IATI])).code).toBe(0);
    const kmf = await devfinJson<Detail>(['activity', '--db', store, '50756']);
    expect(kmf.records.map((r) => [r.provenance.source, r.id])).toEqual([
      ['ebrd', 'XI-IATI-EBRD-50756'],
      ['iati', 'XI-IATI-EBRD-50756'],
    ]);
    const eurPerUsd = monthlyRate(path.join(RATES, 'imf_monthly_2015_2020.csv'), 'EUR', '2020-06');
    expect(kmf.commitmentUsd).toBe(Math.round(15_000_000 / eurPerUsd));
    const after = await devfinJson<Summary>(['summary', '--db', store, '--country', 'KZ', '--include-dropped']);
    // dportal_71 holds 3 EBRD activities in Kazakhstan, all three in the list already.
    expect(after.total.activities).toBe(before.total.activities);
  });

  it('rejects hostile lists whole, naming file and line, and leaves the store as it was', async () => {
    const good = readFileSync(EBRD_LIST, 'utf8');
    const header = good.slice(0, good.indexOf('"50756"'));
    await expectEachRejectedWhole(store, [
      { name: 'ebrd-truncated.csv', content: good.slice(0, good.indexOf('Jalal-Abad')), message: /malformed CSV: .*[Qq]uote/ },
      {
        name: 'ebrd-latin1.csv',
        content: Buffer.concat([
          Buffer.from(`${header}"50756","T`),
          Buffer.from([0xfc]),
          Buffer.from('rk","Kazakhstan","x","Signed","19 Jun 2020",""\n'),
        ]),
        message: /:2: not valid UTF-8 \(byte 0xfc\)/,
      },
      {
        name: 'ebrd-huge.csv',
        content: `${header}"50756","T","Kazakhstan","x","Signed","19 Jun 2020","1e300"\n`,
        message: /:2: EBRD Finance \(EUR\): "1e300" is not an amount/,
      },
      {
        name: 'ebrd-absurd.csv',
        content: `${header}"50756","T","Kazakhstan","x","Signed","19 Jun 2020","EUR 900 billion billion"\n`,
        message: /:2: EBRD Finance \(EUR\): /,
      },
      {
        name: 'ebrd-dollars.csv',
        content: `${header}"50756","T","Kazakhstan","x","Signed","19 Jun 2020","USD 15 million"\n`,
        message: /:2: EBRD Finance \(EUR\): "USD 15 million" is not in euros/,
      },
      {
        name: 'ebrd-bad-id.csv',
        content: `${header}"KZ-50756","T","Kazakhstan","x","Signed","19 Jun 2020",""\n`,
        message: /:2: Project ID "KZ-50756" is not an EBRD project number/,
      },
    ]);
  });
});

describe('AIIB: the project list data file, read as data and never run', () => {
  const store = path.join(dir, 'aiib.sqlite');
  const AIIB_LIST = path.join(FIXTURES, 'aiib/aiib-projects-data.js');

  it('reads every entry: dates with full-width commas, amounts in words, a proposed project without either', async () => {
    const result = await runDevfin(['import', '--db', store, AIIB_LIST]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('6 added');
    const list = await devfinJson<
      { id: string; status: string; approvalDate: string | null; countries: string[]; commitmentUsd: number | null }[]
    >(['activities', '--db', store, '--include-dropped']);
    const byId = new Map(list.map((a) => [a.id, a]));
    expect(byId.get('AIIB-Uzbekistan-Power-Transmission-Network-Modernization-Program')).toMatchObject({
      approvalDate: '2024-12-12',
      status: 'active',
      countries: ['UZ'],
      commitmentUsd: 125_000_000,
    });
    expect(byId.get('AIIB-Uzbekistan-Bukhara-Region-Water-Supply-and-Sanitation-Phase-2')?.commitmentUsd).toBe(385_500_000);
    expect(byId.get('AIIB-Kazakhstan-Almaty-Ring-Road-Connectivity')).toMatchObject({
      status: 'pipeline',
      approvalDate: null,
      commitmentUsd: null,
    });
    const uz = await devfinJson<Summary>([
      'summary',
      '--db',
      store,
      '--country',
      'UZ',
      '--financier',
      'Asian Infrastructure Investment Bank',
    ]);
    expect(uz.total).toMatchObject({ activities: 3, commitmentUsd: 560_500_000 });
  });

  it('rejects code, truncated files, other encodings and absurd amounts whole, and never runs the file', async () => {
    const good = readFileSync(AIIB_LIST, 'utf8');
    const trap = await startRecordedServer({});
    try {
      await expectEachRejectedWhole(store, [
        {
          name: 'aiib-truncated.js',
          content: good.slice(0, good.indexOf('"Multicountry"')),
          message: /:6: not a data literal .*invalid end of input/,
        },
        {
          name: 'aiib-call.js',
          content: `var data=[{"date":"June 27，2025","name":fetch("${trap.url}/ran"),"approved_funding":"USD 1 million"},];\n`,
          message: /:1: not a data literal \(the file is read, never run\): invalid character/,
        },
        {
          name: 'aiib-second-statement.js',
          content: `var data=[{"name":"X","approved_funding":"USD 1 million"}];\nnew Image().src="${trap.url}/ran";\n`,
          // The literal ends at the first ';': what follows is code, and code is refused.
          message: /:1: not a data literal .*invalid character ';'/,
        },
        {
          name: 'aiib-latin1.js',
          content: Buffer.concat([
            Buffer.from('var data=[\n{"name":"Tashkent Ring Road","economy":"Uzbekistan","sector":"Transport'),
            Buffer.from([0xb7]),
            Buffer.from('"},];\n'),
          ]),
          message: /:2: not valid UTF-8 \(byte 0xb7\)/,
        },
        {
          name: 'aiib-huge.js',
          content: 'var data=[\n{"name":"X","economy":"Uzbekistan","approved_funding":"USD 9000000000 billion"},\n];\n',
          message: /:2: approved_funding: "USD 9000000000 billion" is absurdly large/,
        },
        {
          name: 'aiib-not-words.js',
          content: 'var data=[\n{"name":"X","economy":"Uzbekistan","approved_funding":"a lot"},\n];\n',
          message: /:2: approved_funding: "a lot" is not an amount with its currency/,
        },
      ]);
      expect(trap.requests).toEqual([]);
    } finally {
      await trap.close();
    }
  });
});

describe('every bank of the region from its own data, each project once', () => {
  const store = path.join(dir, 'all.sqlite');
  beforeAll(async () => {
    const rates = await runDevfin(['rates', 'import', '--db', store, path.join(SHARED_DATA, 'exchangerates/imf_monthly_2015_2020.csv')]);
    expect(rates.code, rates.stderr).toBe(0);
    const files = [
      path.join(SHARED_DATA, 'worldbank/projects.csv'),
      ADB_LIST,
      ADB_IATI,
      path.join(FIXTURES, 'ebrd/ebrd-psd-list.csv'),
      path.join(SHARED_DATA, 'iati/dportal-covid19-2021/dportal_71.xml'),
      path.join(FIXTURES, 'aiib/aiib-projects-data.js'),
      path.join(FIXTURES, 'isdb/dportal-isdb.xml'),
    ];
    const result = await runDevfin(['import', '--db', store, ...files]);
    expect(result.code, result.stderr).toBe(0);
  }, 120_000);

  it('summarises Kazakhstan by financier with ADB, EBRD, AIIB, IsDB and the World Bank, co-financing counted once', async () => {
    const summary = await devfinJson<Summary & { shared: { id: string; financiers: string[] }[] }>([
      'summary',
      '--db',
      store,
      '--country',
      'KZ',
    ]);
    const rows = new Map(summary.rows.map((r) => [r.key, r]));
    for (const bank of [
      'World Bank',
      'Asian Development Bank',
      'European Bank for Reconstruction and Development',
      'Asian Infrastructure Investment Bank',
      'Islamic Development Bank',
    ])
      expect(rows.get(bank)?.activities, bank).toBeGreaterThan(0);
    // Every project once: the list behind the total has no id twice, and as many as the total says.
    const list = await devfinJson<{ id: string; commitmentUsd: number | null }[]>([
      'activities',
      '--db',
      store,
      '--country',
      'KZ',
      '--limit',
      '1000',
    ]);
    expect(new Set(list.map((a) => a.id)).size).toBe(list.length);
    expect(list.length).toBe(summary.total.activities);
    // P500565 is a World Bank project that AIIB co-finances (the export's financiers table): in both rows, once in the total.
    expect(summary.shared.find((p) => p.id === 'P500565')?.financiers).toEqual(['Asian Infrastructure Investment Bank', 'World Bank']);
    const byId = new Map(list.map((a) => [a.id, a.commitmentUsd ?? 0]));
    expect(summary.total.commitmentUsd).toBe([...byId.values()].reduce((sum, v) => sum + v, 0));
  });

  it("checks the ADB, EBRD, AIIB and IsDB statements against those banks' loaded projects", async () => {
    const statements = {
      'Asian Development Bank': '06_oreanda-adb-uzbekistan-since-1995',
      'European Bank for Reconstruction and Development': '14_trend-ebrd-kyrgyzstan-irrigation-loans',
      'Asian Infrastructure Investment Bank': '17_qazinform-aiib-uzbekistan-1bn-2025',
      'Islamic Development Bank': '19_inform-isdb-uzbekistan-strategy-2018-2021',
    };
    for (const [bank, name] of Object.entries(statements)) {
      const result = await devfinJson<{ checks: { query: { financier?: string }; verdict: string; reason: string | null }[] }>([
        'statements',
        'check',
        '--db',
        store,
        path.join(SHARED_DATA, 'statements', `${name}.txt`),
      ]);
      const about = result.checks.filter((c) => c.query?.financier === bank);
      expect(about.length, name).toBeGreaterThan(0);
      // Counted from the bank's own records (so given a verdict), not dismissed as data that is not loaded.
      expect(
        about.some((c) => c.verdict !== 'not_verifiable'),
        name,
      ).toBe(true);
      for (const check of about) expect(check.reason ?? '', name).not.toMatch(/no .* projects are loaded|project data would settle it/);
    }
  });
});

describe('devfin sync adb --url', () => {
  it('fetches the list from the given address and imports it like the file', async () => {
    const server = await startRecordedServer({ '/projects/export.csv': ADB_LIST });
    try {
      const store = path.join(temporaryDir(), 'sync.sqlite');
      const result = await devfinJson<{ source: string; counts: { added: number; warnings: number } }[]>([
        'sync',
        'adb',
        '--url',
        `${server.url}/projects/export.csv`,
        '--db',
        store,
      ]);
      expect(result).toMatchObject([{ source: 'adb', counts: { added: 7, warnings: 1 } }]);
      const detail = await devfinJson<Detail>(['activity', '--db', store, '54188-001']);
      expect(detail.records[0]?.provenance.source).toBe('adb');
      // `devfin sync` alone asks the same address again: nothing new.
      const again = await devfinJson<{ counts: { added: number } }[]>(['sync', '--db', store]);
      expect(again).toMatchObject([{ counts: { added: 0 } }]);
    } finally {
      await server.close();
    }
  });

  it('says how to load the list by hand when there is no address or the network is down', async () => {
    const store = path.join(temporaryDir(), 'offline.sqlite');
    const noAddress = await runDevfin(['sync', 'adb', '--db', store], { DEVFIN_ADB_URL: '' });
    expect(noAddress.code).toBe(1);
    expect(noAddress.stderr).toMatch(/give it with --url URL or DEVFIN_ADB_URL, or download it and run `devfin import FILE`/);
    // A port nothing listens on: connection refused, as offline.
    const closed = await startRecordedServer({});
    const url = `${closed.url}/export.csv`;
    await closed.close();
    const offline = await runDevfin(['sync', 'adb', '--url', url, '--db', store]);
    expect(offline.code).toBe(1);
    expect(offline.stderr).toMatch(
      /network error: .*Offline, or the address is wrong\? Download ADB's sovereign projects list .* by hand and run `devfin import FILE`/,
    );
  }, 30_000);
});

interface HostileCase {
  name: string;
  content: string | Buffer;
  /** What the message must say, after the file name and line; null: only that the file was rejected. */
  message: RegExp | null;
}

/** Each file is rejected with its name (and the line), nothing of it is stored, and the store is as it was. */
async function expectEachRejectedWhole(store: string, cases: HostileCase[]): Promise<void> {
  for (const c of cases) {
    const file = path.join(dir, c.name);
    writeFileSync(file, c.content);
    const before = snapshotStore(store);
    const result = await runDevfin(['import', '--db', store, file]);
    // The only file given was refused: nothing imported.
    expect(result.code, c.name).toBe(3);
    expect(result.stderr, c.name).toContain(`rejected ${file}`);
    if (c.message) expect(result.stderr, c.name).toMatch(c.message);
    expect(result.stderr, c.name).toContain('nothing from this file was stored');
    expect(snapshotStore(store), c.name).toEqual(before);
  }
}

/** Units of `currency` per US dollar in the month, read from the IMF CSV without devfin. */
function monthlyRate(file: string, currency: string, month: string): number {
  const row = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.split(','))
    .find((f) => f[2] === currency && f[0]?.startsWith(month) && /\d/.test(f[5] ?? ''));
  if (!row) throw new Error(`no ${currency} rate for ${month}`);
  return Number(row[1]);
}

/** Disbursements (type 3) of the activities whose identifier matches, summed from the XML text. */
function disbursementsIn(xml: string, id: RegExp): number {
  let sum = 0;
  for (const activity of xml.split('<iati-activity ').slice(1)) {
    const identifier = /<iati-identifier>([^<]*)</.exec(activity)?.[1] ?? '';
    if (!id.test(identifier)) continue;
    for (const t of activity.split('<transaction>').slice(1)) {
      if (!/<transaction-type code="3"/.test(t)) continue;
      sum += Number(/<value[^>]*>([^<]+)</.exec(t)?.[1] ?? 0);
    }
  }
  return sum;
}
