// The import log on real shared data: every file imported, found imported before, or refused is
// kept with its checksum, times, actor and counts, and its warnings classified per kind and field;
// `devfin log` and /api/imports give the same entries, the Data view counts coverage and warnings
// per source, and a project's warnings are those of its records.
import { userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportDetail, ImportPage, SourceQuality } from '../../src/model/answers.js';
import { devfinJson, runDevfin, temporaryDir } from '../support/cli.js';
import { fetchOnNewConnection } from '../support/http.js';
import { type RunningServer, startServe } from '../support/serve.js';
import { SHARED_DATA } from '../support/sharedData.js';

const db = path.join(temporaryDir(), 'log.sqlite');
const PILOT = path.join(SHARED_DATA, 'iati/legacy-1.0x/worldbank-pilot-2010.xml');
const KZ = path.join(SHARED_DATA, 'iati/usaid-carec/usaid-kz.xml');
const REFUSED = path.join(SHARED_DATA, 'iati/examples/frankenstein.xml');
let api: RunningServer;
let first: { file: string; status: string; logId: number }[];
let again: { file: string; status: string; logId: number }[];

beforeAll(async () => {
  expect(
    (await runDevfin(['codelists', 'update', '--db', db, '--from', path.join(SHARED_DATA, 'codelists/json/OrganisationRole.json')])).code,
  ).toBe(0);
  first = JSON.parse((await runDevfin(['import', '--db', db, PILOT, KZ, REFUSED, '--json'])).stdout);
  again = await devfinJson(['import', '--db', db, KZ]);
  api = await startServe(['--db', db]);
}, 300_000);

afterAll(async () => {
  await api?.stop();
});

async function getJson<T>(urlPath: string): Promise<{ status: number; json: T }> {
  const response = await fetchOnNewConnection(`${api.url}${urlPath}`);
  return { status: response.status, json: (await response.json()) as T };
}

describe('devfin log', () => {
  it('lists every import, the latest first, with who and what', async () => {
    const log = await devfinJson<ImportPage>(['log', '--db', db]);
    expect(log.total).toBe(4);
    expect(log.imports.map((i) => [i.location, i.status])).toEqual([
      [KZ, 'already-imported'],
      [REFUSED, 'rejected'],
      [KZ, 'imported'],
      [PILOT, 'imported'],
    ]);
    expect(new Set(log.imports.map((i) => i.actor))).toEqual(new Set([`cli:${userInfo().username}`]));
    const kz = log.imports[2];
    // The checksum names the bytes: the same file imported again is known by it.
    expect(kz?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(log.imports[0]?.sha256).toBe(kz?.sha256);
    expect(log.imports[3]?.sha256).not.toBe(kz?.sha256);
    expect(kz?.counts.added).toBeGreaterThan(50);
    expect(Date.parse(kz?.finishedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(kz?.startedAt ?? ''));
    expect(first.map((r) => r.logId)).toEqual([1, 2, 3]);
    expect(again[0]?.logId).toBe(4);
  });

  it('shows one import with its warnings counted per kind and field', async () => {
    const pilot = await devfinJson<ImportDetail>(['log', '--db', db, PILOT]);
    expect(pilot.warnings).toBe(pilot.warningList.length);
    // The pilot file of 2010 names organisation roles as words ("donor") and leaves out identifiers.
    expect(pilot.warningsByField['unknown-code OrganisationRole']).toBeGreaterThan(10);
    expect(pilot.warningsByField['missing iati-identifier']).toBeGreaterThan(5);
    expect(pilot.warningList[0]).toMatchObject({ file: PILOT, recordId: expect.stringMatching(/^P\d+$/) });
    const table = await runDevfin(['log', '--db', db, '1']);
    expect(table.stdout).toContain('× unknown-code OrganisationRole');
  });

  it('says why a file was refused, with its line', async () => {
    const refused = await devfinJson<ImportDetail>(['log', '--db', db, '3']);
    expect(refused.status).toBe('rejected');
    expect(refused.error?.line).toBeGreaterThan(0);
    expect(refused.error?.message).toContain(`${REFUSED}:${refused.error?.line}`);
  });

  it('refuses an unknown import, naming it', async () => {
    const result = await runDevfin(['log', '--db', db, '999']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no import "999" in the log');
  });
});

describe('the API', () => {
  it('gives the same log as the command', async () => {
    const { status, json } = await getJson<ImportPage>('/api/imports?limit=2&offset=1');
    expect(status).toBe(200);
    const cli = await devfinJson<ImportPage>(['log', '--db', db]);
    expect(json).toEqual({ total: cli.total, imports: cli.imports.slice(1, 3) });
    expect((await getJson<ImportDetail>('/api/imports/1')).json).toEqual(await devfinJson(['log', '--db', db, '1']));
    expect((await getJson('/api/imports/999')).status).toBe(404);
  });

  it('counts coverage, freshness and warnings per source', async () => {
    const { json } = await getJson<{ sources: SourceQuality[] }>('/api/data-quality');
    const iati = json.sources.find((s) => s.source === 'iati');
    const byCountry = await devfinJson<{ total: { activities: number }; rows: { key: string | null }[] }>([
      'summary',
      '--db',
      db,
      '--by',
      'country',
      '--include-dropped',
    ]);
    expect(iati?.activities).toBe(byCountry.total.activities);
    expect(iati?.countries).toBe(byCountry.rows.filter((r) => r.key && /^[A-Z]{2}$/.test(r.key)).length);
    expect(iati?.imports).toBe(3);
    expect(iati?.warnings['unknown-code']).toBeGreaterThan(10);
    const refused = json.sources.find((s) => s.source === 'iati-xml');
    expect(refused?.refused).toBe(1);
  });

  it("gives a project's warnings: those about its records", async () => {
    const pilot = await devfinJson<ImportDetail>(['log', '--db', db, PILOT]);
    const recordId = pilot.warningList[0]?.recordId as string;
    const { status, json } = await getJson<{ warnings: { recordId: string }[] }>(
      `/api/data-quality/activities/${encodeURIComponent(recordId)}`,
    );
    expect(status).toBe(200);
    expect(json.warnings.length).toBe(pilot.warningList.filter((w) => w.recordId === recordId).length);
    expect(json.warnings.length).toBeGreaterThan(0);
    expect((await getJson('/api/data-quality/activities/NO-SUCH-PROJECT')).status).toBe(404);
  });
});
