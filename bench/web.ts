// Web dashboard load benchmark (npm run bench:web).
//
// Builds a store from the real data in ../shared/data (codelists, IMF rates, the World Bank export
// with its companion tables, and every IATI file except the malformed examples/frankenstein.xml),
// starts the real `devfin serve` (the built dist/ and dist/web: run `npm run build` first), and opens
// /country/KZ in headless Chromium BENCH_RUNS times (default 15), each time in a fresh browser
// context (nothing cached) and then once more in the same context (the app's scripts, styles and
// country shapes cached, as for a returning user).
//
// "Interactive" is the moment the headline figures and the table of all projects are on the page
// (the page marks it with main[data-ready]; on builds without that mark, when the elements exist).
// "Complete" is when every block has its answer and the location map is drawn (main[data-complete]).
// Times are read inside the page from a MutationObserver, in ms since navigation started.
//
// The baseline, measured in the same run and the same way: the load event of /api/docs, a static
// page of the same server that asks nothing of the store. The report gives p50 and p95 of each and
// the ratio to the baseline's p50, and the size of the built app's JS and CSS (raw and gzipped): what
// a first visit loads, and all of it.
// BENCH_STORE=path uses an existing store instead of building one. BENCH_LOAD=N keeps N connections
// asking the server another question (Uzbekistan's summary by sector) during the visits, to see the
// page on a busy server; the baseline is then measured under the same load.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { type Browser, chromium, type Page } from 'playwright-core';
import { listSourceFiles } from '../src/sources/files.js';
import { type BenchServer, runDevfin, startServer, stopServer } from './support/server.js';
import { envNumber, fixed, int } from './support/stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA = process.env.BENCH_DATA_DIR ?? join(ROOT, '../shared/data');
const RUNS = Math.round(envNumber('BENCH_RUNS', 15));
/** Connections that keep the server busy with another country's summary meanwhile (0: none). */
const LOAD = process.env.BENCH_LOAD ? Math.round(envNumber('BENCH_LOAD', 1)) : 0;
const LOAD_TARGET = '/api/summary?country=UZ&by=sector';
const CHROMIUM = '/usr/bin/chromium';
const TARGET_MS = 1000;
const COUNTRY_PAGE = '/country/KZ';
const BASELINE_PAGE = '/api/docs';
const devfin = (args: string[]) => runDevfin([process.execPath, join(ROOT, 'bin/devfin.js')], args).done;

async function buildStore(path: string): Promise<void> {
  const codelists = join(DATA, 'codelists/json');
  const rates = join(DATA, 'exchangerates');
  const iati = (await listSourceFiles([join(DATA, 'iati')]))
    .map((f) => f.path)
    .filter((p) => !p.endsWith(`examples${sep}frankenstein.xml`));
  const steps: [string, string[]][] = [
    ['codelists', ['codelists', 'update', '--from', ...readdirSync(codelists).map((f) => join(codelists, f))]],
    ['exchange rates', ['rates', 'import', join(rates, 'imf_monthly_2015_2020.csv'), join(rates, 'imf_exchangerates_A_ENDA_USD.csv')]],
    ['activities', ['import', join(DATA, 'worldbank/projects.csv'), ...iati]],
  ];
  for (const [what, args] of steps) {
    const start = performance.now();
    await devfin([...args, '--db', path]);
    process.stderr.write(`store: ${what} loaded in ${fixed((performance.now() - start) / 1000, 1)} s\n`);
  }
}

// Runs in the page before its own scripts: notes when the page first has its figures and table
// (interactive) and when every block is filled (complete), in ms since navigation started. Builds
// without the page's own marks are measured by their elements (the English page's loading text).
const OBSERVER = `(() => {
  const marks = (window.__devfinMarks = {});
  const interactive = () =>
    document.querySelector('main[data-ready]') ||
    (document.querySelector('main:not([aria-busy]) a.figure') &&
      document.querySelector('section[aria-labelledby="s-all-projects"] table.projects tbody tr'));
  const locations = () => document.querySelector('main .locations');
  const complete = () =>
    document.querySelector('main[data-complete]') ||
    (document.querySelector('main:not([aria-busy]) a.figure') &&
      !document.querySelector('main .later') &&
      locations() && (locations().querySelector('svg.map') || !/Loading/.test(locations().textContent)));
  const check = () => {
    if (marks.interactive === undefined && interactive()) marks.interactive = performance.now();
    if (marks.complete === undefined && complete()) marks.complete = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
})();`;

interface Visit {
  interactive: number;
  complete: number | null;
}

async function visitCountry(page: Page, base: string): Promise<Visit> {
  await page.goto(`${base}${COUNTRY_PAGE}`);
  await page.waitForFunction('window.__devfinMarks && window.__devfinMarks.interactive !== undefined', null, { timeout: 30_000 });
  // The complete mark exists only on builds that set it; older builds are measured by interactive alone.
  await page.waitForFunction('window.__devfinMarks.complete !== undefined', null, { timeout: 10_000 }).catch(() => undefined);
  const marks = (await page.evaluate('window.__devfinMarks')) as { interactive: number; complete?: number };
  return { interactive: marks.interactive, complete: marks.complete ?? null };
}

