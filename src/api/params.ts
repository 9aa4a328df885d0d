// Query parameters of the HTTP API: how each is read and validated, and how it is documented.
// One definition serves both, so /openapi.json can never describe a parameter the server reads
// differently. The names are the CLI's option names (--include-dropped is include-dropped=true).
import type { ActivityFilter } from '../model/filter.js';
import { GROUP_BY, type GroupBy } from '../model/filter.js';
import type { Programme } from '../model/programme.js';
import { searchWords } from '../model/searchText.js';
import { SECTOR_VOCABULARIES, type SectorVocabulary } from '../model/sectorVocabularies.js';
import { ACTIVITY_STATUSES } from '../model/status.js';
import { listProgrammes, programmeNamed } from '../portfolio/programmes.js';
import { ApiError } from './errors.js';

/** The subset of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that this API's documents need. */
export type JsonSchema = { [keyword: string]: unknown };

/** A value of the wrong form; the message says what was expected ("a date as YYYY-MM-DD"). */
class Expected extends Error {}

/** A parameter that is missing its right form: 400, naming the parameter. */
export class ParamError extends ApiError {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(400, `${parameter}: ${message}`, { parameter });
  }
}

/** How one value is read from its text, and the schema that documents it. */
export interface Kind<T> {
  schema: JsonSchema;
  /** The value, or throws Expected. */
  read(raw: string): T;
  /** The value of an empty parameter (`?include-dropped`); absent when empty means "not given". */
  empty?: T;
}

export const text: Kind<string> = { schema: { type: 'string' }, read: (raw) => raw };

/** Search words: any text without control characters (see model/searchText.ts). */
export const searchText: Kind<string> = {
  schema: { type: 'string', examples: ['road', 'water supply'] },
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
  read(raw) {
    if (!/^[A-Za-z]{2}$/.test(raw)) throw new Expected('an ISO 3166-1 alpha-2 country code such as KZ');
    return raw.toUpperCase();
  },
};

/** DAC codes (21020, or the category 210) and the sources' own sector codes (World Bank "TX"): any non-empty text. */
export const sectorCode: Kind<string> = {
  schema: { type: 'string', examples: ['21020', '210'] },
  read(raw) {
    if (!raw.trim()) throw new Expected('a sector code');
    return raw.trim();
  },
};

export const isoDate: Kind<string> = {
  schema: { type: 'string', format: 'date', examples: ['2020-01-01'] },
  read(raw) {
    // A round trip through Date rejects 2023-02-30, which Date.parse alone would accept.
    const date = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? new Date(`${raw}T00:00:00Z`) : null;
    if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== raw) throw new Expected('a date as YYYY-MM-DD');
    return raw;
  },
};

export const flag: Kind<boolean> = {
  schema: { type: 'boolean' },
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
    read(raw) {
      if (!(values as readonly string[]).includes(raw)) throw new Expected(`one of ${values.join(', ')}`);
      return raw as T;
    },
  };
}

export function integer(minimum: number, maximum: number): Kind<number> {
  return {
    schema: { type: 'integer', minimum, maximum },
    read(raw) {
      const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isSafeInteger(n) || n < minimum || n > maximum) throw new Expected(`a whole number from ${minimum} to ${maximum}`);
      return n;
    },
  };
}

