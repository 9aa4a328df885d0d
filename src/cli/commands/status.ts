// devfin status (also what plain `devfin` shows): where the store is, what it holds, what next.
import type { Command } from 'commander';
import { storeOverview } from '../../portfolio/overview.js';
import { addStoreOption, withStore } from '../options.js';

export function registerStatus(program: Command): void {
  addStoreOption(
    program.command('status', { isDefault: true }).description('what the store holds and what to do next').option('--json', 'print JSON'),
  ).action(async (options: { db?: string; json?: boolean }) => {
    const overview = await withStore(options, storeOverview);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(overview, null, 2)}\n`);
      return;
    }
    const lines = [
      `store:          ${overview.store}`,
      `activities:     ${overview.activities.toLocaleString('en-US')} from ${overview.files} files`,
      `organisations:  ${overview.organisations}`,
      `codelists:      ${overview.codes ? `${overview.codes.toLocaleString('en-US')} codes` : 'none'}`,
      `exchange rates: ${overview.exchangeRates ? overview.exchangeRates.toLocaleString('en-US') : 'none'}`,
      ...(overview.snapshot ? [`snapshot:       the one of ${overview.snapshot.asOf} shipped with devfin, loaded on the first start`] : []),
      '',
      ...overview.nextSteps.map((step) => `next: ${step}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
