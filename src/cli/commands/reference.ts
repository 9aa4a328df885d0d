// devfin codelists update / rates update / rates import: the reference data that names codes and
// converts currencies, downloaded from their public sources (or read from local copies). Offline,
// a failed download says how to read local copies, the snapshot shipped with devfin among them.
import { join } from 'node:path';
import type { Command } from 'commander';
import { storeCodelists, storeExchangeRates } from '../../ingest/referenceData.js';
import { readSnapshotManifest, SHIPPED_SNAPSHOT } from '../../ingest/snapshot.js';
import type { CodelistEntry } from '../../model/codelist.js';
import { snapshotDay } from '../../model/provenance.js';
import { storeOverview } from '../../portfolio/overview.js';
import { filesNamed } from '../../sources/files.js';
import { HttpError } from '../../sources/http.js';
import { downloadCodelists, readCodelistFile } from '../../sources/iati/codelists.js';
import { downloadImfRates, readImfRatesFile } from '../../sources/rates/imfRates.js';
import type { Store } from '../../store/open.js';
import { addStoreOption, withStore } from '../options.js';
import { startProgress } from '../progress.js';

const CODELIST_FILES = ['.json', '.json.gz'];
const RATE_FILES = ['.csv', '.csv.gz'];

export function registerReference(program: Command): void {
  const codelists = program.command('codelists').description('IATI codelists: the names of sectors, countries, statuses and other codes');
  addStoreOption(
    codelists
      .command('update')
      .description('download the IATI codelists (English) from their public source ($DEVFIN_CODELISTS_URL overrides it)')
      .option('--url <base>', 'base URL of the codelists service')
      .option('--from <files-or-folders...>', 'read codelist JSON files instead of downloading (a folder: its *.json and *.json.gz files)'),
  ).action(async (options: { db?: string; url?: string; from?: string[] }) => {
    await withStore(options, async (store) => {
      const entries = options.from
        ? await readCodelistFiles(options.from)
        : await offlineHelpOnFailure(store, 'codelists', async () => {
            const progress = startProgress(1, 'items');
            try {
              const lists = await downloadCodelists({
                baseUrl: options.url,
                onProgress: ({ list, listsDone, listsTotal }) => progress.update(listsDone / listsTotal, list),
              });
              return [...lists.values()].flat();
            } finally {
              progress.stop();
            }
          });
      await storeCodelists(store, entries);
      const lists = new Set(entries.map((e) => e.list));
      process.stderr.write(`stored ${entries.length} codes in ${lists.size} codelists\n`);
    });
  });

  const rates = program.command('rates').description('exchange rates to the US dollar (IMF, monthly and annual averages)');
  addStoreOption(
    rates
      .command('update')
      .description('download IMF exchange rates as republished in CSV by codeforIATI ($DEVFIN_RATES_URL overrides the address)')
      .option('--url <base>', 'base URL of the rates files')
      .option('--from <files-or-folders...>', 'read IMF rates CSV files instead of downloading (a folder: its *.csv and *.csv.gz files)'),
  ).action(async (options: { db?: string; url?: string; from?: string[] }) => {
    if (options.from) {
      await storeRateFiles(options.from, options);
      return;
    }
    const progress = startProgress(1, 'items');
    try {
      const written = await withStore(options, (store) =>
        offlineHelpOnFailure(store, 'rates', () =>
          storeExchangeRates(
            store,
            downloadImfRates({ baseUrl: options.url, onProgress: (p) => progress.update(p.stage === 'done' ? 1 : 0, p.url) }),
          ),
        ),
      );
      progress.stop();
      process.stderr.write(`stored ${written} exchange rates\n`);
    } finally {
      progress.stop();
    }
  });
  addStoreOption(
    rates
      .command('import')
      .description('read IMF exchange-rate CSV files (columns Date,Rate,Currency,Frequency,...) from disk')
      .argument('<files...>', 'CSV files, or folders of them (*.csv, *.csv.gz)'),
  ).action((files: string[], options: { db?: string }) => storeRateFiles(files, options));
}

/** The lists of the files named; a list given twice (Sector.json and a folder with it) is taken from the later file. */
async function readCodelistFiles(paths: string[]): Promise<CodelistEntry[]> {
  const byList = new Map<string, CodelistEntry[]>();
  for (const file of await filesNamed(paths, CODELIST_FILES)) {
    const entries = await readCodelistFile(file);
    const list = entries[0]?.list;
    if (list) byList.set(list, entries);
  }
  return [...byList.values()].flat();
}

async function storeRateFiles(paths: string[], options: { db?: string }): Promise<void> {
  const files = await filesNamed(paths, RATE_FILES);
  let written = 0;
  await withStore(options, async (store) => {
    for (const file of files) written += await storeExchangeRates(store, readImfRatesFile(file));
  });
  process.stderr.write(`stored ${written} exchange rates\n`);
}

/**
 * Runs a download; when the source cannot be reached (offline, or the server fails), the error
 * says how to go on without it: local files with --from, the copies in the snapshot shipped with
 * devfin, and what the store holds already.
 */
async function offlineHelpOnFailure<T>(store: Store, kind: 'codelists' | 'rates', download: () => Promise<T>): Promise<T> {
  try {
    return await download();
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const overview = await storeOverview(store);
    const manifest = await readSnapshotManifest().catch(() => null);
    const what = kind === 'codelists' ? 'the IATI codelists' : 'the IMF exchange rates';
    const files =
      kind === 'codelists'
        ? 'codeforIATI JSON lists such as Sector.json; a folder gives its *.json files'
        : 'IMF CSV files with the columns Date,Rate,Currency,Frequency; a folder gives its *.csv files';
    const lines = [
      `could not download ${what}: ${error.message}`,
      `offline, read local copies instead: devfin ${kind} update --from FILE-OR-FOLDER (${files})`,
    ];
    if (manifest)
      lines.push(
        `the snapshot of ${snapshotDay(manifest.asOf)} shipped with devfin has ${kind === 'codelists' ? 'the codelists devfin needs' : 'the rates of the CAREC currencies and the main lending currencies'}: devfin ${kind} update --from ${join(SHIPPED_SNAPSHOT, kind)}`,
      );
    const held = kind === 'codelists' ? overview.codes : overview.exchangeRates;
    if (held > 0)
      lines.push(
        `the store already holds ${held.toLocaleString('en-US')} ${kind === 'codelists' ? 'codes' : 'exchange rates'}${overview.snapshot ? ` (it holds the snapshot of ${snapshotDay(overview.snapshot.asOf)})` : ''}; they stay in use until an update succeeds`,
      );
    else lines.push(`the store holds no ${kind === 'codelists' ? 'codes' : 'exchange rates'} yet`);
    throw new Error(lines.join('\n'));
  }
}
