// What `devfin import FILES --db FRESH` does, in process, with the built code (see dist.ts): a fresh
// SQLite store in a temp dir, the codes it knows, then importFiles (sha256, read-ahead parse,
// importRecords per file).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as ImportCommand from '../../src/ingest/importFiles.js';
import type { FileResult } from '../../src/ingest/importFiles.js';
import type { SourceFileRef } from '../../src/sources/files.js';
import type * as KnownCodes from '../../src/sources/iati/knownCodes.js';
import type * as Open from '../../src/store/open.js';
import type * as Reference from '../../src/store/reference.js';
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
    ...(await importDist<typeof ImportCommand>('ingest/importFiles')),
    ...(await importDist<typeof KnownCodes>('sources/iati/knownCodes')),
    ...(await importDist<typeof Open>('store/open')),
    ...(await importDist<typeof Reference>('store/reference')),
  };
}

export async function importIntoFreshStore(files: SourceFileRef[]): Promise<ImportRun> {
  const { importFiles, knownCodesFrom, openStore, loadCodelists } = await builtImporter();
  const dir = await mkdtemp(join(tmpdir(), 'devfin-bench-'));
  try {
    const store = await openStore(join(dir, 'bench.sqlite'));
    try {
      const lists = new Map<string, Set<string>>();
      for (const entry of await loadCodelists(store)) lists.set(entry.list, (lists.get(entry.list) ?? new Set()).add(entry.code));
      const codes = knownCodesFrom(lists);
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
