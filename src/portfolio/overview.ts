// What the store holds, and what to do next when something is missing.
import { SNAPSHOT_LOCATION_PREFIX, snapshotDateOf } from '../model/provenance.js';
import type { Store } from '../store/open.js';
import { type StoreCounts, sourceFilesNamed, storeCounts } from '../store/reference.js';

export interface Overview extends StoreCounts {
  store: string;
  /**
   * The first-start snapshot the store holds projects of (its date, YYYY-MM-DD), or null: the
   * dashboard says the figures are as of that day until the user refreshes them.
   */
  snapshot: { asOf: string } | null;
  nextSteps: string[];
}

export async function storeOverview(store: Store): Promise<Overview> {
  const counts = await storeCounts(store);
  const snapshotDates = (await sourceFilesNamed(store, SNAPSHOT_LOCATION_PREFIX)).flatMap((location) => snapshotDateOf(location) ?? []);
  const snapshot = snapshotDates.length > 0 ? { asOf: snapshotDates.sort().at(-1) as string } : null;
  const nextSteps: string[] = [];
  if (counts.activities === 0) nextSteps.push('Import data: devfin import FILE-OR-FOLDER (IATI activity XML, 1.0x or 2.0x)');
  if (counts.codes === 0) nextSteps.push('Get names for codes: devfin codelists update');
  if (counts.exchangeRates === 0) nextSteps.push('Get exchange rates to convert amounts to USD: devfin rates update');
  if (snapshot) nextSteps.push(`Refresh the snapshot of ${snapshot.asOf} from the World Bank API: devfin sync`);
  if (counts.activities > 0) nextSteps.push('Ask: devfin summary --country KZ   (devfin --help lists every command)');
  return { store: store.location, ...counts, snapshot, nextSteps };
}
