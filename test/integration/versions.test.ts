// Newer versions of an activity replace older ones, never the other way round.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { devfinJson, runDevfin, temporaryDir } from '../support/cli.js';
import { iatiFile, writeFixture } from '../support/iatiFixtures.js';
import { rowCounts } from '../support/storeSnapshot.js';

const dir = temporaryDir();
const store = path.join(dir, 'store.sqlite');

async function importVersion(name: string, lastUpdated: string | undefined, title: string, country = 'KZ') {
  const file = writeFixture(dir, name, iatiFile([{ id: 'XM-TEST-1-V', lastUpdated, title, country }]));
  const [result] = await devfinJson<{ counts: Record<string, number> }[]>(['import', '--db', store, file]);
  const [activity] = await devfinJson<{ title: string; countries: string[] }[]>(['activities', '--db', store]);
  return { counts: result?.counts, title: activity?.title, countries: activity?.countries };
}

describe('versions of one activity across files', () => {
  it('keeps the latest last-updated-datetime whatever the import order', async () => {
    expect(await importVersion('v2024.xml', '2024-01-01T00:00:00Z', 'Road 2024')).toMatchObject({
      counts: { added: 1 },
      title: 'Road 2024',
    });
    expect(await importVersion('v2023.xml', '2023-01-01T00:00:00Z', 'Road 2023')).toMatchObject({
      counts: { keptNewer: 1 },
      title: 'Road 2024',
    });
    expect(await importVersion('undated.xml', undefined, 'Road undated')).toMatchObject({ counts: { keptNewer: 1 }, title: 'Road 2024' });
    const replaced = await importVersion('v2025.xml', '2025-06-01T12:00:00+06:00', 'Road 2025', 'UZ');
    expect(replaced).toMatchObject({ counts: { replaced: 1 }, title: 'Road 2025', countries: ['UZ'] });
    // The replaced version's rows are gone, not added to (its one DAC sector is a 5-digit and a 3-digit row).
    expect(rowCounts(store)).toMatchObject({ activity: 1, activity_country: 1, activity_sector: 2, money_flow: 1 });
  });

  it('counts an identical activity in another file as unchanged', async () => {
    const file = writeFixture(
      dir,
      'copy.xml',
      `${iatiFile([{ id: 'XM-TEST-1-V', lastUpdated: '2025-06-01T12:00:00+06:00', title: 'Road 2025', country: 'UZ' }])}\n<!-- a copy -->\n`,
    );
    const [result] = await devfinJson<{ counts: Record<string, number> }[]>(['import', '--db', store, file]);
    expect(result?.counts).toMatchObject({ added: 0, replaced: 0, unchanged: 1 });
  });

  it('says so when the same bytes are imported twice', async () => {
    const result = await runDevfin(['import', '--db', store, path.join(dir, 'v2025.xml')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('unchanged');
    expect(result.stderr).toContain('these exact bytes were imported before');
  });
});
