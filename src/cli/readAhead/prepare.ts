// An IATI file's records as the store takes them: activities already laid out (see
// PreparedActivity), everything else as the reader gives it. Runs on the read-ahead thread.

import type { KnownCodes } from '../../sources/iati/knownCodes.js';
import { readIatiFile } from '../../sources/iati/reader.js';
import { prepareActivity } from '../../store/activityRows.js';
import type { StoreInput } from '../../store/importRecords.js';

export type ReadRecord = StoreInput | { kind: 'header' };

export async function* preparedIatiRecords(path: string, codes: KnownCodes): AsyncGenerator<ReadRecord> {
  for await (const record of readIatiFile(path, { codes })) {
    yield record.kind === 'activity' ? { kind: 'prepared-activity', prepared: prepareActivity(record.activity) } : record;
  }
}
