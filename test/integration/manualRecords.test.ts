// Records kept by hand, corrections, tokens and the HTTP API's writes, on both stores: the store is
// filled and tokens are made with the real devfin command, the API is the real app over the same store.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import type { AccessOptions } from '../../src/api/auth.js';
import { openStore, type Store } from '../../src/store/open.js';
import { devfinJson, runDevfin, temporaryDir } from '../support/cli.js';
import { fetchOnNewConnection } from '../support/http.js';
import { iatiFile, writeFixture } from '../support/iatiFixtures.js';
import { type PostgresServer, startPostgres } from '../support/postgres.js';
import { startServe } from '../support/serve.js';
import { SHARED_DATA } from '../support/sharedData.js';

const dir = temporaryDir();
const WORLD_BANK = readFileSync(path.join(SHARED_DATA, 'worldbank/projects.csv'), 'utf8').split('\n');
const HEADER = WORLD_BANK[0] as string;
const P179204 = WORLD_BANK.find((line) => line.startsWith('"P179204"')) as string;
const P179204_COMMITMENT = 92_430_000;

/** A World Bank export of the shared data's P179204 row alone, its title changed as `title` says (a new version of the file). */
function worldBankExport(name: string, title: (t: string) => string = (t) => t): string {
  const row = P179204.replace(/"(Kazakhstan Digital Acceleration[^"]*)"/, (_m, t: string) => `"${title(t)}"`);
  mkdirSync(path.join(dir, name), { recursive: true });
  return writeFixture(path.join(dir, name), 'projects.csv', `${HEADER}\n${row}\n`);
}

/** Every text field of a record holds SQL and HTML that must come back as given. */
const HOSTILE = `Joint Economic Research Programme '); drop table activity; -- <script>alert("x")</script> & <b>bold</b>`;
const RECORD = {
  kind: 'advisory',
  id: 'KZ-JERP',
  title: HOSTILE,
  description: `Reports on the economy ${HOSTILE}`,
  countries: ['KZ'],
  financier: `World Bank ${HOSTILE}`,
  status: 'active',
  approvalDate: '2019-05-01',
  closingDate: '2027-12-31',
  commitment: { amount: '2500000', currency: 'USD', valueDate: '2019-05-01' },
  documents: [{ title: `Kazakhstan Economic Update ${HOSTILE}`, url: 'https://example.org/keu.pdf', date: '2024-06-01' }],
};

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

type Totals = { activities: number; commitmentUsd: number | null };

