// HTTP load benchmark (npm run bench:http).
//
// Builds a store from the real data in ../shared/data (codelists, IMF rates, the World Bank export,
// USAID's Central Asia files, d-portal's COVID-19 set and the IFI files), exactly as a user would
// with `devfin import`, starts the real `devfin serve` in a child process, and loads it with
// autocannon from this process: BENCH_CONNECTIONS connections (default 50) for BENCH_DURATION
// seconds (default 20) on each target in turn, after an unmeasured warm-up of up to 3 s. The first target is a baseline in the same run, so
// figures taken on a busy machine can still be compared:
//   /api                     a constant JSON answer: the HTTP stack and logging alone
//   /api/status              five counts from the store
//   /api/summary?country=KZ  the country summary by financier (the target)
//   /api/summary?country=KZ&by=status
// Prints requests/s, p50 and p99 latency, errors and non-2xx answers for each, the 1-minute load average at its end, and the server's
// own p50 and p99 time per request from its JSON log (from the app receiving the request to its answer,
// the wait in the store's queue included: see src/api/turns.ts). Errors and non-2xx answers must be 0: the run
// exits 1 otherwise. BENCH_STORE=path uses an existing store instead of building one (e.g. the
// million-activity store of bench:query), or builds it there when there is none; BENCH_CHILD=tsx runs the server from src/ via tsx
// instead of the built dist/.
//
// BENCH_LARGE=1: the large store of issue 16 instead, the same data plus a file of BENCH_LARGE_MB
// (default 300) MB of real IATI activities replicated under fresh ids (bench/support/bigFile.ts,
// kept in bench/.data and reused), some 60,000 activities in all. Its targets:
//   summary, cached          /api/summary?country=KZ, the same question each time (answerCache.ts)
//   summary, uncached        the same with a different to=YYYY-MM-DD each time (a day after every
//                            approval date: the figures of every dated activity, in a question the
//                            server has not answered yet)
//   activities, cached and uncached, the same way
//   summary, cached and uncached, while 3 exports run: three clients download /api/activities.xlsx?limit=10000
//                            one after another for the whole run (the server is started with
//                            DEVFIN_EXPORT_CONCURRENCY=3 so that all three are written)
// Target: >= 2,000 req/s for the summary, p99 < 100 ms, 0 errors.
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { ensureBigFile } from './support/bigFile.js';
import { activityFiles } from './support/corpus.js';
import { type BenchServer, runDevfin, startServer, stopServer } from './support/server.js';
import { envNumber, fixed, int, MB } from './support/stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA = process.env.BENCH_DATA_DIR ?? join(ROOT, '../shared/data');
const CONNECTIONS = Math.round(envNumber('BENCH_CONNECTIONS', 50));
const DURATION = envNumber('BENCH_DURATION', 20);
const WARM_UP = Math.min(3, DURATION / 4);
const LARGE = process.env.BENCH_LARGE === '1';
const LARGE_MB = envNumber('BENCH_LARGE_MB', 300);
const EXPORTS_DURING = 3;

interface Target {
  label: string;
  /** The path and query asked; with `vary`, the path asked first and the prefix of every variant. */
  path: string;
  /** A fresh query each time: the answer cache never has it. */
  vary?: () => string;
  /** Heavy exports downloaded, one after another by each of this many clients, during the run. */
  exports?: number;
}

