// Hostile and broken input through the devfin command: each refused file is named (with its line)
// and the import goes on with the next; exponent amounts are stored exactly; ignored XML parts are
// warned of; exit codes tell "some files refused" from "nothing imported"; a write waits for
// another process's write on both stores; read-only commands never create a store.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkXlsxExpandedSize, MAX_XLSX_EXPANDED_BYTES } from '../../src/sources/xlsxSize.js';
import { devfinJson, runDevfin, temporaryDir } from '../support/cli.js';
import { iatiFile, lineOf, writeFixture } from '../support/iatiFixtures.js';
import { type PostgresServer, startPostgres } from '../support/postgres.js';
import { snapshotPostgres } from '../support/postgresSnapshot.js';
import { REPO_ROOT } from '../support/sharedData.js';
import { snapshotStore } from '../support/storeSnapshot.js';

interface FileResult {
  file: string;
  status: 'imported' | 'already-imported' | 'rejected';
  error?: { message: string; line: number | null };
  warnings: string[];
}

const dir = temporaryDir('devfin-hostile-');

interface ZipEntry {
  name: string;
  data: Buffer;
  /** The size the zip says the entry expands to, when it lies. */
  declaredSize?: number;
}

/** A zip file (deflated entries) written byte by byte, so that a test can make it lie about sizes. */
function zipFile(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const compressed = deflateRawSync(entry.data);
    const size = entry.declaredSize ?? entry.data.length;
    const crc = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const GOOD = iatiFile([{ id: 'XM-TEST-1-GOOD-1' }]);
const EXPONENTS = iatiFile([
  { id: 'XM-TEST-1-EXP-1', value: '1.5e6' },
  { id: 'XM-TEST-1-EXP-2', value: '5e-7' },
]);
const TOO_PRECISE = iatiFile([{ id: 'XM-TEST-1-PRECISE', value: '1e-30' }]);
const DEEP = `<iati-activities version="2.03">\n${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</iati-activities>\n`;
const IGNORED_PARTS = iatiFile([{ id: 'XM-TEST-1-PI' }]).replace(
  '<iati-activities version="2.03" generated-datetime="2024-01-01T00:00:00Z">\n',
  '<iati-activities version="2.03" generated-datetime="2024-01-01T00:00:00Z" xmlns:xi="http://www.w3.org/2001/XInclude">\n<?publisher-note keep?>\n<xi:include href="more-activities.xml"/>\n',
);

describe('a multi-file import with hostile files in it', () => {
  const store = path.join(dir, 'multi.sqlite');
  let results: FileResult[];
  let code: number;
  let stderr: string;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    files.deep = writeFixture(dir, 'a-deep.xml', DEEP);
    files.precise = writeFixture(dir, 'b-precise.xml', TOO_PRECISE);
    mkdirSync(path.join(dir, 'bomb'));
    // A workbook whose shared strings say they expand to 2.5 GB: refused before exceljs reads it.
    files.bomb = writeFixture(
      path.join(dir, 'bomb'),
      'projects.xlsx',
      zipFile([
        { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
        { name: 'xl/sharedStrings.xml', data: Buffer.from('<sst/>'), declaredSize: 2_500_000_000 },
      ]),
    );
    files.exponents = writeFixture(dir, 'c-exponents.xml', EXPONENTS);
    files.good = writeFixture(dir, 'd-good.xml', GOOD);
    const run = await runDevfin(['import', '--db', store, files.deep, files.precise, files.bomb, files.exponents, files.good, '--json']);
    code = run.code;
    results = JSON.parse(run.stdout);
    const plain = await runDevfin(['import', '--db', path.join(dir, 'multi-plain.sqlite'), files.deep, files.good]);
    stderr = plain.stderr;
  }, 300_000);

  it('tries every file and lists each in --json, refusing only the bad ones', () => {
    expect(results.map((r) => [path.basename(r.file), r.status])).toEqual([
      ['a-deep.xml', 'rejected'],
      ['b-precise.xml', 'rejected'],
      ['projects.xlsx', 'rejected'],
      ['c-exponents.xml', 'imported'],
      ['d-good.xml', 'imported'],
    ]);
    // Some files refused, the others imported.
    expect(code).toBe(1);
  });

  it('names the file and line of each refusal', () => {
    const byName = Object.fromEntries(results.map((r) => [path.basename(r.file), r.error?.message]));
    expect(byName['a-deep.xml']).toBe(
      `${files.deep}:2: elements nest more than 100 deep (<a>); IATI files nest some 6 deep, so devfin refuses deeper files`,
    );
    expect(byName['b-precise.xml']).toBe(
      `${files.precise}:${lineOf(TOO_PRECISE, '1e-30')}: value 1e-30 cannot be kept exactly: it has more than 20 decimal places`,
    );
    expect(byName['projects.xlsx']).toMatch(
      new RegExp(
        `^${files.bomb}: the workbook expands to more than ${MAX_XLSX_EXPANDED_BYTES / 2 ** 20} MB \\(2,500,000,\\d+ bytes or more\\)`,
      ),
    );
  });

  it('stores exponent amounts exactly: 1.5e6 as 1500000, 5e-7 as 0.0000005', async () => {
    const amounts = async (id: string) =>
      (
        await devfinJson<{ activity: { transactions: { value: { amount: string } }[] } }>(['activity', '--db', store, id])
      ).activity.transactions.map((t) => t.value.amount);
    expect(await amounts('XM-TEST-1-EXP-1')).toEqual(['1500000']);
    expect(await amounts('XM-TEST-1-EXP-2')).toEqual(['0.0000005']);
  });

  it('stores nothing of a refused file', () => {
    const ids = (snapshotStore(store).source_record ?? []).map((row) => JSON.parse(row as string).id);
    expect(ids.sort()).toEqual(['XM-TEST-1-EXP-1', 'XM-TEST-1-EXP-2', 'XM-TEST-1-GOOD-1']);
  });

  it('names the refused files in the summary line', () => {
    expect(stderr).toContain(`2 files: 1 imported, 0 unchanged, 1 rejected (${files.deep}); 0 warnings`);
  });
});

