// Options shared by devfin commands: where the store is, the activity filters, the output format.
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { ActivityFilter } from '../model/filter.js';
import { displayCurrency } from '../portfolio/displayCurrency.js';
import {
  CURRENCY_PARAM,
  countryCode as countryCodeKind,
  Expected,
  FILTER_PARAMS,
  filterOf,
  isoDate as isoDateKind,
  type Kind,
} from '../portfolio/parameters.js';
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

/** Reads an option's value as the parameter's kind does; a value it cannot take is a usage error naming what was expected. */
function reader<T>(kind: Kind<T>): (raw: string) => T {
  return (raw) => {
    try {
      return kind.read(raw);
    } catch (error) {
      if (error instanceof Expected) throw new InvalidArgumentError(`expected ${error.message}.`);
      throw error;
    }
  };
}

export const isoDate = reader(isoDateKind);

/** A repeatable --country: the codes given so far and this one. */
export function countryCode(value: string, previous: string[] = []): string[] {
  return [...previous, reader(countryCodeKind)(value)];
}

/** `--include-dropped` for include-dropped=, `--as-of` for as-of=: the option's key in commander's options object. */
function optionKey(name: string): string {
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** A parameter's description as the CLI's help words its options: "recipient country, ..." with no final full stop. */
function helpText(description: string): string {
  const text = description.replace(/\.$/, '');
  return /^[A-Z][a-z]/.test(text) ? text[0]?.toLowerCase() + text.slice(1) : text;
}

/** The filter options of every portfolio question, made from the same table as the HTTP API's parameters. */
export function addFilterOptions(command: Command): Command {
  for (const { param } of FILTER_PARAMS) {
    const { kind } = param;
    if (!kind.valueName) {
      command.option(`--${param.name}`, helpText(param.description));
      continue;
    }
    const option = new Option(`--${param.name} <${kind.valueName}>`, helpText(param.description));
    const choices = kind.schema.enum as string[] | undefined;
    if (choices) option.choices(choices);
    else if (param.repeatable) option.argParser((raw: string, previous: unknown[] = []) => [...previous, reader(kind)(raw)]);
    else option.argParser(reader(kind));
    command.addOption(option);
  }
  return command;
}

/** `--currency CODE` on a command that prints money, from the same definition as the API's `currency=`. */
export function addCurrencyOption(command: Command): Command {
  const { kind } = CURRENCY_PARAM;
  return command.addOption(
    new Option(`--currency <${kind.valueName}>`, `${helpText(CURRENCY_PARAM.description)} (default: USD)`).argParser(reader(kind)),
  );
}

/** The currency of the answer: the one asked for once the store is known to have its rates (else exit 2 naming --currency). */
export function currencyOption(store: Store, options: { currency?: string }): Promise<string> {
  return displayCurrency(store, options.currency);
}

/** The values of the filter options, by option key (`asOf`, `includeDropped`, ...). */
export type FilterOptions = Record<string, unknown>;

/** The options of a portfolio question: its filters, the store, the output format and the currency. */
export type QueryOptions = FilterOptions & { db?: string; json?: boolean; csv?: boolean; currency?: string };

/** The filter the options describe; a programme is looked up by name. */
export function filterFrom(options: FilterOptions): Promise<ActivityFilter> {
  return filterOf((param) => options[optionKey(param.name)]);
}

/** The options of a portfolio question (QueryOptions): its filters, the output format, the currency, the store. */
export function addQueryOptions(command: Command): Command {
  return addStoreOption(addCurrencyOption(addFormatOptions(addFilterOptions(command))));
}
