// The parameters of portfolio questions, defined once: how each value is read and validated, how
// it is documented, and which field of the filter it sets. The HTTP API reads them from the query
// (src/api/params.ts) and the CLI makes its options from them (src/cli/options.ts), so the two take
// the same names and values and refuse the same mistakes. A new ActivityFilter field is one line in
// FILTER_PARAMS.

import { isCalendarDate } from '../model/calendarDate.js';
import type { ActivityFilter } from '../model/filter.js';
import type { Programme } from '../model/programme.js';
import { searchWords } from '../model/searchText.js';
import { ACTIVITY_STATUSES } from '../model/status.js';
import { listProgrammes, programmeNamed } from './programmes.js';

/** The subset of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that this API's documents need. */
export type JsonSchema = { [keyword: string]: unknown };

/** A value of the wrong form; the message says what was expected ("a date as YYYY-MM-DD"). */
export class Expected extends Error {}

/** A parameter (an HTTP query parameter, a CLI option) given a value it cannot take; the message names it. */
export class ParamError extends Error {
  constructor(
    readonly parameter: string,
    /** What is wrong with the value, without the parameter's name. */
    readonly reason: string,
  ) {
    super(`${parameter}: ${reason}`);
  }
}

/** How one value is read from its text, and the schema that documents it. */
export interface Kind<T> {
  schema: JsonSchema;
  /** What the value is called in the CLI's help (`--country <ISO2>`); a kind without one is a flag. */
  valueName?: string;
  /** The value, or throws Expected. */
  read(raw: string): T;
  /** The value of an empty parameter (`?include-dropped`); absent when empty means "not given". */
  empty?: T;
}

export const text: Kind<string> = { schema: { type: 'string' }, valueName: 'text', read: (raw) => raw };

/** The kind under another name in the CLI's help: `--financier <name-or-ref>`. */
export function called<T>(valueName: string, kind: Kind<T>): Kind<T> {
  return { ...kind, valueName };
}

/** Search words: any text without control characters (see model/searchText.ts). */
export const searchText: Kind<string> = {
  schema: { type: 'string', examples: ['road', 'water supply'] },
  valueName: 'words',
  read(raw) {
    try {
      searchWords(raw);
    } catch {
      throw new Expected('words without control characters (tabs, line breaks, NUL)');
    }
    return raw;
  },
};

export const countryCode: Kind<string> = {
  schema: { type: 'string', pattern: '^[A-Za-z]{2}$', examples: ['KZ'] },
  valueName: 'ISO2',
  read(raw) {
    if (!/^[A-Za-z]{2}$/.test(raw)) throw new Expected('an ISO 3166-1 alpha-2 country code such as KZ');
    return raw.toUpperCase();
  },
};

/** DAC codes (21020, or the category 210) and the sources' own sector codes (World Bank "TX"): any non-empty text. */
export const sectorCode: Kind<string> = {
  schema: { type: 'string', examples: ['21020', '210'] },
  valueName: 'code',
  read(raw) {
    if (!raw.trim()) throw new Expected('a sector code');
    return raw.trim();
  },
};

export const isoDate: Kind<string> = {
  schema: { type: 'string', format: 'date', examples: ['2020-01-01'] },
  valueName: 'date',
  read(raw) {
    if (!isCalendarDate(raw)) throw new Expected('a date as YYYY-MM-DD');
    return raw;
  },
};

export const flag: Kind<boolean> = {
  schema: { type: 'boolean', description: 'true or false (1 or 0); the name alone (`?include-dropped`) means true.' },
  read(raw) {
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    throw new Expected('true or false');
  },
  empty: true,
};

export function oneOf<const T extends string>(values: readonly T[]): Kind<T> {
  return {
    schema: { type: 'string', enum: [...values] },
    valueName: 'value',
    read(raw) {
      if (!(values as readonly string[]).includes(raw)) throw new Expected(`one of ${values.join(', ')}`);
      return raw as T;
    },
  };
}

export function integer(minimum: number, maximum: number): Kind<number> {
  return {
    schema: { type: 'integer', minimum, maximum },
    valueName: 'n',
    read(raw) {
      const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isSafeInteger(n) || n < minimum || n > maximum) throw new Expected(`a whole number from ${minimum} to ${maximum}`);
      return n;
    },
  };
}

/** An ISO 4217 code by its form (three letters, any case); whether the store has its rates is asked later (displayCurrency.ts). */
export const currencyCode: Kind<string> = {
  schema: { type: 'string', pattern: '^[A-Za-z]{3}$', examples: ['KZT', 'EUR'] },
  valueName: 'code',
  read(raw) {
    const code = /^[A-Za-z]{3}$/.test(raw.trim()) ? raw.trim().toUpperCase() : null;
    if (!code) throw new Expected('an ISO 4217 currency code such as KZT, with exchange rates loaded');
    return code;
  },
};

/** A query parameter: its name, documentation, and how its values (all those given) become one typed value. */
export interface Param<T> {
  name: string;
  description: string;
  /** The schema of the parameter as it appears in the query: an array when it may be repeated. */
  schema: JsonSchema;
  repeatable: boolean;
  /** How one value is read (the CLI reads its options' values with it). */
  kind: Kind<unknown>;
  /** The typed value, undefined when not given; throws ParamError when a value is malformed. */
  get(query: URLSearchParams): T | undefined;
}

function readValue<T>(name: string, kind: Kind<T>, raw: string): T | undefined {
  // An empty field from an HTML form means "not given", except where the kind says otherwise.
  if (raw === '') return kind.empty;
  try {
    return kind.read(raw);
  } catch (error) {
    if (error instanceof Expected) throw new ParamError(name, `expected ${error.message}, got ${JSON.stringify(raw)}`);
    throw error;
  }
}