/** A query parameter: its name, documentation, and how its values (all those given) become one typed value. */
export interface Param<T> {
  name: string;
  description: string;
  /** The schema of the parameter as it appears in the query: an array when it may be repeated. */
  schema: JsonSchema;
  repeatable: boolean;
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
    one('financier', text, 'Financier name (any case) or organisation ref, e.g. "World Bank", 44000, IBRD. Only its amounts count.'),
  ),
  filterParam(
    'sector',
    one('sector', sectorCode, "Sector: a DAC 5-digit code, a 3-digit DAC category for all its codes, or a source's own sector code."),
  ),
  filterParam('status', one('status', oneOf(ACTIVITY_STATUSES), 'Normalised status.')),
  filterParam('from', one('from', isoDate, 'Approved on or after this date.')),
  filterParam('to', one('to', isoDate, 'Approved on or before this date.')),
  filterParam(
    'includeDropped',
    one('include-dropped', flag, 'Count dropped (cancelled) activities too; `include-dropped` alone means true.'),
  ),
  filterParam(
    'text',
    one('q', searchText, 'Whole words, all in the title or objective, stemmed (road finds roads); lists put the most relevant first.'),
  ),
  filterParam('region', one('region', text, 'Recipient region: an IATI region code (619) or a source\'s region name ("Central Asia").')),
  filterParam('instrument', one('instrument', text, 'Lending instrument, e.g. "Investment Project Financing" (any case).')),
  filterParam('programme', one('programme', text, 'The projects of a programme or framework, by name, e.g. CAREC.'), programmeParam),
  filterParam('asOf', one('as-of', isoDate, 'The portfolio as it stood on this day: approved by then, active then, amounts up to then.')),
  filterParam(
    'sourceStatus',
    one('source-status', flag, 'Read statuses as the sources publish them instead of by the status rule (dates win over a stale status).'),
  ),
  filterParam('statusDiffers', one('status-differs', flag, "Only the projects whose status by the rule differs from their source's.")),
];

/** The ActivityFilter that the query's filter parameters describe. */
export async function readFilter(query: URLSearchParams): Promise<ActivityFilter> {
  const filter: Record<string, unknown> = {};
  for (const { field, param, resolve } of FILTER_PARAMS) {
    const value = param.get(query);
    if (value !== undefined) filter[field] = resolve ? await resolve(value) : value;
  }
  return filter as ActivityFilter;
}

export const BY_PARAM = one<GroupBy>('by', oneOf(GROUP_BY), 'Group the rows by this field.', 'financier');

export const SECTOR_VOCABULARY_PARAM = one<SectorVocabulary>(
  'sector-vocabulary',
  oneOf(SECTOR_VOCABULARIES),
  'The vocabulary of the sector rows: dac5 (DAC 5-digit codes), dac3 (DAC 3-digit categories, 5-digit codes rolled up) or worldbank (World Bank sector names). Default: the one that covers the most of the filtered commitments (then projects; dac3 on a tie).',
);

export const MAX_LIMIT = 10_000;
export const LIMIT_PARAM = one('limit', integer(1, MAX_LIMIT), 'At most this many items on the page.', 100);
/** A map wants every place of a country's projects at once: a larger page than a table's. */
export const LOCATION_LIMIT_PARAM = one('limit', integer(1, MAX_LIMIT), 'At most this many places on the page.', 1000);
export const OFFSET_PARAM = one('offset', integer(0, Number.MAX_SAFE_INTEGER), 'Skip this many items (the page starts after them).', 0);

/** Refuses a name that no parameter of the endpoint has: a misspelt filter must not silently widen the answer. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

/**
 * No parameter's text, in the query or the path, may hold a control character: none is part of a
 * name, code or word, and one in a log line or a CSV cell is trouble. 400, naming the parameter.
 */
export function refuseControlCharacters(query: URLSearchParams, path: Record<string, string>): void {
  for (const [name, value] of [...query.entries(), ...Object.entries(path)]) {
    const control = CONTROL.exec(value);
    if (!control) continue;
    const code = (control[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    throw new ParamError(name, `text without control characters (tabs, line breaks, NUL): U+${code} at position ${control.index + 1}`);
  }
}

export function refuseUnknown(query: URLSearchParams, params: readonly Param<unknown>[]): void {
  const known = new Set(params.map((p) => p.name));
  for (const name of new Set(query.keys())) {
    if (!known.has(name)) {
      const names = [...known].join(', ') || 'none';
      throw new ParamError(name, `unknown parameter for this endpoint (its parameters: ${names})`);
    }
  }
}
