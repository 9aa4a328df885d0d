// Options shared by devfin commands: where the store is, the activity filters, the output format.
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { ActivityFilter } from '../model/filter.js';
import { searchWords } from '../model/searchText.js';
import { ACTIVITY_STATUSES, type ActivityStatus } from '../model/status.js';
import { findProgramme } from '../portfolio/programmes.js';
import { type OpenOptions, openStore, resolveStoreLocation, type Store } from '../store/open.js';
import type { OutputFormat } from './output.js';

export function addStoreOption(command: Command): Command {
  return command.option(
    '--db <path-or-url>',
    'the store: a SQLite file path, sqlite:PATH or a postgres://user:password@host/database URL (default: $DEVFIN_DATABASE_URL, else devfin.sqlite in your data directory)',
  );
}

export function addFormatOptions(command: Command): Command {
  return command.option('--json', 'print JSON (the stable format for scripts)').option('--csv', 'print CSV');
}

export function outputFormat(options: { json?: boolean; csv?: boolean }): OutputFormat {
  return options.json ? 'json' : options.csv ? 'csv' : 'table';
}

/**
 * Opens the store, runs `work`, and closes the store whatever happens. A command that only reads
 * passes `{ create: false }`: with no store at the path it fails, saying to import first.
 */
export async function withStore<T>(options: { db?: string }, work: (store: Store) => Promise<T>, open: OpenOptions = {}): Promise<T> {
  const store = await openStore(resolveStoreLocation(options.db), open);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

export function isoDate(value: string): string {
  // Date.parse accepts 2023-02-30; a real date survives the round trip unchanged.
  const date = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new InvalidArgumentError('expected a date as YYYY-MM-DD.');
  }
  return value;
}

export function countryCode(value: string, previous: string[] = []): string[] {
  if (!/^[A-Za-z]{2}$/.test(value)) throw new InvalidArgumentError('expected an ISO 3166-1 alpha-2 country code such as KZ.');
  return [...previous, value.toUpperCase()];
}

function searchText(value: string): string {
  try {
    searchWords(value);
  } catch (error) {
    throw new InvalidArgumentError(`${(error as Error).message}.`);
  }
  return value;
}

function sectorCode(value: string): string {
  if (!value.trim())
    throw new InvalidArgumentError(
      'expected a sector code: DAC 5 digits (e.g. 21020), a 3-digit DAC category (e.g. 210), or a source sector code.',
    );
  return value.trim();
}

export function addFilterOptions(command: Command): Command {
  return command
    .option('--country <ISO2>', 'recipient country, e.g. KZ (repeatable)', countryCode)
    .option('--financier <name-or-ref>', 'financier name or organisation ref, e.g. "World Bank" or 44000')
    .option('--sector <code>', "sector: DAC 5-digit code, 3-digit DAC category, or a source's own sector code", sectorCode)
    .addOption(new Option('--status <status>', 'normalised status').choices(ACTIVITY_STATUSES))
    .option('--from <date>', 'approved on or after this date (YYYY-MM-DD)', isoDate)
    .option('--to <date>', 'approved on or before this date (YYYY-MM-DD)', isoDate)
    .option('--include-dropped', 'count dropped (cancelled) activities too')
    .option('--q <words>', 'whole words, all in the title or objective (stemmed: road finds roads); most relevant first', searchText)
    .option('--region <code-or-name>', 'recipient region: IATI region code (619) or a source region name ("Central Asia")')
    .option('--instrument <name>', 'lending instrument, e.g. "Investment Project Financing"')
    .option('--programme <name>', 'projects of a programme or framework, e.g. CAREC (devfin programmes lists them)')
    .option('--as-of <date>', 'the portfolio as it stood on this date (YYYY-MM-DD)', isoDate)
    .option('--source-status', 'read statuses as the sources publish them, not by the status rule (see the README)')
    .option('--status-differs', "only projects whose status by the rule differs from their source's");
}

export interface FilterOptions {
  country?: string[];
  financier?: string;
  sector?: string;
  status?: ActivityStatus;
  from?: string;
  to?: string;
  includeDropped?: boolean;
  q?: string;
  region?: string;
  instrument?: string;
  programme?: string;
  asOf?: string;
  sourceStatus?: boolean;
  statusDiffers?: boolean;
}

/** The filter the options describe; a programme is looked up by name. */
export async function filterFrom(options: FilterOptions): Promise<ActivityFilter> {
  return {
    countries: options.country,
    financier: options.financier,
    sector: options.sector,
    status: options.status,
    from: options.from,
    to: options.to,
    includeDropped: options.includeDropped ?? false,
    text: options.q,
    region: options.region,
    instrument: options.instrument,
    programme: options.programme ? await findProgramme(options.programme) : undefined,
    asOf: options.asOf,
    sourceStatus: options.sourceStatus ?? false,
    statusDiffers: options.statusDiffers ?? false,
  };
}
