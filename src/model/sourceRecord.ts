import type { Activity } from './activity.js';
import type { Organisation } from './organisation.js';
import type { InputWarning } from './problems.js';

/** What a source reader hands to the store, in file order. */
export type SourceRecord =
  /**
   * `doc`: the activity as the store keeps it (JSON without provenance), when the reader made it
   * already; the store then neither writes it anew nor reads it back.
   */
  | { kind: 'activity'; activity: Activity; doc?: string }
  | { kind: 'organisation'; organisation: Organisation }
  | { kind: 'warning'; warning: InputWarning }
  /** Bytes of the input read so far, for progress bars. */
  | { kind: 'progress'; bytes: number };
