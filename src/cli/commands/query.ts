// devfin summary / activities / activity: the portfolio questions, printed for people or scripts.
import { type Command, InvalidArgumentError, Option } from 'commander';
import { GROUP_BY, type GroupBy } from '../../model/filter.js';
import { NO_SECTOR_KEY, SECTOR_VOCABULARIES, type SectorVocabulary } from '../../model/sectorVocabularies.js';
import { portfolioActivity, streamActivities } from '../../portfolio/activities.js';
import { activityColumns, summaryColumns } from '../../portfolio/columns.js';
import type { SectorVocabularyAnswer } from '../../portfolio/sectorVocabulary.js';
import { portfolioSummary, type SummaryRow } from '../../portfolio/summary.js';
import {
  addCurrencyOption,
  addFilterOptions,
  addFormatOptions,
  addStoreOption,
  currencyOption,
  type FilterOptions,
  filterFrom,
  outputFormat,
  withStore,
} from '../options.js';
import { type Column, formatAmount, printNotes, printPages, printResult } from '../output.js';

type QueryOptions = FilterOptions & { db?: string; json?: boolean; csv?: boolean; currency?: string };
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

export function registerQueries(program: Command): void {
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
  addStoreOption(addCurrencyOption(addFormatOptions(addFilterOptions(summary)))).action(async (options: SummaryCommandOptions) => {
    const filter = await filterFrom(options);
    const result = await withStore(options, async (store) =>
      portfolioSummary(store, filter, options.by, {
        sectorVocabulary: options.sectorVocabulary,
        currency: await currencyOption(store, options),
      }),
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

  const activities = program
    .command('activities')
    .description('the list of activities behind the numbers')
    .option('--limit <n>', 'at most this many rows', (v) => positiveInteger(v, '--limit'))
    .option('--offset <n>', 'skip this many rows', (v) => positiveInteger(v, '--offset', true));
  addStoreOption(addCurrencyOption(addFormatOptions(addFilterOptions(activities)))).action(
    async (options: QueryOptions & { limit?: number; offset?: number }) => {
      const filter = await filterFrom(options);
      const format = outputFormat(options);
      await withStore(options, async (store) => {
        const currency = await currencyOption(store, options);
        const all = activityColumns(currency);
        const columns = format === 'table' ? all.filter((c) => c.header !== 'closingDate') : [...all];
        // Each page is written before the next is read: the whole list is never held.
        const list = streamActivities(store, filter, { limit: options.limit, offset: options.offset }, currency);
        const written = await printPages(format, list.pages, columns);
        // Nothing more once stdout closed (`| head`): its reader has gone.
        if (written != null && format !== 'json') printNotes([...list.notes(), ...(format === 'table' ? [`${written} activities`] : [])]);
      });
    },
  );

  const activity = addStoreOption(
    program
      .command('activity')
      .description('one activity with every field as read and where it came from')
      .argument('<id>', 'activity identifier, e.g. 44000-P179204 (or P179204 when only one activity ends with it)')
      .option('--json', 'print JSON'),
  );
  addCurrencyOption(activity).action(async (id: string, options: { db?: string; json?: boolean; currency?: string }) => {
    const detail = await withStore(options, async (store) => portfolioActivity(store, id, await currencyOption(store, options)));
    if (!detail) {
      process.stderr.write(`error: no activity with id ${id} in the store\n`);
      process.exitCode = 1;
      return;
    }
    if (options.json) {
      process.stdout.write(`${JSON.stringify(detail, null, 2)}\n`);
      return;
    }
    const a = detail.activity;
    const lines = [
      `${a.id}  ${a.titles[0]?.text ?? ''}`,
      `financiers:   ${detail.financiers.join('; ')}`,
      `status:       ${detail.status.status ?? 'unknown'} on ${detail.status.day}${
        detail.status.status === a.status ? '' : `; the source says ${a.status} (as of ${detail.status.statusDate ?? 'an unknown date'})`
      }${a.statusCode ? ` (IATI code ${a.statusCode})` : ''}`,
      `dates:        ${a.dates.map((d) => `${DATE_TYPES[d.type] ?? d.type} ${d.date}`).join(', ') || '-'}`,
      `countries:    ${a.recipientCountries.map((c) => (c.percentage == null ? c.code : `${c.code} ${c.percentage}%`)).join(', ') || '-'}`,
      `regions:      ${a.recipientRegions.map((r) => (r.percentage == null ? r.code : `${r.code} ${r.percentage}%`)).join(', ') || '-'}`,
      `sectors:      ${a.sectors.map((s) => `${s.code}${s.percentage == null ? '' : ` ${s.percentage}%`}`).join(', ') || '-'}`,
      ...(a.themes?.length
        ? [`themes:       ${a.themes.map((t) => `${t.name}${t.percentage == null ? '' : ` ${t.percentage}%`}`).join(', ')}`]
        : []),
      `instrument:   ${a.instrument ?? '-'}   approved: ${a.approvalDate ?? '-'}`,
      `commitments:  ${detail.currency} ${formatAmount(detail.commitment)}   disbursements: ${detail.currency} ${formatAmount(detail.disbursement)}`,
      `participants: ${a.participatingOrgs.map((o) => `${o.names[0]?.text ?? o.ref ?? '?'} [role ${o.role ?? '?'}]`).join('; ') || '-'}`,
      `transactions: ${a.transactions.length}   budgets: ${a.budgets.length}   locations: ${a.locations.length}   documents: ${a.documents.length}`,
      ...detail.records.map(
        (r) =>
          `source:       ${r.id} from ${r.provenance.source} ${r.provenance.location}${r.provenance.line ? `:${r.provenance.line}` : ''} (imported ${r.provenance.importedAt})`,
      ),
      '(--json shows every field)',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    printNotes(detail.notes);
  });
}

/** Which vocabulary the sector rows are in, and how many projects have none in it. */
function vocabularyLine(vocabulary: SectorVocabularyAnswer): string {
  const how =
    vocabulary.chosen === 'asked' ? 'as asked' : 'the default for this filter; --sector-vocabulary dac5|dac3|worldbank for another';
  const projects = vocabulary.withoutSector === 1 ? '1 project has' : `${vocabulary.withoutSector.toLocaleString('en-US')} projects have`;
  return `Sector vocabulary: ${vocabulary.name} (${vocabulary.key}, ${how}). ${projects} no sector in this vocabulary.`;
}

const DATE_TYPES: Record<string, string> = { '1': 'planned start', '2': 'actual start', '3': 'planned end', '4': 'actual end' };

function positiveInteger(value: string, name: string, zeroAllowed = false): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < (zeroAllowed ? 0 : 1))
    throw new InvalidArgumentError(`${name} must be a whole number${zeroAllowed ? '' : ' above 0'}.`);
  return n;
}
