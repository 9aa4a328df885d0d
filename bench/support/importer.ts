// What `devfin import FILES --db FRESH` does, in process, with the built code (see dist.ts): a fresh
// SQLite store in a temp dir, the codes it knows, then importFiles (sha256, read-ahead parse,
// importRecords per file).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as ImportFiles from '../../src/ingest/importFiles.js';
import type { FileResult } from '../../src/ingest/importFiles.js';
import type { SourceFileRef } from '../../src/sources/files.js';
import type * as Open from '../../src/store/open.js';
import { importDist } from './dist.js';

export interface ImportRun {
  /** Time spent importing the files, store already open and migrated. */
  seconds: number;
  /** Activities read and reconciled (added + replaced + unchanged + kept newer). */
  activities: number;
  results: FileResult[];
}

/** The modules of dist/ that an import uses (call ensureDist first). */
async function builtImporter() {
  return {
    ...(await importDist<typeof ImportFiles>('ingest/importFiles')),
    ...(await importDist<typeof Open>('store/open')),
  };
}

export async function importIntoFreshStore(files: SourceFileRef[]): Promise<ImportRun> {
  const { importFiles, storeKnownCodes, openStore } = await builtImporter();
  const dir = await mkdtemp(join(tmpdir(), 'devfin-bench-'));
  try {
    const store = await openStore(join(dir, 'bench.sqlite'));
    try {
      const { codes } = await storeKnownCodes(store);
      const results: FileResult[] = [];
      const start = performance.now();
      for await (const result of importFiles(store, files, codes)) results.push(result);
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