async function visitBaseline(page: Page, base: string): Promise<number> {
  await page.goto(`${base}${BASELINE_PAGE}`, { waitUntil: 'load' });
  return (await page.evaluate("performance.getEntriesByType('navigation')[0].loadEventStart")) as number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : (sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number);
}

/**
 * The built app's files, raw and gzipped (as the server sends them), in bytes: what index.html loads
 * first (its scripts and styles), every script (the rest loads with the pages and charts that use
 * it), and the country shapes (fetched by pages with a map).
 */
function assetSizes(): { kind: string; raw: number; gzip: number }[] {
  const web = join(ROOT, 'dist/web');
  const files = readdirSync(join(web, 'assets')).map((f) => `/assets/${f}`);
  const index = readFileSync(join(web, 'index.html'), 'utf8');
  const size = (kind: string, chosen: string[]) => {
    const bodies = chosen.map((f) => readFileSync(join(web, f)));
    return {
      kind: `${kind} (${chosen.length} file${chosen.length === 1 ? '' : 's'})`,
      raw: bodies.reduce((sum, b) => sum + b.length, 0),
      gzip: bodies.reduce((sum, b) => sum + gzipSync(b, { level: 6 }).length, 0),
    };
  };
  return [
    size(
      'first load: JS and CSS of index.html',
      files.filter((f) => index.includes(f)),
    ),
    size(
      'all JS',
      files.filter((f) => f.endsWith('.js')),
    ),
    size(
      'all CSS',
      files.filter((f) => f.endsWith('.css')),
    ),
    size(
      'country shapes',
      files.filter((f) => f.endsWith('.json')),
    ),
  ];
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist/web/index.html')) || !existsSync(join(ROOT, 'dist/cli/main.js')))
    throw new Error('dist/ is missing: run npm run build first');
  const dir = await mkdtemp(join(tmpdir(), 'devfin-bench-web-'));
  let server: BenchServer | undefined;
  let browser: Browser | undefined;
  try {
    const store = process.env.BENCH_STORE ?? join(dir, 'bench.sqlite');
    if (!process.env.BENCH_STORE) await buildStore(store);
    server = await startServer([process.execPath, join(ROOT, 'bin/devfin.js')], store);
    const status = (await (await fetch(`${server.url}/api/status`)).json()) as { activities: number };
    process.stderr.write(
      `server: ${server.url}, store of ${int(status.activities)} activities; ${RUNS} runs; ${LOAD > 0 ? `under load: ${LOAD} connections on ${LOAD_TARGET}` : 'no other load'}\n`,
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    const base = server.url;
    const cold: Visit[] = [];
    const warm: Visit[] = [];
    const baseline: number[] = [];
    const load = LOAD > 0 ? autocannon({ url: `${base}${LOAD_TARGET}`, connections: LOAD, duration: 24 * 3600 }, () => undefined) : null;
    // One unmeasured visit: the server's first questions load its caches (codelists, rates).
    for (let run = -1; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'en-US' });
      await context.addInitScript(OBSERVER);
      const page = await context.newPage();
      const baselineMs = await visitBaseline(page, base);
      const first = await visitCountry(page, base);
      const second = await visitCountry(page, base);
      await context.close();
      if (run < 0) continue;
      baseline.push(baselineMs);
      cold.push(first);
      warm.push(second);
      process.stderr.write(
        `run ${run + 1}: baseline ${fixed(baselineMs, 0)} ms, interactive ${fixed(first.interactive, 0)} ms (cached ${fixed(second.interactive, 0)} ms)\n`,
      );
    }
    load?.stop();
    const base50 = percentile(baseline, 0.5);
    const rows: [string, number[]][] = [
      [`baseline: ${BASELINE_PAGE} load event`, baseline],
      [`${COUNTRY_PAGE} interactive, nothing cached`, cold.map((v) => v.interactive)],
      [`${COUNTRY_PAGE} interactive, app cached`, warm.map((v) => v.interactive)],
      [`${COUNTRY_PAGE} complete, nothing cached`, cold.flatMap((v) => (v.complete === null ? [] : [v.complete]))],
      [`${COUNTRY_PAGE} complete, app cached`, warm.flatMap((v) => (v.complete === null ? [] : [v.complete]))],
    ];
    const header = ['page', 'p50 ms', 'p95 ms', 'p50 / baseline'];
    const lines = rows
      .filter(([, values]) => values.length > 0)
      .map(([name, values]) => [
        name,
        fixed(percentile(values, 0.5), 0),
        fixed(percentile(values, 0.95), 0),
        fixed(percentile(values, 0.5) / base50, 2),
      ]);
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
    const format = (cells: string[]) =>
      cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
    process.stdout.write(`${[format(header), ...lines.map(format)].join('\n')}\n`);
    const p95 = percentile(
      cold.map((v) => v.interactive),
      0.95,
    );
    process.stdout.write(
      `target: interactive in under ${TARGET_MS} ms: p95 nothing cached ${fixed(p95, 0)} ms (${p95 < TARGET_MS ? 'PASS' : 'MISS'})\n`,
    );
    for (const { kind, raw, gzip } of assetSizes())
      process.stdout.write(`built app, ${kind}: ${fixed(raw / 1024, 1)} KiB, ${fixed(gzip / 1024, 1)} KiB gzipped\n`);
  } finally {
    await browser?.close();
    await stopServer(server);
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
