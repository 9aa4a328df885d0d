// Codelist names and exchange rates, kept in memory per store between questions (a server answers
// many) and reloaded when the store's reference data changes.
import type { Store } from '../store/open.js';
import { loadCodelists, loadExchangeRates, referenceVersion } from '../store/reference.js';
import { UsdConverter } from './currency.js';
import { Labels } from './labels.js';

interface Reference {
  version: string;
  labels: Labels;
  converter: UsdConverter;
}

const cache = new WeakMap<Store, Reference>();

export async function referenceData(store: Store): Promise<{ labels: Labels; converter: UsdConverter }> {
  const version = await referenceVersion(store);
  const cached = cache.get(store);
  if (cached?.version === version) return cached;
  const [codes, rates] = await Promise.all([loadCodelists(store), loadExchangeRates(store)]);
  const fresh = { version, labels: new Labels(codes), converter: new UsdConverter(rates) };
  cache.set(store, fresh);
  return fresh;
}
