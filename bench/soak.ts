// Soak benchmark (npm run bench:soak): mixed traffic on the real `devfin serve` while an import runs.
//
// Builds a store from the shared data (codelists, IMF rates, USAID's Central Asia files, d-portal's
// COVID-19 set and the IFI files) with `devfin import`, starts `devfin serve` on it, and for
// BENCH_DURATION seconds (default 60) sends BENCH_CONNECTIONS (default 50) connections of mixed
// requests — summaries by country, financier, sector and status, activity lists, project pages and
// CSV exports — while a second process imports the World Bank export (projects.csv and its tables)
// into the same store. Prints requests/s, p50/p99 latency, errors and non-2xx answers (must be 0:
// the run exits 1 otherwise), how long the import took, and the server's resident memory sampled
// every 5 s, with the growth over the second half of the run (a leak shows as a steady climb there;
// the first half includes the caches filling). BENCH_STORE=path serves a copy of an existing store
// instead (then BENCH_IMPORT names the file to import during the run).
import { closeSync, copyFileSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { type BenchServer, runDevfin, startServer, stopServer } from './support/server.js';
import { envNumber, fixed, int, MB } from './support/stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA = process.env.BENCH_DATA_DIR ?? join(ROOT, '../shared/data');
const CONNECTIONS = Math.round(envNumber('BENCH_CONNECTIONS', 50));
const DURATION = envNumber('BENCH_DURATION', 60);
const IMPORTED_DURING = process.env.BENCH_IMPORT ?? join(DATA, 'worldbank/projects.csv');
const BIN = join(ROOT, 'bin/devfin.js');
const devfin = (args: string[]) => runDevfin([process.execPath, BIN], args);

async function buildStore(path: string): Promise<void> {
  const codelists = join(DATA, 'codelists/json');
  const rates = join(DATA, 'exchangerates');
  await devfin(['codelists', 'update', '--db', path, '--from', ...readdirSync(codelists).map((f) => join(codelists, f))]).done;
  await devfin(['rates', 'import', '--db', path, join(rates, 'imf_monthly_2015_2020.csv'), join(rates, 'imf_exchangerates_A_ENDA_USD.csv')])
    .done;
  await devfin(['import', '--db', path, ...['usaid-carec', 'dportal-covid19-2021', 'ifi'].map((folder) => join(DATA, 'iati', folder))])
    .done;
}

/** Resident memory of a process, from /proc (Linux). */
function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) * 1024;
}

/** Least-squares slope of y over x. */
function slope(points: [number, number][]): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'devfin-bench-soak-'));
  let server: BenchServer | undefined;
  try {
    const store = join(dir, 'soak.sqlite');
    if (process.env.BENCH_STORE) copyFileSync(process.env.BENCH_STORE, store);
    else {
      process.stderr.write('building the store ...\n');
      await buildStore(store);
    }
    if (!existsSync(IMPORTED_DURING)) throw new Error(`${IMPORTED_DURING} does not exist (BENCH_IMPORT)`);
    // The server's JSON log (one line a request, and any failure) is kept beside the store: BENCH_LOG names a file to keep it.
    const logFile = process.env.BENCH_LOG ?? join(dir, 'server.log');
    const log = openSync(logFile, 'w');
    const started = startServer([process.execPath, BIN], store, { stderr: log, logName: logFile });
    closeSync(log);
    server = await started;
    const exitedEarly = new Promise<never>((_, reject) =>
      server?.child.once('exit', (code, signal) =>
        reject(new Error(`devfin serve died during the soak (${signal ?? code}); see ${logFile}`)),
      ),
    );
    exitedEarly.catch(() => {}); // a stop at the end is no failure; the race below is what reads it
    const pid = server.child.pid as number;
    const list = (await (await fetch(`${server.url}/api/activities?limit=200`)).json()) as { items?: { id: string }[] } | { id: string }[];
    const ids = (Array.isArray(list) ? list : (list.items ?? [])).map((a) => a.id);
    if (ids.length === 0) throw new Error('the store lists no activities');
    const paths = [
      '/api/summary?by=country',
      '/api/summary?by=financier',
      '/api/summary?by=sector',
      '/api/summary?country=KZ&by=status',
      '/api/activities?limit=50',
      '/api/activities?country=KZ&limit=50&offset=50',
      ...ids.slice(0, 20).map((id) => `/api/activities/${encodeURIComponent(id)}`),
      '/api/activities.csv?country=KZ',
      '/api/summary.csv?by=country',
    ];
    const memory: [number, number][] = [[0, rssBytes(pid)]];
    const start = performance.now();
    const sampler = setInterval(() => memory.push([(performance.now() - start) / 1000, rssBytes(pid)]), 5000);
    const importing = devfin(['import', '--db', store, IMPORTED_DURING]);
    let importSeconds = Number.NaN;
    const imported = importing.done.then(() => {
      importSeconds = (performance.now() - start) / 1000;
    });
    process.stderr.write(`soak: ${CONNECTIONS} connections, ${DURATION} s, ${paths.length} paths in turn; importing ${IMPORTED_DURING}\n`);
    const result = await Promise.race([
      autocannon({
        url: server.url,
        connections: CONNECTIONS,
        duration: DURATION,
        requests: paths.map((path) => ({ method: 'GET', path })),
      }),
      exitedEarly,
    ]);
    clearInterval(sampler);
    memory.push([(performance.now() - start) / 1000, rssBytes(pid)]);
    await imported;
    // A 503 is the export limit refusing a CSV export beyond DEVFIN_EXPORT_CONCURRENCY (with
    // Retry-After), the answer the API documents; any other non-2xx answer is a failure.
    const refused = Object.entries(result.statusCodeStats ?? {})
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, stats]) => [code, stats?.count ?? 0] as const);
    const unexpected = refused.filter(([code]) => code !== '503').reduce((sum, [, n]) => sum + n, 0);
    const secondHalf = memory.filter(([t]) => t >= DURATION / 2);
    const growth = slope(secondHalf) * 60;
    const lines = [
      `requests:     ${int(result.requests.total)} (${int(result.requests.average)}/s)`,
      `latency:      p50 ${fixed(result.latency.p50, 0)} ms, p99 ${fixed(result.latency.p99, 0)} ms, max ${fixed(result.latency.max, 0)} ms`,
      `errors:       ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx${
        refused.length > 0 ? ` (${refused.map(([code, n]) => `${n} x ${code}`).join(', ')})` : ''
      }`,
      `import:       ${Number.isNaN(importSeconds) ? 'still running at the end' : `${fixed(importSeconds, 1)} s`} (${IMPORTED_DURING})`,
      `server RSS:   start ${fixed((memory[0]?.[1] ?? 0) / MB, 0)} MB, end ${fixed((memory.at(-1)?.[1] ?? 0) / MB, 0)} MB, max ${fixed(Math.max(...memory.map(([, m]) => m)) / MB, 0)} MB`,
      `RSS samples:  ${memory.map(([t, m]) => `${fixed(t, 0)}s ${fixed(m / MB, 0)}`).join(', ')} (MB)`,
      `RSS trend:    ${fixed(growth / MB, 1)} MB/min over the second half`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const ok = result.errors === 0 && result.timeouts === 0 && unexpected === 0;
    process.stdout.write(
      ok
        ? 'errors: 0 (PASS; any 503 is the export limit refusing an export beyond it, as documented)\n'
        : 'errors, timeouts or non-2xx answers other than the export limit (FAIL)\n',
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await stopServer(server);
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
