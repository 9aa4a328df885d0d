// Query parameters of the HTTP API. The parameters of portfolio questions and how each is read are
// defined once in src/portfolio/parameters.ts (the CLI makes its options from the same table); here
// are the API's own (paging, grouping) and the refusal of unknown names. The names are the CLI's
// option names (--include-dropped is include-dropped=true).

import { GROUP_BY, type GroupBy } from '../model/filter.js';
import { SECTOR_VOCABULARIES, type SectorVocabulary } from '../model/sectorVocabularies.js';
import { displayCurrency } from '../portfolio/displayCurrency.js';
import { CURRENCY_PARAM, integer, one, oneOf, type Param, ParamError } from '../portfolio/parameters.js';
import type { Store } from '../store/open.js';

export {
  CURRENCY_PARAM,
  FILTER_PARAMS,
  flag,
  isoDate,
  type JsonSchema,
  one,
  oneOf,
  type Param,
  ParamError,
  readFilter,
  text,
} from '../portfolio/parameters.js';

export const BY_PARAM = one<GroupBy>('by', oneOf(GROUP_BY), 'Group the rows by this field.', 'financier');

export const SECTOR_VOCABULARY_PARAM = one<SectorVocabulary>(
  'sector-vocabulary',
  oneOf(SECTOR_VOCABULARIES),
  'The vocabulary of the sector rows: dac5 (DAC 5-digit codes), dac3 (DAC 3-digit categories, 5-digit codes rolled up) or worldbank (World Bank sector names). Default: the one that covers the most of the filtered commitments (then projects; dac3 on a tie).',
);

/** The answer's currency; one the store has no rates for is the client's mistake (400, naming the parameter). */
export function readCurrency(store: Store, query: URLSearchParams): Promise<string> {
  return displayCurrency(store, CURRENCY_PARAM.get(query));
}

export const MAX_LIMIT = 10_000;
export const LIMIT_PARAM = one('limit', integer(1, MAX_LIMIT), 'At most this many items on the page.', 100);
/** A map wants every place of a country's projects at once: a larger page than a table's. */
export const LOCATION_LIMIT_PARAM = one('limit', integer(1, MAX_LIMIT), 'At most this many places on the page.', 1000);
export const OFFSET_PARAM = one('offset', integer(0, Number.MAX_SAFE_INTEGER), 'Skip this many items (the page starts after them).', 0);

/** Refuses a name that no parameter of the endpoint has: a misspelt filter must not silently widen the answer. */
export function refuseUnknown(query: URLSearchParams, params: readonly Param<unknown>[]): void {
  const known = new Set(params.map((p) => p.name));
  for (const name of new Set(query.keys())) {
    if (!known.has(name)) {
      const names = [...known].join(', ') || 'none';
      throw new ParamError(name, `unknown parameter for this endpoint (its parameters: ${names})`);
    }
  }
}
