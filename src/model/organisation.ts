import type { Narrative } from './activity.js';
import type { Provenance } from './provenance.js';

/** An organisation as described in an IATI organisation file. */
export interface Organisation {
  ref: string;
  names: Narrative[];
  type: string | null;
  provenance: Provenance;
}