/** A parameter given at most once. */
export function one<T>(name: string, kind: Kind<T>, description: string, fallback?: T): Param<T> {
  return {
    name,
    description,
    schema: fallback === undefined ? kind.schema : { ...kind.schema, default: fallback },
    repeatable: false,
    kind,
    get(query) {
      const values = query.getAll(name);
      if (values.length > 1) throw new ParamError(name, `given ${values.length} times; give it once`);
      const value = values.length === 0 ? undefined : readValue(name, kind, values[0] as string);
      return value ?? fallback;
    },
  };
}

/** A parameter that may be repeated (`country=KZ&country=UZ`): any of the values. */
export function many<T>(name: string, kind: Kind<T>, description: string): Param<T[]> {
  return {
    name,
    description,
    schema: { type: 'array', items: kind.schema },
    repeatable: true,
    kind,
    get(query) {
      const values = query
        .getAll(name)
        .map((raw) => readValue(name, kind, raw))
        .filter((v): v is T => v !== undefined);
      return values.length > 0 ? values : undefined;
    },
  };
}

/** A parameter that sets one field of ActivityFilter, through a lookup where the field holds more than the text. */
export interface FilterParam {
  field: keyof ActivityFilter;
  param: Param<unknown>;
  resolve?: (value: unknown) => Promise<unknown>;
}

// The field's type checks the parameter's (or the lookup's) value type.
function filterParam<F extends keyof ActivityFilter>(field: F, param: Param<NonNullable<ActivityFilter[F]>>): FilterParam;
function filterParam<F extends keyof ActivityFilter, V>(
  field: F,
  param: Param<V>,
  resolve: (value: V) => Promise<NonNullable<ActivityFilter[F]>>,
): FilterParam;
function filterParam(field: keyof ActivityFilter, param: Param<unknown>, resolve?: (value: unknown) => Promise<unknown>): FilterParam {
  return { field, param, resolve };
}

/** A programme by name; an unknown name is the client's mistake (400), an unreadable definition file is not. */
async function programmeParam(name: string): Promise<Programme> {
  const found = await programmeNamed(name);
  if (found) return found;
  const known = (await listProgrammes()).map((p) => p.name).join(', ') || 'none';
  throw new ParamError('programme', `unknown programme ${JSON.stringify(name)}; known: ${known}`);
}

/** The filters of every portfolio question, in the CLI's order. A new ActivityFilter field is one line here. */
export const FILTER_PARAMS: readonly FilterParam[] = [
  filterParam('countries', many('country', countryCode, 'Recipient country, ISO 3166-1 alpha-2 (repeat for any of several).')),
  filterParam(
    'financier',
    one(
      'financier',
      called('name-or-ref', text),
      'Financier name (any case) or organisation ref, e.g. "World Bank", 44000, IBRD. Only its amounts count.',
    ),
  ),
  filterParam(
    'sector',
    one('sector', sectorCode, "Sector: a DAC 5-digit code, a 3-digit DAC category for all its codes, or a source's own sector code."),
  ),
  filterParam('status', one('status', called('status', oneOf(ACTIVITY_STATUSES)), 'Normalised status.')),
  filterParam('from', one('from', isoDate, 'Approved on or after this date.')),
  filterParam('to', one('to', isoDate, 'Approved on or before this date.')),
  filterParam('includeDropped', one('include-dropped', flag, 'Count dropped (cancelled) activities too.')),
  filterParam(
    'text',
    one('q', searchText, 'Whole words, all in the title or objective, stemmed (road finds roads); lists put the most relevant first.'),
  ),
  filterParam(
    'region',
    one('region', called('code-or-name', text), 'Recipient region: an IATI region code (619) or a source\'s region name ("Central Asia").'),
  ),
  filterParam('instrument', one('instrument', called('name', text), 'Lending instrument, e.g. "Investment Project Financing" (any case).')),
  filterParam(
    'programme',
    one('programme', called('name', text), 'The projects of a programme or framework, by name, e.g. CAREC.'),
    programmeParam,
  ),
  filterParam('asOf', one('as-of', isoDate, 'The portfolio as it stood on this day: approved by then, active then, amounts up to then.')),
  filterParam(
    'sourceStatus',
    one('source-status', flag, 'Read statuses as the sources publish them instead of by the status rule (dates win over a stale status).'),
  ),
  filterParam('statusDiffers', one('status-differs', flag, "Only the projects whose status by the rule differs from their source's.")),
];

/** The currency of the money in an answer (not a filter: it changes no figure's scope, only its unit). */
export const CURRENCY_PARAM = one(
  'currency',
  currencyCode,
  'The currency of `commitment` and `disbursement` (and of the money columns of CSV and XLSX): an ISO 4217 code with exchange rates loaded, e.g. KZT, KGS, UZS, TJS, EUR. Each amount is converted to USD at the rate of its value date, then to this currency at the rate of the same date. `commitmentUsd` and `disbursementUsd` stay in USD.',
  'USD',
);

/** The ActivityFilter that the query's filter parameters describe. */
export function readFilter(query: URLSearchParams): Promise<ActivityFilter> {
  return filterOf((param) => param.get(query));
}

/** The value of every filter parameter given, by parameter name; the ActivityFilter they describe. */
export async function filterOf(values: (param: Param<unknown>) => unknown): Promise<ActivityFilter> {
  const filter: Record<string, unknown> = {};
  for (const { field, param, resolve } of FILTER_PARAMS) {
    const value = values(param);
    if (value !== undefined) filter[field] = resolve ? await resolve(value) : value;
  }
  return filter as ActivityFilter;
}