describe('the workbook size check', () => {
  it('catches an entry that expands to more than it declares', async () => {
    const liar = writeFixture(
      dir,
      'liar.xlsx',
      zipFile([{ name: 'xl/sharedStrings.xml', data: Buffer.alloc(5_000_000), declaredSize: 1000 }]),
    );
    await expect(checkXlsxExpandedSize(liar)).rejects.toThrow(new RegExp(`^${liar}: not a readable XLSX workbook: .*too many bytes`));
  });

  it('refuses past the cap what it reads, and passes a workbook within it', async () => {
    const big = writeFixture(dir, 'big.xlsx', zipFile([{ name: 'xl/sharedStrings.xml', data: Buffer.alloc(3_000_000) }]));
    await expect(checkXlsxExpandedSize(big, 1_000_000)).rejects.toThrow(/the workbook expands to more than/);
    await expect(checkXlsxExpandedSize(big)).resolves.toBeUndefined();
    const notZip = writeFixture(dir, 'not-zip.xlsx', 'id,name\n1,road\n');
    await expect(checkXlsxExpandedSize(notZip)).rejects.toThrow(new RegExp(`^${notZip}: not a readable XLSX workbook`));
  });
});

describe('parts of a file devfin does not follow', () => {
  it('warns of processing instructions and XIncludes inside the root, naming file and line', async () => {
    const file = writeFixture(dir, 'ignored-parts.xml', IGNORED_PARTS);
    const [result] = await devfinJson<FileResult[]>(['import', '--db', path.join(dir, 'ignored.sqlite'), file]);
    expect(result?.status).toBe('imported');
    expect(result?.warnings).toEqual([
      `${file}:${lineOf(IGNORED_PARTS, '<?publisher-note')}: processing instruction <?publisher-note ...?> ignored`,
      `${file}:${lineOf(IGNORED_PARTS, '<xi:include')}: XInclude <xi:include href="more-activities.xml"> not followed: devfin reads only the file itself`,
    ]);
  });
});

