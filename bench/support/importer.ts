// What `devfin import FILES --db FRESH` does, in process: a fresh SQLite store in a temp dir, the
// codes it knows, then importFile (sha256 + readIatiFile + importRecords) for each file in turn.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FileResult, importFile } from '../../src/cli/commands/import.js';
import type { SourceFileRef } from '../../src/sources/files.js';
import { knownCodesFrom } from '../../src/sources/iati/knownCodes.js';
import { openStore } from '../../src/store/open.js';
import { loadCodelists } from '../../src/store/reference.js';

export interface ImportRun {
  /** Time spent importing the files, store already open and migrated. */
  seconds: number;
  /** Activities read and reconciled (added + replaced + unchanged + kept newer). */
  activities: number;
  results: FileResult[];
}

export async function importIntoFreshStore(files: SourceFileRef[]): Promise<ImportRun> {
  const dir = await mkdtemp(join(tmpdir(), 'devfin-bench-'));
  try {
    const store = await openStore(join(dir, 'bench.sqlite'));
    try {
      const lists = new Map<string, Set<string>>();
      for (const entry of await loadCodelists(store)) lists.set(entry.list, (lists.get(entry.list) ?? new Set()).add(entry.code));
      const codes = knownCodesFrom(lists);
      const results: FileResult[] = [];
      const start = performance.now();
      for (const file of files) results.push(await importFile(store, file, codes, () => {}));
      const seconds = (performance.now() - start) / 1000;
      let activities = 0;
      for (const { counts: c } of results) if (c) activities += c.added + c.replaced + c.unchanged + c.keptNewer;
      return { seconds, activities, results };
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
