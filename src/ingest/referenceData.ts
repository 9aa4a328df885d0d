// The reference data into the store: IATI codelists (names of codes, and the codes imports check
// against) and exchange rates to the US dollar. The CLI reads or downloads them (src/sources) and
// stores them through here.
import type { CodelistEntry } from '../model/codelist.js';
import type { ExchangeRate } from '../model/exchangeRate.js';
import type { Store } from '../store/open.js';
import { replaceCodelists, saveExchangeRates } from '../store/reference.js';

/** Replaces the stored lists that `entries` bring (other lists are kept), in one transaction. */
export async function storeCodelists(store: Store, entries: CodelistEntry[]): Promise<void> {
  await replaceCodelists(store, entries);
}

/** Stores the rates (one already stored for the same currency, frequency and period is replaced); returns how many were written. */
export async function storeExchangeRates(store: Store, rates: AsyncIterable<ExchangeRate> | Iterable<ExchangeRate>): Promise<number> {
  return saveExchangeRates(store, rates);
}