describe('exit codes of devfin import', () => {
  const store = path.join(dir, 'codes.sqlite');
  it('0 when every file is imported or unchanged, 3 when nothing is, 2 for a path that does not exist', async () => {
    const good = writeFixture(dir, 'codes-good.xml', iatiFile([{ id: 'XM-TEST-1-CODES' }]));
    const bad = writeFixture(dir, 'codes-bad.xml', DEEP);
    expect((await runDevfin(['import', '--db', store, good])).code).toBe(0);
    expect((await runDevfin(['import', '--db', store, good])).code).toBe(0);
    const refused = await runDevfin(['import', '--db', store, bad]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`1 files: 0 imported, 0 unchanged, 1 rejected (${bad})`);
    const missing = await runDevfin(['import', '--db', store, path.join(dir, 'no-such.xml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${path.join(dir, 'no-such.xml')}: no such file or folder`);
  });
});

describe('which store a command opens', () => {
  it('refuses an unknown URL scheme instead of making a file of it', async () => {
    const result = await runDevfin(['status', '--db', 'mysql://x/y']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unknown store scheme "mysql:" in mysql://x/y');
    expect(existsSync(path.join(REPO_ROOT, 'mysql:'))).toBe(false);
  });

  it('never creates a store, nor its folders, for a command that only reads', async () => {
    const missing = path.join(dir, 'no-folder', 'deeper', 'x.sqlite');
    for (const args of [['status'], ['summary'], ['activities'], ['statements', 'timeline']]) {
      const result = await runDevfin([...args, '--db', missing]);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr).toContain(`no store at ${missing}; run \`devfin import FILE-OR-FOLDER\` first`);
    }
    expect(existsSync(path.join(dir, 'no-folder'))).toBe(false);
  });
});

describe('devfin statements add', () => {
  it('keeps the date given before when the same statement is added again without --date', async () => {
    const store = path.join(dir, 'statements.sqlite');
    const statement = writeFixture(
      dir,
      'statement.txt',
      'The Asian Development Bank approved a $50 million loan to Kazakhstan on Friday.\n',
    );
    expect((await runDevfin(['statements', 'add', '--db', store, statement, '--date', '2024-03-04'])).code).toBe(0);
    const again = await runDevfin(['statements', 'add', '--db', store, statement]);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain('no publication date');
    const db = new Database(store, { readonly: true });
    try {
      expect(db.prepare('select published_on from statement').all()).toEqual([{ published_on: '2024-03-04' }]);
    } finally {
      db.close();
    }
  });
});

/** Runs devfin import in the background; resolves with its exit code and stderr. */
function importInBackground(args: string[]): { done: Promise<{ code: number | null; stderr: string }>; stderr: () => string } {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/devfin.js'), 'import', ...args], {
    env: { ...process.env, DEVFIN_DATABASE_URL: '' },
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  return { done: new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr }))), stderr: () => stderr };
}

async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 100));
}

describe('an import while another process writes', () => {
  it('on SQLite waits for the write to end, saying so, then imports', async () => {
    const store = path.join(dir, 'waiting.sqlite');
    const first = writeFixture(dir, 'waiting-1.xml', iatiFile([{ id: 'XM-TEST-1-WAIT-1' }]));
    expect((await runDevfin(['import', '--db', store, first])).code).toBe(0);
    const other = new Database(store);
    other.exec('begin immediate');
    const second = writeFixture(dir, 'waiting-2.xml', iatiFile([{ id: 'XM-TEST-1-WAIT-2' }]));
    const running = importInBackground(['--db', store, second]);
    // Longer than SQLite's busy timeout of 5 s, after which it used to fail with "database is locked".
    await waitFor(() => running.stderr().includes('waiting for another import'), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 6000));
    other.exec('commit');
    other.close();
    const { code, stderr } = await running.done;
    expect(stderr).toContain('waiting for another import (or another write to the store) to finish...');
    expect(stderr).not.toContain('locked');
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(`imported ${second}: 1 added`);
  }, 120_000);

  describe('on PostgreSQL', () => {
    let server: PostgresServer;
    beforeAll(async () => {
      server = await startPostgres();
    }, 300_000);
    afterAll(async () => {
      await server?.stop();
    });

    it('waits for the write lock, saying so, then imports', async () => {
      const db = await server.createDatabase();
      const first = writeFixture(dir, 'pg-waiting-1.xml', iatiFile([{ id: 'XM-TEST-1-PGWAIT-1' }]));
      expect((await runDevfin(['import', '--db', db, first])).code).toBe(0);
      const other = new pg.Client({ connectionString: db });
      await other.connect();
      try {
        await other.query('begin');
        // The lock every devfin write takes (store/postgres.ts).
        await other.query("select pg_advisory_xact_lock('7424461766123790881')");
        const second = writeFixture(dir, 'pg-waiting-2.xml', iatiFile([{ id: 'XM-TEST-1-PGWAIT-2' }]));
        const running = importInBackground(['--db', db, second]);
        await waitFor(() => running.stderr().includes('waiting for another import'), 30_000);
        expect(running.stderr()).toContain('waiting for another import');
        await other.query('commit');
        const { code, stderr } = await running.done;
        expect(code, stderr).toBe(0);
        expect(stderr).toContain(`imported ${second}: 1 added`);
      } finally {
        await other.end();
      }
    }, 120_000);

    it('leaves the store as it was after a refused file', async () => {
      const db = await server.createDatabase();
      expect((await runDevfin(['import', '--db', db, writeFixture(dir, 'pg-good.xml', GOOD)])).code).toBe(0);
      const before = await snapshotPostgres(db);
      const bad = writeFixture(dir, 'pg-precise.xml', TOO_PRECISE);
      const result = await runDevfin(['import', '--db', db, bad]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(`rejected ${bad}:${lineOf(TOO_PRECISE, '1e-30')}: value 1e-30 cannot be kept exactly`);
      expect(await snapshotPostgres(db)).toEqual(before);
    }, 120_000);
  });
});
