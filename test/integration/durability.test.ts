// Nothing lost, on SQLite and on PostgreSQL: an importer killed (SIGKILL) in the middle of a large
// file leaves the store exactly as it was before that file, and importing again then succeeds;
// while that import runs, the HTTP API keeps answering reads, each answer the one from before the
// import or the one from after it. On PostgreSQL two `devfin serve` processes give the same
// answers, and an import seen by one is seen by the other at once (their answer caches follow the
// data version kept in the store); when the database goes away the API answers 503, and it
// answers again by itself when the database is back.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devfinJson, temporaryDir } from '../support/cli.js';
import { fetchOnNewConnection } from '../support/http.js';
import { type PostgresServer, startPostgres } from '../support/postgres.js';
import { snapshotPostgres } from '../support/postgresSnapshot.js';
import { type RunningServer, startServe } from '../support/serve.js';
import { REPO_ROOT, SHARED_DATA } from '../support/sharedData.js';
import { snapshotStore } from '../support/storeSnapshot.js';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.js';

const BASE = path.join(SHARED_DATA, 'iati/usaid-carec/usaid-kz.xml');
/** The largest file of the shared data (with its companion tables): an import of many seconds. */
const LARGE = path.join(SHARED_DATA, 'worldbank/projects.csv');
const READS = ['/api/summary?by=country', '/api/summary?by=financier', '/api/activities?limit=20&country=KZ', '/api/status'];
const dir = temporaryDir();
let server: PostgresServer;

beforeAll(async () => {
  server = await startPostgres();
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

function startImport(db: string): { child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/devfin.js'), 'import', '--db', db, LARGE, '--json'], {
    env: { ...process.env, DEVFIN_DATABASE_URL: '' },
    stdio: 'ignore',
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited };
}

async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Whether an import's transaction is open and writing: the WAL growing (SQLite), the write lock held (PostgreSQL). */
async function writing(db: string): Promise<boolean> {
  if (!db.startsWith('postgres')) return existsSync(`${db}-wal`) && statSync(`${db}-wal`).size > 8 * 1024 * 1024;
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    const { rows } = await client.query("select count(*)::int as n from pg_locks where locktype = 'advisory' and granted");
    return rows[0].n > 0;
  } finally {
    await client.end();
  }
}

async function snapshot(db: string): Promise<Record<string, unknown[]>> {
  // The whole store, its import log included: the killed attempt must leave no trace at all.
  return db.startsWith('postgres') ? snapshotPostgres(db, { withLog: true }) : snapshotStore(db, { withLog: true });
}

async function answers(servers: RunningServer[]): Promise<{ status: number; body: string }[][]> {
  return Promise.all(
    servers.map((s) =>
      Promise.all(
        READS.map(async (read) => {
          const response = await fetchOnNewConnection(`${s.url}${read}`);
          return { status: response.status, body: await response.text() };
        }),
      ),
    ),
  );
}

describe.each(['SQLite', 'PostgreSQL'] as const)('%s: an import killed in the middle of a large file', (backend) => {
  let db: string;
  let before: Record<string, unknown[]>;
  let killed: { code: number | null; signal: NodeJS.Signals | null };

  beforeAll(async () => {
    db = backend === 'SQLite' ? path.join(dir, 'killed.sqlite') : await server.createDatabase();
    await devfinJson(['import', '--db', db, BASE]);
    before = await snapshot(db);
    const run = startImport(db);
    await until(() => writing(db), 'the import to be writing');
    // Well inside the file: the import has been writing for a while and has far to go.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    run.child.kill('SIGKILL');
    killed = await run.exited;
  }, 300_000);

  it('was killed before it ended', () => {
    expect(killed.signal).toBe('SIGKILL');
  });

  it('leaves the store exactly as it was before that file', async () => {
    expect(await snapshot(db)).toEqual(before);
  });

  it('imports the file again, while the API answers every read as before or as after the import', async () => {
    const servers = await Promise.all(
      backend === 'PostgreSQL' ? [startServe(['--db', db]), startServe(['--db', db])] : [startServe(['--db', db])],
    );
    try {
      const [old] = await answers(servers.slice(0, 1));
      const during: { status: number; body: string }[][] = [];
      const run = startImport(db);
      let done = false;
      const finished = run.exited.then((result) => {
        done = true;
        return result;
      });
      while (!done) during.push(...(await answers(servers)));
      expect((await finished).code).toBe(0);
      // At once: the first answers after the import ended, from every server, are the new ones.
      const after = await answers(servers);
      const [fresh] = after;
      for (const served of after) expect(served).toEqual(fresh);
      expect(fresh).not.toEqual(old);
      for (const [i, read] of READS.entries()) {
        expect(fresh?.[i]?.status, read).toBe(200);
        const allowed = [old?.[i]?.body, fresh?.[i]?.body];
        for (const answer of during) {
          expect(answer[i]?.status, read).toBe(200);
          expect(allowed, read).toContain(answer[i]?.body);
        }
      }
      expect(during.length).toBeGreaterThan(0);
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
    const log = await devfinJson<{ imports: { location: string; status: string; counts: { added: number } }[] }>(['log', '--db', db]);
    expect(log.imports[0]).toMatchObject({ location: LARGE, status: 'imported' });
    expect(log.imports[0]?.counts.added).toBeGreaterThan(10_000);
    // The killed attempt left no entry: the log holds the base file and the one import that ended.
    expect(log.imports).toHaveLength(2);
  }, 600_000);
});

describe('PostgreSQL gone in the middle and back', () => {
  let proxy: TcpProxy;
  let api: RunningServer;
  let direct: string;

  beforeAll(async () => {
    direct = await server.createDatabase();
    await devfinJson(['import', '--db', direct, BASE]);
    const url = new URL(direct);
    proxy = await startTcpProxy(Number(url.port));
    url.port = String(proxy.port);
    api = await startServe(['--db', url.toString()]);
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await proxy?.close();
  });

  it('answers 503 while the database is away, and by itself again when it is back', async () => {
    const good = await fetchOnNewConnection(`${api.url}/api/summary?by=country`);
    expect(good.status).toBe(200);
    const body = await good.text();

    await proxy.cut();
    for (const read of ['/api/summary?by=status', '/api/activities?limit=5']) {
      const response = await fetchOnNewConnection(`${api.url}${read}`);
      expect(response.status, read).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/database is not answering/);
    }

    await proxy.restore();
    const again = await fetchOnNewConnection(`${api.url}/api/summary?by=country`);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe(body);
  });

  it('answers on when its connections are terminated by the server (pg_terminate_backend)', async () => {
    const client = new pg.Client({ connectionString: direct });
    await client.connect();
    try {
      const { rows } = await client.query(
        "select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'devfin' and pid <> pg_backend_pid()) t",
      );
      expect(rows[0].n).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
    // An idle connection the server ended is dropped by the pool; a request in flight at that moment would get 503.
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetchOnNewConnection(`${api.url}/api/summary?by=financier`)).status);
    expect(statuses.at(-1)).toBe(200);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
  });
});
