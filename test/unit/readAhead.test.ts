// What crosses between the reading thread and the importing thread (cli/readAhead/protocol.ts):
// every record of a real file, sent as postMessage sends it (a structured clone) and taken back,
// must be the record the store would have had from reading the file in one thread.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromWire, toWire } from '../../src/cli/readAhead/protocol.js';
import { listSourceFiles, readSourceFile } from '../../src/sources/files.js';
import { NO_KNOWN_CODES } from '../../src/sources/iati/knownCodes.js';
import { recordDoc } from '../../src/store/activityRows.js';
import { SHARED_DATA } from '../support/sharedData.js';

describe('records sent between the threads', () => {
  it('arrive as read, each activity with the document the store keeps', async () => {
    const [file] = await listSourceFiles([path.join(SHARED_DATA, 'iati/usaid-carec/usaid-kz.xml')]);
    if (!file) throw new Error('usaid-kz.xml is missing');
    const kinds = new Map<string, number>();
    for await (const record of readSourceFile(file, NO_KNOWN_CODES)) {
      const received = fromWire(structuredClone(toWire(record)));
      kinds.set(record.kind, (kinds.get(record.kind) ?? 0) + 1);
      if (record.kind !== 'activity') {
        expect(received).toEqual(record);
        continue;
      }
      if (received.kind !== 'activity') throw new Error(`an activity came back as ${received.kind}`);
      expect(received.doc).toBe(recordDoc(record.activity));
      expect(received.activity.provenance).toEqual(record.activity.provenance);
      // JSON keeps everything an activity holds except properties that are undefined.
      expect(received.activity).toEqual(JSON.parse(JSON.stringify(record.activity)));
    }
    expect(kinds.get('activity')).toBeGreaterThan(10);
    expect(kinds.get('progress')).toBeGreaterThan(0);
  });
});
