// The currency an answer gives its figures in: USD unless asked, and only one that figures can be
// converted to, i.e. an ISO 4217 code with exchange rates in the store.
import type { Store } from '../store/open.js';
import { DEFAULT_CURRENCY } from './currency.js';
import { currencyCode, Expected, ParamError } from './parameters.js';
import { referenceData } from './referenceCache.js';

/**
 * The code asked for (`--currency`, `currency=`), upper-cased, once the store is known to have its
 * rates; USD when none is asked. A code it cannot give figures in is a ParamError naming `currency`
 * (the CLI's exit 2, the API's 400), listing the codes that have rates.
 */
export async function displayCurrency(store: Store, asked: string | undefined): Promise<string> {
  if (asked === undefined) return DEFAULT_CURRENCY;
  let code: string | null;
  try {
    code = currencyCode.read(asked);
  } catch (error) {
    if (!(error instanceof Expected)) throw error;
    code = null;
  }
  const known = (await referenceData(store)).converter.currencies();
  if (code && known.includes(code)) return code;
  const loaded =
    known.length > 1
      ? `the store has rates for ${known.length} currencies: ${known.join(', ')}`
      : 'the store has no rates: run `devfin rates update`';
  throw new ParamError(
    'currency',
    `unknown currency ${JSON.stringify(asked)}: expected an ISO 4217 code (three letters, e.g. KZT) with exchange rates loaded; ${loaded}`,
  );
}