/** A day after every approval date in the data, different from one request to the next (about 25,000 of them). */
function laterDay(): string {
  const day = new Date(Date.UTC(2030, 0, 1) + Math.floor(Math.random() * 25_000) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

const SMALL_TARGETS: Target[] = ['/api', '/api/status', '/api/summary?country=KZ', '/api/summary?country=KZ&by=status'].map((path) => ({
  label: path,
  path,
}));
const LARGE_TARGETS: Target[] = [
  { label: '/api (baseline)', path: '/api' },
  { label: 'summary KZ, cached', path: '/api/summary?country=KZ' },
  { label: 'summary KZ, uncached', path: '/api/summary?country=KZ&to=', vary: () => `/api/summary?country=KZ&to=${laterDay()}` },
  { label: 'activities KZ, cached', path: '/api/activities?country=KZ' },
  { label: 'activities KZ, uncached', path: '/api/activities?country=KZ&to=', vary: () => `/api/activities?country=KZ&to=${laterDay()}` },
  { label: `summary KZ, cached, ${EXPORTS_DURING} xlsx exports`, path: '/api/summary?country=KZ', exports: EXPORTS_DURING },
  {
    label: `summary KZ, uncached, ${EXPORTS_DURING} xlsx exports`,
    path: '/api/summary?country=KZ&to=',
    vary: () => `/api/summary?country=KZ&to=${laterDay()}`,
    exports: EXPORTS_DURING,
  },
];
/** BENCH_TARGETS=exports: only the targets whose label holds that text (the baseline always runs). */
const TARGETS = (LARGE ? LARGE_TARGETS : SMALL_TARGETS).filter(
  (t, i) => i === 0 || !process.env.BENCH_TARGETS || t.label.includes(process.env.BENCH_TARGETS),
);
const EXPORT_PATH = '/api/activities.xlsx?limit=10000';

/** The `devfin` command as a user runs it: the built bin, or src/ through tsx. */
/** A devfin command on a test store, to its end. */
function devfin(args: string[]): Promise<void> {
  const [command, prefix] = devfinCommand();
  return runDevfin([command, ...prefix], args).done;
}

function devfinCommand(): [string, string[]] {
  if (process.env.BENCH_CHILD === 'tsx') return [process.execPath, ['--import', 'tsx', join(ROOT, 'bench/support/devfinCli.ts')]];
  const bin = join(ROOT, 'bin/devfin.js');
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('dist/ is missing: run npm run build first (or BENCH_CHILD=tsx)');
  return [process.execPath, [bin]];
}

async function buildStore(path: string): Promise<void> {
  const codelists = join(DATA, 'codelists/json');
  const rates = join(DATA, 'exchangerates');
  const steps: [string, string[]][] = [
    ['codelists', ['codelists', 'update', '--from', ...readdirSync(codelists).map((f) => join(codelists, f))]],
    ['exchange rates', ['rates', 'import', join(rates, 'imf_monthly_2015_2020.csv'), join(rates, 'imf_exchangerates_A_ENDA_USD.csv')]],
    [
      'activities',
      [
        'import',
        join(DATA, 'worldbank/projects.csv'),
        ...['usaid-carec', 'dportal-covid19-2021', 'ifi'].map((folder) => join(DATA, 'iati', folder)),
      ],
    ],
  ];
  if (LARGE) {
    const sources = (await activityFiles()).map((f) => f.path);
    const big = await ensureBigFile(join(ROOT, 'bench/.data'), LARGE_MB, sources);
    process.stderr.write(`store: ${big.generated ? 'wrote' : 'reusing'} ${big.path} (${fixed(big.bytes / MB, 1)} MB)\n`);
    steps.push(['replicated activities', ['import', big.path]]);
  }
  for (const [what, args] of steps) {
    const start = performance.now();
    await devfin([...args, '--db', path]);
    process.stderr.write(`store: ${what} loaded in ${fixed((performance.now() - start) / 1000, 1)} s\n`);
  }
}

interface Row {
  target: string;
  /** Exports downloaded whole during the run, and exports refused (503). */
  exported?: number;
  refused?: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  requests: number;
  serverP50: number;
  serverP99: number;
  /** The 1-minute load average at the end of the run: the machine is shared, so figures are read beside it. */
  load: number;
}

/** The server's own time per request for one target, from its log lines written during the load. */
function serverTimes(logFile: string, target: Target, since: number): number[] {
  const [path, query = ''] = target.path.split('?');
  const wanted = query ? `?${query}` : '';
  return readFileSync(logFile, 'utf8')
    .split('\n')
    .slice(since)
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { path?: string; query?: string; ms?: number })
    .filter(
      (e) => e.path === path && (target.vary ? (e.query ?? '').startsWith(wanted) : (e.query ?? '') === wanted) && typeof e.ms === 'number',
    )
    .map((e) => e.ms as number);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number);
}

const logLines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).length;

