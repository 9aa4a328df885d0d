// devfin serve: the web app and the HTTP API over one store, opened once and closed on SIGINT or
// SIGTERM. With --sync, an empty store is first filled from the World Bank Projects API. A store
// still empty then gets the snapshot shipped in the package (unless --no-snapshot or
// DEVFIN_NO_SNAPSHOT), so that a first start shows real figures, offline too.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Command, InvalidArgumentError } from 'commander';
import { loadSnapshot, readSnapshotManifest } from '../../ingest/snapshot.js';
import { snapshotDay } from '../../model/provenance.js';
import { storeOverview } from '../../portfolio/overview.js';
import { findProgramme } from '../../portfolio/programmes.js';
import type { Store } from '../../store/open.js';
import { addStoreOption, withStore } from '../options.js';
import { runPrintedSync } from './sync.js';

interface ServeOptions {
  host: string;
  port: number;
  db?: string;
  sync?: boolean;
  /** False with --no-snapshot. */
  snapshot: boolean;
  readTokenRequired?: boolean;
  corsOrigin?: string;
  uploadLimitMb?: number;
}

function megabytes(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError('expected a whole number of megabytes, 1 or more.');
  return n;
}

function origin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('expected an origin such as https://dashboard.example.org');
  }
  if (!/^https?:$/.test(url.protocol) || url.origin !== value.replace(/\/$/, ''))
    throw new InvalidArgumentError('expected an origin (scheme, host and port only) such as https://dashboard.example.org');
  return url.origin;
}

/** The access settings: options win over the environment (DEVFIN_READ_TOKEN_REQUIRED, DEVFIN_CORS_ORIGIN, DEVFIN_UPLOAD_LIMIT_MB). */
function accessSettings(options: ServeOptions, env: NodeJS.ProcessEnv = process.env) {
  const uploadMb = options.uploadLimitMb ?? (env.DEVFIN_UPLOAD_LIMIT_MB ? megabytes(env.DEVFIN_UPLOAD_LIMIT_MB) : 100);
  const corsOrigin = options.corsOrigin ?? (env.DEVFIN_CORS_ORIGIN ? origin(env.DEVFIN_CORS_ORIGIN) : null);
  return {
    readTokenRequired: options.readTokenRequired ?? /^(1|true|yes)$/i.test(env.DEVFIN_READ_TOKEN_REQUIRED ?? ''),
    corsOrigin,
    uploadLimitBytes: uploadMb * 1024 * 1024,
  };
}

/** Set (to anything but "" or "0") to start with an empty store, as --no-snapshot does. */
const NO_SNAPSHOT_VARIABLE = 'DEVFIN_NO_SNAPSHOT';

function portNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535 (0: any free port).');
  return n;
}

/** How long requests in flight may take to finish after a stop signal before their connections are cut. */
const GRACE_MS = 5000;

/**
 * How long an idle connection is kept open: longer than the clients and proxies in front keep theirs
 * (60 s for nginx's upstream connections and most load balancers), so that the client closes it, not
 * the server at the moment a request is on its way. Node's 5 s made a client that was busy for a
 * few seconds send its next request on a connection the server had just closed.
 */
const KEEP_ALIVE_MS = 65_000;

export function registerServe(program: Command): void {
  addStoreOption(
    program
      .command('serve')
      .description(
        'serve the web dashboard and the HTTP API: JSON, CSV and XLSX answers, the OpenAPI document at /openapi.json, its reference at /api/docs',
      )
      .option('--host <address>', 'address to listen on (0.0.0.0: every interface)', '127.0.0.1')
      .option('--port <n>', 'port to listen on (0: any free port, printed at start)', portNumber, 8080)
      .option('--sync', "when the store is empty, first fetch the CAREC countries' World Bank projects from the live API")
      .option('--no-snapshot', `when the store is empty, do not load the snapshot shipped with devfin (also: ${NO_SNAPSHOT_VARIABLE}=1)`)
      .option('--read-token-required', 'reading the API needs a token too (default: reading is open; env DEVFIN_READ_TOKEN_REQUIRED=1)')
      .option(
        '--cors-origin <origin>',
        'the one origin whose pages may call the API from a browser (default: none; env DEVFIN_CORS_ORIGIN)',
        origin,
      )
      .option(
        '--upload-limit-mb <n>',
        'the largest IATI file POST /api/imports takes (default 100; env DEVFIN_UPLOAD_LIMIT_MB)',
        megabytes,
      ),
  ).action(async (options: ServeOptions) => {
    await withStore(options, async (store) => {
      if (options.sync) await syncWhenEmpty(store);
      const skip = process.env[NO_SNAPSHOT_VARIABLE]?.trim();
      if (options.snapshot && !(skip && skip !== '0')) await loadSnapshotWhenEmpty(store);
      await serveUntilStopped(store, options);
    });
  });
}

