// devfin codelists update / rates update / rates import: the reference data that names codes and
// converts currencies, downloaded from their public sources (or read from local copies).
import type { Command } from 'commander';
import { storeCodelists, storeExchangeRates } from '../../ingest/referenceData.js';
import { downloadCodelists, readCodelistFile } from '../../sources/iati/codelists.js';
import { downloadImfRates, readImfRatesFile } from '../../sources/rates/imfRates.js';
import { addStoreOption, withStore } from '../options.js';
import { startProgress } from '../progress.js';

export function registerReference(program: Command): void {
  const codelists = program.command('codelists').description('IATI codelists: the names of sectors, countries, statuses and other codes');
  addStoreOption(
    codelists
      .command('update')
      .description('download the IATI codelists (English) from their public source ($DEVFIN_CODELISTS_URL overrides it)')
      .option('--url <base>', 'base URL of the codelists service')
      .option('--from <files...>', 'read codelist JSON files instead of downloading'),
  ).action(async (options: { db?: string; url?: string; from?: string[] }) => {
    const entries = options.from
      ? (await Promise.all(options.from.map((file) => readCodelistFile(file)))).flat()
      : await (async () => {
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
        })();
    await withStore(options, (store) => storeCodelists(store, entries));
    const lists = new Set(entries.map((e) => e.list));
    process.stderr.write(`stored ${entries.length} codes in ${lists.size} codelists\n`);
  });

  const rates = program.command('rates').description('exchange rates to the US dollar (IMF, monthly and annual averages)');
  addStoreOption(
    rates
      .command('update')
      .description('download IMF exchange rates as republished in CSV by codeforIATI ($DEVFIN_RATES_URL overrides the address)')
      .option('--url <base>', 'base URL of the rates files'),
  ).action(async (options: { db?: string; url?: string }) => {
    const progress = startProgress(1, 'items');
    try {
      const written = await withStore(options, (store) =>
        storeExchangeRates(
          store,
          downloadImfRates({ baseUrl: options.url, onProgress: (p) => progress.update(p.stage === 'done' ? 1 : 0, p.url) }),
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
      .argument('<files...>', 'CSV files'),
  ).action(async (files: string[], options: { db?: string }) => {
    let written = 0;
    await withStore(options, async (store) => {
      for (const file of files) written += await storeExchangeRates(store, readImfRatesFile(file));
    });
    process.stderr.write(`stored ${written} exchange rates\n`);
  });
}