describe.each(['SQLite', 'PostgreSQL'] as const)('records kept by hand on %s', (backend) => {
  let location: string;
  let store: Store;
  const tokens: Record<string, string> = {};
  const access: Partial<AccessOptions> = { uploadLimitBytes: 64 * 1024, failedTokenRate: { capacity: 3, perSecond: 0.001 } };
  let app: ReturnType<typeof createApp>;

  const request = (
    method: string,
    url: string,
    options: { token?: string; body?: string; type?: string; headers?: Record<string, string> } = {},
  ) =>
    app.request(url, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined ? { 'content-type': options.type ?? 'application/json' } : {}),
        ...options.headers,
      },
      body: options.body,
    });
  const totals = async (): Promise<Totals> => ((await (await request('GET', '/api/summary')).json()) as { total: Totals }).total;

  beforeAll(async () => {
    location = backend === 'SQLite' ? path.join(dir, 'store.sqlite') : await server.createDatabase();
    const imported = await runDevfin(['import', worldBankExport('first'), '--db', location]);
    expect(imported.code, imported.stderr).toBe(0);
    for (const role of ['viewer', 'editor', 'admin'])
      tokens[role] = (
        await devfinJson<{ token: string }>(['tokens', 'create', '--name', `${role}-officer`, '--role', role, '--db', location])
      ).token;
    store = await openStore(location);
    app = createApp({ store, log: () => {}, access });
  }, 120_000);
  afterAll(async () => {
    await store?.close();
  });

  it('stores only the hash of a token and lists tokens without it', async () => {
    const listed = await devfinJson<{ name: string; role: string }[]>(['tokens', 'list', '--db', location]);
    expect(listed.map((t) => [t.name, t.role])).toEqual([
      ['admin-officer', 'admin'],
      ['editor-officer', 'editor'],
      ['viewer-officer', 'viewer'],
    ]);
    expect(JSON.stringify(listed)).not.toContain(tokens.editor);
    const rows = await store.db.selectFrom('api_token').select('sha256').execute();
    expect(rows.map((r) => r.sha256)).not.toContain(tokens.editor);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.sha256))).toBe(true);
  });

  it('refuses a write without a token (401), with a viewer token (403) or a made-up one (401)', async () => {
    const body = JSON.stringify(RECORD);
    const none = await request('POST', '/api/records', { body });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect(((await none.json()) as { error: { message: string } }).error.message).toContain('token');
    expect((await request('POST', '/api/records', { body, token: tokens.viewer })).status).toBe(403);
    expect((await request('POST', '/api/records', { body, token: 'devfin_not-a-token' })).status).toBe(401);
    expect((await request('POST', '/api/imports', { body: '<x/>', type: 'application/xml', token: tokens.editor })).status).toBe(403);
    expect((await totals()).activities).toBe(1);
  });

  it('adds a record that every summary counts, with its text stored as given', async () => {
    const before = await totals();
    const added = await request('POST', '/api/records', { body: JSON.stringify(RECORD), token: tokens.editor });
    expect(added.status).toBe(201);
    const after = await totals();
    expect(after.activities).toBe(before.activities + 1);
    expect(after.commitmentUsd).toBe((before.commitmentUsd ?? 0) + 2_500_000);
    const kazakhstan = (await (await request('GET', '/api/summary?country=KZ&by=status')).json()) as {
      rows: { key: string; activities: number }[];
    };
    expect(kazakhstan.rows.find((r) => r.key === 'active')?.activities).toBe(2);

    const stored = (await (await request('GET', '/api/records/KZ-JERP')).json()) as { record: typeof RECORD; createdBy: string };
    expect(stored.record).toMatchObject(RECORD);
    expect(stored.createdBy).toBe('editor-officer');
    const detail = (await (await request('GET', '/api/activities/KZ-JERP')).json()) as {
      activity: { titles: { text: string }[]; provenance: { source: string; location: string } };
      records: { provenance: { source: string; location: string } }[];
      financiers: string[];
    };
    expect(detail.activity.titles[0]?.text).toBe(HOSTILE);
    expect(detail.financiers).toEqual([`World Bank ${HOSTILE}`]);
    expect(detail.records[0]?.provenance).toMatchObject({ source: 'manual', location: 'manual, by editor-officer' });
    const injected = await request('GET', `/api/records/${encodeURIComponent("x' or '1'='1")}`);
    expect(injected.status).toBe(404);
    const search = (await (await request('GET', `/api/activities?q=${encodeURIComponent('economic research')}`)).json()) as {
      items: { id: string; title: string }[];
    };
    expect(search.items.map((i) => [i.id, i.title])).toEqual([['KZ-JERP', HOSTILE]]);
  });

  it('names the field at fault in a record it refuses, and refuses an id taken', async () => {
    const wrongDate = await request('POST', '/api/records', {
      body: JSON.stringify({ ...RECORD, id: 'X-1', closingDate: '31/12/2027' }),
      token: tokens.editor,
    });
    expect(wrongDate.status).toBe(400);
    expect(((await wrongDate.json()) as { error: { message: string } }).error.message).toBe(
      'request body: field "closingDate": expected a date as YYYY-MM-DD',
    );
    const unknown = await request('POST', '/api/records', {
      body: 'kind: advisory\ntitle: T\nfinancier: F\nbudget: 5\n',
      type: 'application/yaml',
      token: tokens.editor,
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain('field "budget"');
    const taken = await request('POST', '/api/records', { body: JSON.stringify(RECORD), token: tokens.editor });
    expect(taken.status).toBe(409);
    const sourced = await request('POST', '/api/records', { body: JSON.stringify({ ...RECORD, id: 'P179204' }), token: tokens.editor });
    expect(sourced.status).toBe(409);
    expect(((await sourced.json()) as { error: { message: string } }).error.message).toContain('correction');
    const notJson = await request('POST', '/api/records', { body: '{"kind": ', token: tokens.editor });
    expect(notJson.status).toBe(400);
  });

  it('refuses a body over the limit (413) before reading it whole', async () => {
    const huge = JSON.stringify({ ...RECORD, id: 'BIG', description: 'x'.repeat(300 * 1024) });
    const response = await request('PUT', '/api/records/KZ-JERP', { body: huge, token: tokens.editor });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { status: number } }).error.status).toBe(413);
  });

  it('keeps every edit in the history with the record before and after', async () => {
    const edited = { ...RECORD, title: 'Joint Economic Research Programme, phase 2', commitment: { amount: '3000000', currency: 'USD' } };
    const response = await request('PUT', '/api/records/KZ-JERP', { body: JSON.stringify(edited), token: tokens.editor });
    expect(response.status).toBe(200);
    const history = (await (await request('GET', '/api/records/KZ-JERP/history')).json()) as {
      actor: string;
      action: string;
      before: { record: typeof RECORD } | null;
      after: { record: typeof RECORD };
    }[];
    expect(history.map((e) => [e.action, e.actor])).toEqual([
      ['add', 'editor-officer'],
      ['edit', 'editor-officer'],
    ]);
    expect(history[1]?.before?.record.title).toBe(HOSTILE);
    expect(history[1]?.after.record.title).toBe('Joint Economic Research Programme, phase 2');
    expect(history[1]?.after.record.commitment).toEqual({ amount: '3000000', currency: 'USD', valueDate: null });
    const cli = await devfinJson<{ action: string }[]>(['history', 'KZ-JERP', '--db', location]);
    expect(cli.map((e) => e.action)).toEqual(['add', 'edit']);
  });

  it('takes a removed record out of the counts and brings it back on restore', async () => {
    const before = await totals();
    expect((await request('DELETE', '/api/records/KZ-JERP', { token: tokens.editor })).status).toBe(200);
    expect((await totals()).activities).toBe(before.activities - 1);
    expect((await request('GET', '/api/activities/KZ-JERP')).status).toBe(404);
    expect((await request('PUT', '/api/records/KZ-JERP', { body: JSON.stringify(RECORD), token: tokens.editor })).status).toBe(409);
    // The CLI restores as the local user.
    const restored = await runDevfin(['records', 'restore', 'KZ-JERP', '--db', location]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(await totals()).toEqual(before);
    const history = await devfinJson<{ action: string; actor: string }[]>(['history', 'KZ-JERP', '--db', location]);
    expect(history.map((e) => e.action)).toEqual(['add', 'edit', 'remove', 'restore']);
    expect(history[3]?.actor).toMatch(/^cli:/);
  });

  it('keeps a correction of a sourced project over a new import of its source', async () => {
    const correction = {
      kind: 'correction',
      id: 'fix-P179204-closing',
      corrects: 'P179204',
      reason: `Ministry of Finance letter ${HOSTILE}`,
      fields: { closingDate: '2029-06-30', commitment: { amount: '120000000', currency: 'USD' } },
    };
    const before = await totals();
    expect((await request('POST', '/api/records', { body: JSON.stringify(correction), token: tokens.editor })).status).toBe(201);
    expect((await totals()).commitmentUsd).toBe((before.commitmentUsd ?? 0) - P179204_COMMITMENT + 120_000_000);

    // A new version of the export: the title changes, the source still says 2028-12-31 and 92.43 million.
    const reimported = await runDevfin(['import', worldBankExport('second', (t) => `${t} (revised)`), '--db', location]);
    expect(reimported.code, reimported.stderr).toBe(0);
    expect(reimported.stdout + reimported.stderr).toContain('1 replaced');

    const detail = (await (await request('GET', '/api/activities/P179204')).json()) as {
      activity: { titles: { text: string }[]; fieldSources: Record<string, string> };
      status: { closingDate: string };
      commitmentUsd: number;
      corrections: { field: string; value: unknown; by: string; record: string; reason: string }[];
      records: { dates: { type: string; date: string }[] }[];
      notes: string[];
    };
    expect(detail.activity.titles[0]?.text).toMatch(/\(revised\)$/);
    expect(detail.status.closingDate).toBe('2029-06-30');
    expect(detail.commitmentUsd).toBe(120_000_000);
    expect(detail.corrections.map((c) => [c.field, c.by, c.record])).toEqual([
      ['closingDate', 'editor-officer', 'fix-P179204-closing'],
      ['commitment', 'editor-officer', 'fix-P179204-closing'],
    ]);
    expect(detail.activity.fieldSources.dates).toBe('manual:fix-P179204-closing');
    expect(detail.corrections[0]).toMatchObject({ reason: `Ministry of Finance letter ${HOSTILE}`, value: '2029-06-30' });
    expect(detail.notes).toContain(
      'P179204: closingDate corrected by hand by editor-officer on ' +
        new Date().toISOString().slice(0, 10) +
        ' (record fix-P179204-closing).',
    );
    // The source's own record still says what the source says.
    expect(detail.records[0]?.dates).toContainEqual({ type: '3', date: '2028-12-31' });
    const listed = (await (await request('GET', '/api/activities?country=KZ')).json()) as { items: { id: string; closingDate: string }[] };
    expect(listed.items.find((i) => i.id === 'P179204')?.closingDate).toBe('2029-06-30');
    expect((await totals()).commitmentUsd).toBe((before.commitmentUsd ?? 0) - P179204_COMMITMENT + 120_000_000);

    // The project's history shows its corrections; removing the correction gives the source's figures back.
    const history = (await (await request('GET', '/api/records/P179204/history')).json()) as { subject: string }[];
    expect(history.map((e) => e.subject)).toEqual(['fix-P179204-closing']);
    expect((await request('DELETE', '/api/records/fix-P179204-closing', { token: tokens.editor })).status).toBe(200);
    expect(await totals()).toEqual(before);
  });

  it('imports an uploaded IATI file for an admin, refusing paths as names and files over the cap', async () => {
    const xml = iatiFile([{ id: 'XM-TEST-1-UPLOAD-1', title: 'Uploaded &lt;b&gt;project&lt;/b&gt; &amp; more', value: '500000' }]);
    const traversal = await request('POST', `/api/imports?name=${encodeURIComponent('../../etc/passwd.xml')}`, {
      body: xml,
      type: 'application/xml',
      token: tokens.admin,
    });
    expect(traversal.status).toBe(400);
    expect(((await traversal.json()) as { error: { parameter: string } }).error.parameter).toBe('name');
    const tooLarge = await request('POST', '/api/imports', { body: 'x'.repeat(65 * 1024), type: 'application/xml', token: tokens.admin });
    expect(tooLarge.status).toBe(413);

    const before = await totals();
    const uploaded = await request('POST', '/api/imports?name=upload-1.xml', { body: xml, type: 'application/xml', token: tokens.admin });
    expect(uploaded.status).toBe(200);
    expect(await uploaded.json()).toMatchObject({ file: 'upload-1.xml', status: 'imported', counts: { added: 1 } });
    expect((await totals()).activities).toBe(before.activities + 1);
    const detail = (await (await request('GET', '/api/activities/XM-TEST-1-UPLOAD-1')).json()) as {
      activity: { titles: { text: string }[] };
    };
    expect(detail.activity.titles[0]?.text).toBe('Uploaded <b>project</b> & more');
    const broken = await request('POST', '/api/imports?name=broken.xml', {
      body: '<iati-activities><iati-activity>',
      type: 'application/xml',
      token: tokens.admin,
    });
    expect(broken.status).toBe(422);
    const answer = JSON.stringify(await broken.json());
    expect(answer).toContain('broken.xml');
    expect(answer).not.toContain('devfin-upload-');
    const log = await devfinJson<{ action: string; actor: string }[]>(['history', 'import:upload-1.xml', '--db', location]);
    expect(log.map((e) => [e.action, e.actor])).toEqual([['import', 'admin-officer']]);
    // The import log names the uploads as they were sent, never the temporary files they were kept in.
    const imports = (await (await request('GET', '/api/imports')).json()) as { imports: { location: string; actor: string }[] };
    const uploads = imports.imports.filter((i) => i.actor === 'admin-officer').map((i) => i.location);
    expect(uploads.sort()).toEqual(['broken.xml', 'upload-1.xml']);
  });

  it('refuses a revoked token, and a client that keeps trying wrong tokens (429)', async () => {
    const revoked = await runDevfin(['tokens', 'revoke', 'editor-officer', '--db', location]);
    expect(revoked.code, revoked.stderr).toBe(0);
    const response = await request('DELETE', '/api/records/KZ-JERP', { token: tokens.editor });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('revoked');
    // Three failed checks are allowed (the test's bucket), then even a good token waits.
    await request('DELETE', '/api/records/KZ-JERP', { token: 'devfin_wrong-1' });
    await request('DELETE', '/api/records/KZ-JERP', { token: 'devfin_wrong-2' });
    const limited = await request('DELETE', '/api/records/KZ-JERP', { token: tokens.admin });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await request('GET', '/api/records/KZ-JERP')).status).toBe(200);
  });

  it('requires a token to read when configured so, limits writes, and sends CORS headers only to the origin configured', async () => {
    const closed = createApp({ store, log: () => {}, access: { readTokenRequired: true, corsOrigin: 'https://dashboard.example.org' } });
    expect((await closed.request('/api/summary')).status).toBe(401);
    expect((await closed.request('/openapi.json')).status).toBe(401);
    const read = await closed.request('/api/summary', {
      headers: { authorization: `Bearer ${tokens.viewer}`, origin: 'https://dashboard.example.org' },
    });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBe('https://dashboard.example.org');
    const oneWrite = createApp({ store, log: () => {}, access: { writeRate: { capacity: 1, perSecond: 0.001 } } });
    const remove = () =>
      oneWrite.request('/api/records/NO-SUCH-RECORD', { method: 'DELETE', headers: { authorization: `Bearer ${tokens.admin}` } });
    expect((await remove()).status).toBe(404);
    const limited = await remove();
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: { message: string } }).error.message).toContain('too many writes');
    const open = await app.request('/api/summary', { headers: { origin: 'https://elsewhere.example.org' } });
    expect(open.status).toBe(200);
    expect(open.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('devfin records on the command line', () => {
  const db = path.join(dir, 'cli.sqlite');

  it('adds a record from a YAML file, names the field of a bad file, and lists them', async () => {
    const yamlFile = path.join(dir, 'jerp.yaml');
    writeFileSync(
      yamlFile,
      'kind: programme\nid: CAREC-RESEARCH\ntitle: Research programme\nfinancier: Asian Development Bank\ncountries: [KZ, UZ]\napprovalDate: 2021-01-15\n',
    );
    const added = await runDevfin(['records', 'add', yamlFile, '--db', db]);
    expect(added.code, added.stderr).toBe(0);
    const badFile = path.join(dir, 'bad.yaml');
    writeFileSync(badFile, 'kind: programme\ntitle: Research\nfinancier: ADB\ncountries: [Kazakhstan]\n');
    const bad = await runDevfin(['records', 'add', badFile, '--db', db]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${badFile}: field "countries[0]": expected an ISO 3166-1 alpha-2 code`);
    const missing = await runDevfin(['records', 'add', path.join(dir, 'nothing.yaml'), '--db', db]);
    expect(missing.stderr).toContain('nothing.yaml: cannot read it: ENOENT');
    const listed = await devfinJson<{ id: string; kind: string; createdBy: string; record: { approvalDate: string } }[]>([
      'records',
      'list',
      '--db',
      db,
    ]);
    expect(listed.map((r) => [r.id, r.kind, r.record.approvalDate])).toEqual([['CAREC-RESEARCH', 'programme', '2021-01-15']]);
    expect(listed[0]?.createdBy).toMatch(/^cli:/);
    const summary = await devfinJson<{ total: { activities: number } }>(['summary', '--country', 'UZ', '--db', db]);
    expect(summary.total.activities).toBe(1);
  });

  it('serves with reading closed and one CORS origin, as the options or the environment say', async () => {
    const { token } = await devfinJson<{ token: string }>(['tokens', 'create', '--name', 'reader', '--db', db]);
    const served = await startServe(['--db', db, '--cors-origin', 'https://dashboard.example.org'], { DEVFIN_READ_TOKEN_REQUIRED: '1' });
    try {
      expect((await fetchOnNewConnection(`${served.url}/api/records`)).status).toBe(401);
      const read = await fetchOnNewConnection(`${served.url}/api/records`, {
        headers: { authorization: `Bearer ${token}`, origin: 'https://dashboard.example.org' },
      });
      expect(read.status).toBe(200);
      expect(read.headers.get('access-control-allow-origin')).toBe('https://dashboard.example.org');
      expect(((await read.json()) as { id: string }[]).map((r) => r.id)).toEqual(['CAREC-RESEARCH']);
    } finally {
      await served.stop();
    }
    const refused = await runDevfin(['serve', '--db', db, '--port', '0', '--cors-origin', 'https://x.example.org/path']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('expected an origin');
  });
});
