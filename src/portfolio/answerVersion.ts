// What every portfolio answer depends on besides the question: the store's data (its version,
// raised by every write), the day statuses are read on (today), and the programme definitions.
// Two questions asked with the same version get the same answer, so it may be kept and reused.
import { statusDay } from '../model/status.js';
import { programmesVersion } from '../sources/programmesVersion.js';
import { dataVersion } from '../store/dataVersion.js';
import type { Store } from '../store/open.js';

export async function answerVersion(store: Store): Promise<string> {
  return [await dataVersion(store), statusDay({}), programmesVersion()].join('\n');
}
