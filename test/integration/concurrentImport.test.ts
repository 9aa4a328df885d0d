// The same files imported by two processes at the same moment into one PostgreSQL database (a
// shared deployment where two people load the same download): each file lands once, the other
// process says it was imported already, and neither fails.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devfinJson } from '../support/cli.js';
import { type PostgresServer, startPostgres } from '../support/postgres.js';
import { SHARED_DATA } from '../support/sharedData.js';

const USAID = path.join(SHARED_DATA, 'iati/usaid-carec');

interface FileResult {
  file: string;
  status: string;
}

let server: PostgresServer;
let db: string;
let runs: FileResult[][];

beforeAll(async () => {
  server = await startPostgres();
  db = await server.createDatabase();
  // Migrated first, so that the two imports meet on the files rather than on the schema.
  await devfinJson(['status', '--db', db]);
  runs = await Promise.all([
    devfinJson<FileResult[]>(['import', '--db', db, USAID]),
    devfinJson<FileResult[]>(['import', '--db', db, USAID]),
  ]);
}, 600_000);

afterAll(async () => {
  await server?.stop();
});

describe('the same folder imported twice at the same moment', () => {
  it('imports each file once and says the other was imported already', () => {
    const [first, second] = runs as [FileResult[], FileResult[]];
    expect(first.length).toBeGreaterThan(5);
    expect(second.map((r) => r.file)).toEqual(first.map((r) => r.file));
    for (const [i, result] of first.entries()) {
      expect([result.status, second[i]?.status].sort(), result.file).toEqual(['already-imported', 'imported']);
    }
  });

  it('holds what one import holds', async () => {
    const status = await devfinJson<{ files: number; activities: number }>(['status', '--db', db]);
    const fresh = await server.createDatabase();
    await devfinJson(['import', '--db', fresh, USAID]);
    const once = await devfinJson<{ files: number; activities: number }>(['status', '--db', fresh]);
    expect(status.files).toBe(once.files);
    expect(status.activities).toBe(once.activities);
  });
});
