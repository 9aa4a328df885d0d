// A first start: `devfin serve` on a fresh store, with no network, loads the snapshot shipped in
// snapshot/ and answers with real CAREC figures; the figures are checked against counts this test
// makes itself from the shipped file and from the World Bank export it was derived from. A second
// start does not load it again, --no-snapshot and a store with data are left alone, the snapshot
// is what `npm run snapshot` makes, and the offline ways of `codelists update` / `rates update` work.
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDevfin, temporaryDir } from '../support/cli.js';
import { fetchOnNewConnection } from '../support/http.js';
import { type RunningServer, startServe } from '../support/serve.js';
import { REPO_ROOT, SHARED_DATA } from '../support/sharedData.js';

const SNAPSHOT = path.join(REPO_ROOT, 'snapshot');
const manifest = JSON.parse(readFileSync(path.join(SNAPSHOT, 'manifest.json'), 'utf8')) as { asOf: string };
const dir = temporaryDir('devfin-first-start-');

type Row = Record<string, string>;
const csvRows = (bytes: Buffer): Row[] => parse(bytes, { columns: true, bom: true }) as Row[];
const shippedProjects = csvRows(gunzipSync(readFileSync(path.join(SNAPSHOT, 'worldbank/projects.csv.gz'))));
const sharedProjects = csvRows(readFileSync(path.join(SHARED_DATA, 'worldbank/projects.csv')));

