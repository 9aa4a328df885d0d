// What every portfolio answer depends on besides the question: the store's data (its version,
// raised by every write), the day statuses are read on (today), and the programme definitions.
// Two questions asked with the same version get the same answer, so it may be kept and reused.
import { statusDay } from '../model/status.js';
import { programmesVersion } from '../sources/programmesVersion.js';
import { dataVersion } from '../store/dataVersion.js';
import type { Store } from '../store/open.js';

/**
 * How long the programme definition files' version is taken as current: listing the folders and
 * reading each file's size and date on every request of a busy server cost a fifth of its thread,
 * and a definition edited by hand is answered within a second.
 */
export const PROGRAMMES_RECHECK_MS = 1000;

let programmes = { checkedAt: Number.NEGATIVE_INFINITY, version: '' };

export async function answerVersion(store: Store, now: number = performance.now()): Promise<string> {
  if (now - programmes.checkedAt >= PROGRAMMES_RECHECK_MS) programmes = { checkedAt: now, version: programmesVersion() };
  return [await dataVersion(store), statusDay({}), programmes.version].join('\n');
}
