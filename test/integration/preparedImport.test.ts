// The read-ahead thread hands the importer activities prepared for the store, with their project
// rows laid out or not (see ingest/readAhead/protocol.ts). Whichever way they come, the store must
// end exactly as when the records are imported as read, including projects that merge records of
// two sources (World Bank projects that the World Bank's own IATI file also describes).
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SourceRecord } from '../../src/model/sourceRecord.js';
import { listSourceFiles, readSourceFile } from '../../src/sources/files.js';
import { NO_KNOWN_CODES } from '../../src/sources/iati/knownCodes.js';
import { prepareActivity } from '../../src/store/activityRows.js';
import { importRecords } from '../../src/store/importRecords.js';
import { openStore } from '../../src/store/open.js';
import { temporaryDir } from '../support/cli.js';
import { SHARED_DATA } from '../support/sharedData.js';
import { snapshotStore } from '../support/storeSnapshot.js';

const dir = temporaryDir();
const IATI_FILES = ['iati/ifi/worldbank-sv.xml', 'iati/usaid-carec/usaid-kz.xml'];

async function recordsOf(relative: string): Promise<SourceRecord[]> {
  const [file] = await listSourceFiles([path.join(SHARED_DATA, relative)]);
  if (!file) throw new Error(`${relative} is missing`);
  const records: SourceRecord[] = [];
  for await (const record of readSourceFile(file, NO_KNOWN_CODES)) if (record.kind !== 'header') records.push(record as SourceRecord);
  return records;
}

async function* sent(records: SourceRecord[], how: 'as read' | 'prepared' | 'prepared with rows') {
  for (const record of records) {
    if (record.kind !== 'activity' || how === 'as read') yield record;
    else yield structuredClone(prepareActivity(record.activity, how === 'prepared with rows'));
  }
}

/** The store's rows without the import times, which differ from one import to the next. */
function rowsOf(file: string): Record<string, unknown[]> {
  const snapshot = snapshotStore(file);
  return Object.fromEntries(
    Object.entries(snapshot).map(([table, rows]) => [
      table,
      rows.map((row) => JSON.stringify({ ...JSON.parse(row as string), imported_at: null })).sort(),
    ]),
  );
}

const base = path.join(dir, 'base.sqlite');
const iati = new Map<string, SourceRecord[]>();
let merged = 0;

beforeAll(async () => {
  for (const file of IATI_FILES) iati.set(file, await recordsOf(file));
  const worldBankIds = new Set(
    (iati.get(IATI_FILES[0] as string) ?? []).flatMap((r) => (r.kind === 'activity' ? [r.activity.id.replace(/^44000-/, '')] : [])),
  );
  // The World Bank export's records of the projects the World Bank's IATI file describes.
  const exportRecords = (await recordsOf('worldbank/projects.csv')).filter((r) => r.kind !== 'activity' || worldBankIds.has(r.activity.id));
  merged = exportRecords.filter((r) => r.kind === 'activity').length;
  const store = await openStore(base);
  await importRecords(store, { location: 'projects.csv', sha256: 'export', kind: 'worldbank-export' }, sent(exportRecords, 'as read'));
  await store.close();
}, 60_000);

describe('an import of prepared activities', () => {
  it('leaves the store as an import of the records as read does', async () => {
    expect(merged).toBeGreaterThan(5);
    const stores: Record<string, unknown[]>[] = [];
    for (const how of ['as read', 'prepared', 'prepared with rows'] as const) {
      const file = path.join(dir, `${how.replaceAll(' ', '-')}.sqlite`);
      copyFileSync(base, file);
      const store = await openStore(file);
      for (const [name, records] of iati) {
        const outcome = await importRecords(store, { location: name, sha256: name, kind: 'iati-xml' }, sent(records, how));
        expect(outcome.status).toBe('imported');
      }
      await store.close();
      stores.push(rowsOf(file));
    }
    const [asRead, prepared, withRows] = stores;
    // Some projects have two records: the export's and the IATI file's.
    expect((asRead?.activity ?? []).length).toBeLessThan((asRead?.source_record ?? []).length);
    expect(prepared).toEqual(asRead);
    expect(withRows).toEqual(asRead);
  }, 60_000);
});