/**
 * Fills an empty store with the World Bank projects of the CAREC countries (the programme's
 * definition names them). A failure (offline, the API down) is reported and the server starts
 * anyway: the dashboard then says how to load data.
 */
async function syncWhenEmpty(store: Store): Promise<void> {
  if ((await storeOverview(store)).activities > 0) {
    process.stdout.write('the store holds data already: no sync (run devfin sync to update it)\n');
    return;
  }
  const countries = (await findProgramme('CAREC')).countries;
  process.stdout.write(`the store is empty: fetching the World Bank projects of ${countries.join(', ')} from the live API…\n`);
  try {
    const counts = await runPrintedSync(store, 'worldbank', { countries }, { restart: false, json: false });
    process.stdout.write(`synced: ${counts.added} projects added\n`);
  } catch (error) {
    process.stdout.write(
      `could not fetch from the World Bank API (${(error as Error).message})\n` +
        'starting with what the store holds; load data with devfin import FILE-OR-FOLDER, or run devfin sync worldbank when online\n',
    );
  }
}

/**
 * Loads the snapshot shipped in the package into a store that holds no activities, so that the
 * first start shows real figures; a store with data is never touched. A failure is reported and the
 * server starts anyway, as with --sync.
 */
async function loadSnapshotWhenEmpty(store: Store): Promise<void> {
  if ((await storeOverview(store)).activities > 0) return;
  const manifest = await readSnapshotManifest();
  if (!manifest) {
    process.stdout.write('the store is empty and this installation has no snapshot to start with\n');
    return;
  }
  const day = snapshotDay(manifest.asOf);
  process.stdout.write(`the store is empty: loading the snapshot of ${day} shipped with devfin…\n`);
  try {
    const loaded = await loadSnapshot(store);
    const projects = loaded.files.reduce((sum, file) => sum + (file.counts?.added ?? 0), 0);
    process.stdout.write(
      `loaded the snapshot of ${day}: ${projects.toLocaleString('en-US')} World Bank projects of the CAREC countries` +
        `${loaded.codes ? `, ${loaded.codes.toLocaleString('en-US')} IATI codes` : ''}` +
        `${loaded.exchangeRates ? `, ${loaded.exchangeRates.toLocaleString('en-US')} IMF exchange rates` : ''}\n` +
        'run devfin sync to refresh it; devfin serve --no-snapshot starts with an empty store\n',
    );
  } catch (error) {
    process.stdout.write(
      `could not load the snapshot (${(error as Error).message})\nstarting with an empty store; load data with devfin import FILE-OR-FOLDER\n`,
    );
  }
}

async function serveUntilStopped(store: Store, options: ServeOptions): Promise<void> {
  // Loaded here, not at the top: every other devfin command starts faster without the server.
  const [{ createAdaptorServer }, { createApp, logToStderr }, { withoutPassword }] = await Promise.all([
    import('@hono/node-server'),
    import('../../api/app.js'),
    import('../../api/routes.js'),
  ]);
  const access = accessSettings(options);
  const app = createApp({ store, access });
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}`;
  // stdout for people (and for scripts that started it with --port 0); the log stays JSON on stderr.
  process.stdout.write(`devfin dashboard on ${url}  (API reference: ${url}/api/docs)\n`);
  logToStderr({
    level: 'info',
    message: 'listening',
    url,
    store: withoutPassword(store.location),
    readTokenRequired: access.readTokenRequired,
    corsOrigin: access.corsOrigin,
  });

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const stop = (name: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(name);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  logToStderr({ level: 'info', message: 'stopping', signal });
  const cut = setTimeout(() => server.closeAllConnections(), GRACE_MS);
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    // Keep-alive connections with no request in flight would otherwise hold close() open.
    server.closeIdleConnections();
  });
  clearTimeout(cut);
  logToStderr({ level: 'info', message: 'stopped' });
}