/** Clients that each download the export again and again until `stop` says so; how many ended whole, how many were refused. */
function exportClients(server: BenchServer, clients: number): { stop(): Promise<{ exported: number; refused: number }> } {
  let running = true;
  let exported = 0;
  let refused = 0;
  const loops = Array.from({ length: clients }, async () => {
    while (running) {
      const response = await fetch(`${server.url}${EXPORT_PATH}`);
      await response.arrayBuffer();
      if (response.status === 200) exported++;
      else if (response.status === 503) refused++;
      else throw new Error(`${EXPORT_PATH}: HTTP ${response.status}`);
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return { exported, refused };
    },
  };
}

async function load(server: BenchServer & { logFile: string }, target: Target): Promise<Row> {
  const first = target.vary ? target.vary() : target.path;
  const response = await fetch(`${server.url}${first}`);
  if (!response.ok) throw new Error(`${first}: HTTP ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
  const options = {
    url: `${server.url}${target.path}`,
    connections: CONNECTIONS,
    ...(target.vary ? { requests: [{ setupRequest: (request: object) => ({ ...request, path: target.vary?.() }) }] } : {}),
  };
  // An unmeasured warm-up under the same load: JIT, SQLite's page cache, the portfolio's reference cache.
  await autocannon({ ...options, duration: WARM_UP });
  const exports = target.exports ? exportClients(server, target.exports) : null;
  const since = logLines(server.logFile);
  const result = await autocannon({ ...options, duration: DURATION });
  const exported = await exports?.stop();
  const times = serverTimes(server.logFile, target, since);
  return {
    target: target.label,
    ...exported,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    requests: result.requests.total,
    serverP50: percentile(times, 0.5),
    serverP99: percentile(times, 0.99),
    load: loadavg()[0] ?? Number.NaN,
  };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'devfin-bench-http-'));
  let server: (BenchServer & { logFile: string }) | undefined;
  try {
    const store = process.env.BENCH_STORE ?? join(dir, 'bench.sqlite');
    // A BENCH_STORE that does not exist yet is built there, and kept for the next run.
    if (!existsSync(store)) await buildStore(store);
    // Its JSON log goes to a file, so reading it costs this process nothing during the load.
    const logFile = join(dir, 'server.log');
    const log = openSync(logFile, 'w');
    const [command, prefix] = devfinCommand();
    const started = startServer([command, ...prefix], store, {
      stderr: log,
      env: LARGE ? { DEVFIN_EXPORT_CONCURRENCY: String(EXPORTS_DURING) } : {},
      logName: logFile,
    });
    closeSync(log);
    server = { ...(await started), logFile };
    const status = (await (await fetch(`${server.url}/api/status`)).json()) as { activities: number; exchangeRates: number; codes: number };
    process.stderr.write(
      `server: ${server.url}, store of ${int(status.activities)} activities, ${int(status.exchangeRates)} rates, ${int(status.codes)} codes\n` +
        `load: ${CONNECTIONS} connections, ${DURATION} s per target\n`,
    );
    const rows: Row[] = [];
    for (const target of TARGETS) {
      process.stderr.write(`loading ${target.label} ...\n`);
      rows.push(await load(server, target));
    }
    const baseline = rows[0] as Row;
    const header = [
      'target',
      'req/s',
      'vs /api',
      'p50 ms',
      'p99 ms',
      'server p50',
      'server p99',
      'requests',
      'errors',
      'timeouts',
      'non-2xx',
      'load',
    ];
    const lines = rows.map((r) => [
      r.target,
      int(r.requestsPerSecond),
      r === baseline ? '1' : fixed(r.requestsPerSecond / baseline.requestsPerSecond, 3),
      fixed(r.p50, 0),
      fixed(r.p99, 0),
      fixed(r.serverP50, 1),
      fixed(r.serverP99, 1),
      int(r.requests),
      String(r.errors),
      String(r.timeouts),
      String(r.non2xx),
      fixed(r.load, 1),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
    const format = (cells: string[]) =>
      cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
    process.stdout.write(`${[format(header), ...lines.map(format)].join('\n')}\n`);
    for (const r of rows)
      if (r.exported !== undefined)
        process.stdout.write(`${r.target}: ${r.exported} exports written whole, ${r.refused} refused (503) during the run\n`);
    const failed = rows.filter((r) => r.errors > 0 || r.non2xx > 0);
    process.stdout.write(
      failed.length === 0
        ? 'errors and non-2xx answers: 0 (PASS)\n'
        : `errors or non-2xx answers on ${failed.map((r) => r.target).join(', ')} (FAIL)\n`,
    );
    if (failed.length > 0) process.exitCode = 1;
  } finally {
    await stopServer(server);
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
