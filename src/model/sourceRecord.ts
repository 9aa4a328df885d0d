import type { Activity } from './activity.js';
import type { Organisation } from './organisation.js';
import type { InputWarning } from './problems.js';

/** What a source reader hands to the store, in file order. */
export type SourceRecord =
  | { kind: 'activity'; activity: Activity }
  | { kind: 'organisation'; organisation: Organisation }
  | { kind: 'warning'; warning: InputWarning }
  /** Bytes of the input read so far, for progress bars. */
  | { kind: 'progress'; bytes: number };
