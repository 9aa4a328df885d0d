// What the store holds, and what to do next when something is missing.
import type { Store } from '../store/open.js';
import { type StoreCounts, storeCounts } from '../store/reference.js';

export interface Overview extends StoreCounts {
  store: string;
  nextSteps: string[];
}

export async function storeOverview(store: Store): Promise<Overview> {
  const counts = await storeCounts(store);
  const nextSteps: string[] = [];
  if (counts.activities === 0) nextSteps.push('Import data: devfin import FILE-OR-FOLDER (IATI activity XML, 1.0x or 2.0x)');
  if (counts.codes === 0) nextSteps.push('Get names for codes: devfin codelists update');
  if (counts.exchangeRates === 0) nextSteps.push('Get exchange rates to convert amounts to USD: devfin rates update');
  if (counts.activities > 0) nextSteps.push('Ask: devfin summary --country KZ   (devfin --help lists every command)');
  return { store: store.location, ...counts, nextSteps };
}
