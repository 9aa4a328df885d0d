// The real public data that tests read lives beside the checkout (../shared/data), never inside it.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file so tests work from any working directory. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The shared data folder described in its own README. */
export const SHARED_DATA = path.resolve(REPO_ROOT, '../shared/data');
