// The first-start snapshot shipped in the package (snapshot/, made by `npm run snapshot`): the World
// Bank projects of the CAREC countries, the IATI codelists and IMF exchange rates, so that a first
// `devfin serve` shows real figures without a network. Its files are gzipped; the projects are
// unpacked to a temporary folder and imported the way a user's files are (importFiles), with a
// provenance that names the snapshot and its date rather than the temporary path.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { snapshotLocation } from '../model/provenance.js';
import { filesNamed, listSourceFiles } from '../sources/files.js';
import { readCodelistFile } from '../sources/iati/codelists.js';
import { readImfRatesFile } from '../sources/rates/imfRates.js';
import type { Store } from '../store/open.js';
import { storeCounts } from '../store/reference.js';
import { type FileResult, importFiles, storeKnownCodes } from './importFiles.js';
import { storeCodelists, storeExchangeRates } from './referenceData.js';

/** The snapshot folder of the installed package. */
export const SHIPPED_SNAPSHOT = fileURLToPath(new URL('../../snapshot', import.meta.url));

/** What manifest.json says of a snapshot (written by scripts/snapshot.ts). */
export interface SnapshotManifest {
  /** The day the data was taken, YYYY-MM-DD. */
  asOf: string;
  worldBank: { countries: string[]; regions: string[]; projects: number };
  files: { file: string; rows: number; bytes: number; from: string }[];
}

export interface SnapshotLoad {
  asOf: string;
  /** Codes stored; 0 when the store had codelists already (they are kept). */
  codes: number;
  /** Rates stored; 0 when the store had exchange rates already (they are kept). */
  exchangeRates: number;
  /** The imported project files, as `devfin import` reports them. */
  files: FileResult[];
}

/** The manifest of the snapshot in `folder`, or null when there is none. */
export async function readSnapshotManifest(folder: string = SHIPPED_SNAPSHOT): Promise<SnapshotManifest | null> {
  const text = await readFile(join(folder, 'manifest.json'), 'utf8').catch(() => null);
  if (text === null) return null;
  const manifest = JSON.parse(text) as SnapshotManifest;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(manifest.asOf ?? '')) throw new Error(`${join(folder, 'manifest.json')}: asOf is not a YYYY-MM-DD date`);
  return manifest;
}

/**
 * Loads the snapshot into `store`: codelists and rates unless the store has some already, then the
 * projects. The caller checks that the store holds no activities; a rejected file is an error.
 */
export async function loadSnapshot(store: Store, folder: string = SHIPPED_SNAPSHOT): Promise<SnapshotLoad> {
  const manifest = await readSnapshotManifest(folder);
  if (!manifest) throw new Error(`${folder}: no snapshot here (no manifest.json); rebuild it with npm run snapshot`);
  const before = await storeCounts(store);

  let codes = 0;
  if (before.codes === 0) {
    const lists = await filesNamed([join(folder, 'codelists')], ['.json.gz']);
    const entries = (await Promise.all(lists.map((file) => readCodelistFile(file)))).flat();
    await storeCodelists(store, entries);
    codes = entries.length;
  }
  let exchangeRates = 0;
  if (before.exchangeRates === 0) {
    for (const file of await filesNamed([join(folder, 'rates')], ['.csv.gz']))
      exchangeRates += await storeExchangeRates(store, readImfRatesFile(file));
  }

  const unpacked = await mkdtemp(join(tmpdir(), 'devfin-snapshot-'));
  try {
    // The export reader finds the companion tables beside projects.csv by their names.
    for (const file of await filesNamed([join(folder, 'worldbank')], ['.csv.gz'])) {
      await pipeline(createReadStream(file), createGunzip(), createWriteStream(join(unpacked, basename(file, '.gz'))));
    }
    const refs = (await listSourceFiles([join(unpacked, 'projects.csv')])).map((ref) => ({
      ...ref,
      label: snapshotLocation(manifest.asOf, `worldbank/${basename(ref.path)}`),
    }));
    const { codes: known } = await storeKnownCodes(store);
    const files: FileResult[] = [];
    for await (const result of importFiles(store, refs, known, undefined, 'snapshot')) {
      if (result.status === 'rejected') throw new Error(`the snapshot's ${result.file} was rejected: ${result.error?.message}`);
      files.push(result);
    }
    return { asOf: manifest.asOf, codes, exchangeRates, files };
  } finally {
    await rm(unpacked, { recursive: true, force: true });
  }
}
