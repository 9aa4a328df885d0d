// The World Bank export read as a stream: its progress counts the bytes of all five tables while
// they are read, and an export whose tables are not in project id order (which the streaming read
// needs) is imported all the same, with the same rows as the sorted one.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { importFiles, storeKnownCodes } from '../../src/ingest/importFiles.js';
import { listSourceFiles } from '../../src/sources/files.js';
import { openStore } from '../../src/store/open.js';
import { runDevfin, temporaryDir } from '../support/cli.js';
import { SHARED_DATA } from '../support/sharedData.js';
import { snapshotStore } from '../support/storeSnapshot.js';

const WORLDBANK = path.join(SHARED_DATA, 'worldbank');
/** The rows with the projects in reverse order, each project's rows in their order. */
function projectsReversed(rows: Record<string, string>[]): Record<string, string>[] {
  const byProject = new Map<string, Record<string, string>[]>();
  for (const row of rows) byProject.set(row.project_id as string, [...(byProject.get(row.project_id as string) ?? []), row]);
  return [...byProject.values()].reverse().flat();
}

const TABLES = ['projects', 'project_financiers', 'project_sectors', 'project_themes', 'project_geo'];

describe('importing the World Bank export', () => {
  it('reports progress by bytes of all five tables as they are read, not only at the end', async () => {
    const [file] = await listSourceFiles([path.join(WORLDBANK, 'projects.csv')]);
    expect(file?.format).toBe('worldbank-export');
    if (!file) return;
    const projectsBytes = statSync(file.path).size;
    expect(file.companions).toHaveLength(4);
    const store = await openStore(path.join(temporaryDir(), 'store.sqlite'));
    const positions: number[] = [];
    try {
      const { codes } = await storeKnownCodes(store);
      for await (const result of importFiles(store, [file], codes, (_file, bytes) => positions.push(bytes)))
        expect(result.status).toBe('imported');
    } finally {
      await store.close();
    }
    // Many positions, each at least the one before, none past the export's size.
    expect(new Set(positions).size).toBeGreaterThan(5);
    for (let i = 1; i < positions.length; i++) expect(positions[i]).toBeGreaterThanOrEqual(positions[i - 1] as number);
    expect(positions.at(-1)).toBeLessThanOrEqual(file.bytes);
    // The first comes early (within the first 5% of the bytes); then the bar moves by the companion
    // tables' bytes too: it passes the size of projects.csv alone (a quarter of the export)
    // and reaches more than half of the export before the end.
    expect(positions[0]).toBeLessThan(file.bytes * 0.05);
    expect(Math.max(...positions)).toBeGreaterThan(projectsBytes);
    const before = positions.filter((p) => p < file.bytes * 0.9);
    expect(before.some((p) => p > file.bytes * 0.5)).toBe(true);
    expect(new Set(before).size).toBeGreaterThan(5);
  }, 120_000);

  it('imports an export whose companion tables are not in project id order as it imports the sorted one', async () => {
    // The Kazakhstan projects and their rows of each companion table, written once in project id
    // order and once with the projects of each companion table in reverse order (each project's
    // rows kept in their order, which is the order of its sectors, locations, ...).
    const rowsOf = (table: string) =>
      parse(readFileSync(path.join(WORLDBANK, `${table}.csv`)), { columns: true }) as Record<string, string>[];
    const projects = rowsOf('projects').filter((p) => p.countryshortname === 'Kazakhstan');
    const ids = new Set(projects.map((p) => p.id));
    const dir = temporaryDir();
    const write = (folder: string, reverse: boolean) => {
      mkdirSync(path.join(dir, folder));
      for (const table of TABLES) {
        const rows = table === 'projects' ? projects : rowsOf(table).filter((r) => ids.has(r.project_id as string));
        writeFileSync(
          path.join(dir, folder, `${table}.csv`),
          stringify(reverse && table !== 'projects' ? projectsReversed(rows) : rows, { header: true }),
        );
      }
      return path.join(dir, folder);
    };
    const stores: Record<string, unknown[]>[] = [];
    for (const [folder, reverse] of [
      ['sorted', false],
      ['unsorted', true],
    ] as const) {
      const exportDir = write(folder, reverse);
      const store = path.join(exportDir, 'store.sqlite');
      const result = await runDevfin(['import', '--db', store, path.join(exportDir, 'projects.csv')]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain(`${projects.length} added`);
      const snapshot = snapshotStore(store);
      // The rows of the projects, with the folder's name taken out of the file paths they hold.
      stores.push(
        Object.fromEntries(
          Object.entries(snapshot)
            .filter(([table]) => table === 'activity' || table.startsWith('activity_') || table === 'money_flow')
            .map(([table, rows]) => [table, rows.map((row) => String(row).replaceAll(exportDir, 'EXPORT'))]),
        ),
      );
    }
    const [sorted, unsorted] = stores as [Record<string, unknown[]>, Record<string, unknown[]>];
    // The companion rows were all found: sectors, locations and co-financiers of the KZ projects.
    expect(sorted.activity_sector?.length).toBeGreaterThan(100);
    expect(sorted.activity_location?.length).toBeGreaterThan(100);
    expect(unsorted).toEqual(sorted);
  }, 120_000);
});