/** A port on this machine that nothing listens on: taken, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let offline: NodeJS.ProcessEnv = {};

async function getJson<T>(server: RunningServer, urlPath: string): Promise<T> {
  const response = await fetchOnNewConnection(`${server.url}${urlPath}`);
  expect(response.status, urlPath).toBe(200);
  return (await response.json()) as T;
}

interface Status {
  activities: number;
  files: number;
  codes: number;
  exchangeRates: number;
  snapshot: { asOf: string } | null;
  nextSteps: string[];
}
interface Summary {
  total: { activities: number };
  rows: { key: string; activities: number }[];
}

beforeAll(async () => {
  // Every live source points at a closed port: nothing here may need the network.
  const port = await closedPort();
  offline = {
    DEVFIN_WORLDBANK_API_URL: `http://127.0.0.1:${port}/api/v3/projects`,
    DEVFIN_CODELISTS_URL: `http://127.0.0.1:${port}/`,
    DEVFIN_RATES_URL: `http://127.0.0.1:${port}/`,
    DEVFIN_NO_SNAPSHOT: '',
  };
});

describe('devfin serve on a fresh store, offline', () => {
  const store = path.join(dir, 'fresh.sqlite');
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServe(['--db', store], offline);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('says on the console that it loaded the snapshot, and of which day', () => {
    expect(server.output()).toContain('loaded the snapshot of 31 March 2025');
    expect(server.output()).toContain(`${shippedProjects.length.toLocaleString('en-US')} World Bank projects`);
    expect(manifest.asOf).toBe('2025-03-31');
  });

  it('names the snapshot in /api/status and holds every shipped project, codelists and rates', async () => {
    const status = await getJson<Status>(server, '/api/status');
    expect(status.snapshot).toEqual({ asOf: manifest.asOf });
    expect(status.activities).toBe(shippedProjects.length);
    expect(status.codes).toBeGreaterThan(1000);
    expect(status.exchangeRates).toBeGreaterThan(1000);
    expect(status.nextSteps.join('\n')).toContain('devfin sync');
  });

  it('answers /api/summary?country=KZ with the counts of the shipped file, which are those of the full export', async () => {
    const kazakhstan = (rows: Row[]) => rows.filter((r) => r.countryshortname === 'Kazakhstan');
    const counts = (rows: Row[]) => ({
      all: kazakhstan(rows).length,
      dropped: kazakhstan(rows).filter((r) => r.status === 'Dropped').length,
      pipeline: kazakhstan(rows).filter((r) => r.status === 'Pipeline').length,
    });
    const shipped = counts(shippedProjects);
    expect(shipped).toEqual(counts(sharedProjects));
    expect(shipped.all).toBeGreaterThan(shipped.dropped);

    const summary = await getJson<Summary>(server, '/api/summary?country=KZ');
    expect(summary.total.activities).toBe(shipped.all - shipped.dropped);
    const byStatus = await getJson<Summary>(server, '/api/summary?country=KZ&by=status&include-dropped=true');
    expect(byStatus.total.activities).toBe(shipped.all);
    expect(byStatus.rows.find((r) => r.key === 'dropped')?.activities).toBe(shipped.dropped);
  });

  it('gives the records the provenance "snapshot of DATE", not a temporary path', async () => {
    const id = shippedProjects.find((r) => r.countryshortname === 'Kazakhstan')?.id as string;
    const detail = await getJson<{ records: { provenance: { source: string; location: string } }[] }>(server, `/api/activities/${id}`);
    expect(detail.records.map((r) => r.provenance)).toEqual([
      expect.objectContaining({ source: 'worldbank', location: `snapshot of ${manifest.asOf} (worldbank/projects.csv)` }),
    ]);
  });

  it('keeps the regional "Central Asia" projects and no other region', () => {
    const names = new Set(shippedProjects.map((r) => r.countryshortname));
    expect(names.has('Central Asia')).toBe(true);
    expect(names.has('Europe and Central Asia')).toBe(false);
    expect(names.size).toBe(12);
  });

  it('does not load the snapshot again on the next start', async () => {
    await server.stop();
    server = await startServe(['--db', store], offline);
    expect(server.output()).not.toContain('snapshot');
    const status = await getJson<Status>(server, '/api/status');
    expect(status.files).toBe(1);
    expect(status.activities).toBe(shippedProjects.length);
  }, 120_000);

  it('lets devfin sync alone refresh from the World Bank API, and says so when it cannot', async () => {
    const result = await runDevfin(['sync', '--db', store], offline);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('worldbank {"countries":["AF","AZ","CN","GE","KZ","KG","MN","PK","TJ","TM","UZ"]}');
    expect(result.stderr).not.toContain('no sync has been run yet');
  }, 120_000);
});

describe('when the snapshot is not wanted', () => {
  it.each([
    ['--no-snapshot', ['--no-snapshot'], {}],
    ['DEVFIN_NO_SNAPSHOT=1', [], { DEVFIN_NO_SNAPSHOT: '1' }],
  ])(
    'starts empty with %s',
    async (name, args, env) => {
      const server = await startServe(['--db', path.join(dir, `empty-${args.length}.sqlite`), ...args], { ...offline, ...env });
      try {
        const status = await getJson<Status>(server, '/api/status');
        expect(status, name).toMatchObject({ activities: 0, codes: 0, snapshot: null });
      } finally {
        await server.stop();
      }
    },
    120_000,
  );

  it('never loads into a store that holds activities', async () => {
    const store = path.join(dir, 'with-data.sqlite');
    const imported = await runDevfin(['import', '--db', store, path.join(SHARED_DATA, 'iati/usaid-carec/usaid-kz.xml')]);
    expect(imported.code, imported.stderr).toBe(0);
    const before = await runDevfin(['status', '--db', store, '--json']);
    const server = await startServe(['--db', store], offline);
    try {
      const status = await getJson<Status>(server, '/api/status');
      expect(status.snapshot).toBeNull();
      expect(status.activities).toBe((JSON.parse(before.stdout) as Status).activities);
      expect(status.files).toBe(1);
    } finally {
      await server.stop();
    }
  }, 120_000);
});

describe('reference data from folders, and offline', () => {
  it('reads every *.json of a folder with codelists update --from, gzipped ones too', async () => {
    const store = path.join(dir, 'codelists.sqlite');
    const shared = await runDevfin(['codelists', 'update', '--db', store, '--from', path.join(SHARED_DATA, 'codelists/json')]);
    expect(shared.code, shared.stderr).toBe(0);
    const lists = readdirSync(path.join(SHARED_DATA, 'codelists/json')).filter((f) => f.endsWith('.json')).length;
    expect(shared.stderr).toContain(` in ${lists} codelists`);
    const shipped = await runDevfin(['codelists', 'update', '--db', store, '--from', path.join(SNAPSHOT, 'codelists')]);
    expect(shipped.code, shipped.stderr).toBe(0);
    expect(shipped.stderr).toContain(` in ${readdirSync(path.join(SNAPSHOT, 'codelists')).length} codelists`);
  });

  it('reads a folder of rates CSV files with rates update --from, and says what is wrong with a folder without any', async () => {
    const store = path.join(dir, 'rates.sqlite');
    const result = await runDevfin(['rates', 'update', '--db', store, '--from', path.join(SNAPSHOT, 'rates')]);
    expect(result.code, result.stderr).toBe(0);
    const shippedRates = readdirSync(path.join(SNAPSHOT, 'rates')).reduce(
      (sum, file) => sum + csvRows(gunzipSync(readFileSync(path.join(SNAPSHOT, 'rates', file)))).length,
      0,
    );
    expect(result.stderr).toContain(`stored ${shippedRates} exchange rates`);
    const empty = path.join(dir, 'no-rates');
    mkdirSync(empty);
    const none = await runDevfin(['rates', 'update', '--db', store, '--from', empty]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`${empty}: a folder with no *.csv or *.csv.gz files`);
  });

  it.each(['codelists', 'rates'])(
    'ends a failed %s update with the offline way, non-zero',
    async (kind) => {
      const store = path.join(dir, 'fresh.sqlite');
      const result = await runDevfin([kind, 'update', '--db', store], offline);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `could not download the ${kind === 'codelists' ? 'IATI codelists' : 'IMF exchange rates'}: GET http://127.0.0.1:`,
      );
      expect(result.stderr).toContain(`devfin ${kind} update --from FILE-OR-FOLDER`);
      expect(result.stderr).toContain(`shipped with devfin has`);
      expect(result.stderr).toContain(`--from ${path.join(SNAPSHOT, kind)}`);
      // The store started from the snapshot: its codes and rates are there and stay in use.
      expect(result.stderr).toMatch(/the store already holds [\d,]+ (codes|exchange rates) \(it holds the snapshot of 31 March 2025\)/);
    },
    120_000,
  );
});

describe('npm run snapshot', () => {
  it('derives from ../shared/data exactly the files shipped in snapshot/', async () => {
    const out = path.join(dir, 'rebuilt');
    await new Promise<void>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/snapshot.ts'), SHARED_DATA, out],
        { cwd: REPO_ROOT },
        (error) => (error ? reject(error) : resolve()),
      ),
    );
    for (const relative of [
      'manifest.json',
      ...['worldbank', 'codelists', 'rates'].flatMap((d) => readdirSync(path.join(SNAPSHOT, d)).map((f) => `${d}/${f}`)),
    ])
      expect(readFileSync(path.join(out, relative)).equals(readFileSync(path.join(SNAPSHOT, relative))), relative).toBe(true);
    expect(readdirSync(path.join(out, 'worldbank')).sort()).toEqual(readdirSync(path.join(SNAPSHOT, 'worldbank')).sort());
  }, 120_000);
});
