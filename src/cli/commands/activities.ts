// devfin activities: the list of projects behind a figure, written as it is read.
import { type Command, InvalidArgumentError } from 'commander';
import { streamActivities } from '../../portfolio/activities.js';
import { activityColumns } from '../../portfolio/columns.js';
import { addQueryOptions, currencyOption, filterFrom, outputFormat, type QueryOptions, withStore } from '../options.js';
import { printNotes, printPages } from '../output.js';

export function registerActivities(program: Command): void {
  const activities = program
    .command('activities')
    .description('the list of activities behind the numbers')
    .option('--limit <n>', 'at most this many rows', (v) => positiveInteger(v, '--limit'))
    .option('--offset <n>', 'skip this many rows', (v) => positiveInteger(v, '--offset', true));
  addQueryOptions(activities).action(async (options: QueryOptions & { limit?: number; offset?: number }) => {
    const filter = await filterFrom(options);
    const format = outputFormat(options);
    await withStore(
      options,
      async (store) => {
        const currency = await currencyOption(store, options);
        const all = activityColumns(currency);
        const columns = format === 'table' ? all.filter((c) => c.header !== 'closingDate') : [...all];
        // Each page is written before the next is read: the whole list is never held.
        const list = streamActivities(store, filter, { limit: options.limit, offset: options.offset }, currency);
        const written = await printPages(format, list.pages, columns);
        // Nothing more once stdout closed (`| head`): its reader has gone.
        if (written != null && format !== 'json') printNotes([...list.notes(), ...(format === 'table' ? [`${written} activities`] : [])]);
      },
      { create: false },
    );
  });
}

function positiveInteger(value: string, name: string, zeroAllowed = false): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < (zeroAllowed ? 0 : 1))
    throw new InvalidArgumentError(`${name} must be a whole number${zeroAllowed ? '' : ' above 0'}.`);
  return n;
}
