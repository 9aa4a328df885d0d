// devfin summary: how many, how many active, how much, by a grouping, for people or scripts.
import { type Command, Option } from 'commander';
import type { SectorVocabularyAnswer, SummaryRow } from '../../model/answers.js';
import { GROUP_BY, type GroupBy } from '../../model/filter.js';
import { NO_SECTOR_KEY, SECTOR_VOCABULARIES, type SectorVocabulary } from '../../model/sectorVocabularies.js';
import { summaryColumns } from '../../portfolio/columns.js';
import { portfolioSummary } from '../../portfolio/summary.js';
import { addQueryOptions, currencyOption, filterFrom, outputFormat, type QueryOptions, withStore } from '../options.js';
import { type Column, printNotes, printResult } from '../output.js';

type SummaryCommandOptions = QueryOptions & { by: GroupBy; sectorVocabulary?: SectorVocabulary };

const GROUP_HEADERS: Record<GroupBy, string> = {
  financier: 'Financier',
  status: 'Status',
  country: 'Country',
  sector: 'Sector',
  year: 'Approval year',
  instrument: 'Instrument',
  'amount-year': 'Year (of each amount)',
};

export function registerSummary(program: Command): void {
  const summary = program
    .command('summary')
    .description('how many activities, how many active, commitments and disbursements (USD or --currency), by group')
    .addOption(new Option('--by <field>', 'group rows by this field').choices(GROUP_BY).default('financier'))
    .addOption(
      new Option(
        '--sector-vocabulary <vocabulary>',
        'with --by sector: DAC 5-digit codes, DAC 3-digit categories or World Bank sector names (default: the one that covers the most of the commitments)',
      ).choices(SECTOR_VOCABULARIES),
    );
  addQueryOptions(summary).action(async (options: SummaryCommandOptions) => {
    const filter = await filterFrom(options);
    const result = await withStore(
      options,
      async (store) =>
        portfolioSummary(store, filter, options.by, {
          sectorVocabulary: options.sectorVocabulary,
          currency: await currencyOption(store, options),
        }),
      { create: false },
    );
    // For people, one column names the group (code and name); exports keep both as they are.
    const groupColumn: Column<SummaryRow> = {
      header: GROUP_HEADERS[options.by],
      value: (r) =>
        r.label === r.key || options.by === 'status' || (options.by === 'sector' && r.key === NO_SECTOR_KEY)
          ? r.label
          : `${r.key} ${r.label}`,
    };
    const format = outputFormat(options);
    const footer = { key: 'Total', label: 'Total', behind: null, ...result.total };
    const columns = format === 'table' ? [groupColumn, ...summaryColumns(result.currency).slice(2)] : [...summaryColumns(result.currency)];
    printResult(format, result, result.rows, columns, format === 'table' ? footer : undefined);
    if (format === 'table' && result.vocabulary) process.stdout.write(`${vocabularyLine(result.vocabulary)}\n`);
    if (format !== 'json') printNotes(result.notes);
  });
}

/** Which vocabulary the sector rows are in, and how many projects have none in it. */
function vocabularyLine(vocabulary: SectorVocabularyAnswer): string {
  const how =
    vocabulary.chosen === 'asked' ? 'as asked' : 'the default for this filter; --sector-vocabulary dac5|dac3|worldbank for another';
  const projects = vocabulary.withoutSector === 1 ? '1 project has' : `${vocabulary.withoutSector.toLocaleString('en-US')} projects have`;
  return `Sector vocabulary: ${vocabulary.name} (${vocabulary.key}, ${how}). ${projects} no sector in this vocabulary.`;
}
