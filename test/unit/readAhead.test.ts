// What crosses between the reading thread and the importing thread (ingest/readAhead/protocol.ts):
// every record of a real file, sent as postMessage sends it (a structured clone), must give the
// store what it would have had from reading the file in one thread.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toWire } from '../../src/ingest/readAhead/protocol.js';
import { mergeRecords } from '../../src/model/project.js';
import { listSourceFiles, readSourceFile } from '../../src/sources/files.js';
import { NO_KNOWN_CODES } from '../../src/sources/iati/knownCodes.js';
import { projectRows, recordDoc, recordFromDoc } from '../../src/store/activityRows.js';
import { SHARED_DATA } from '../support/sharedData.js';

describe('records sent between the threads', () => {
  it('arrive as read, each activity with the document the store keeps and, when asked for, its rows', async () => {
    const [file] = await listSourceFiles([path.join(SHARED_DATA, 'iati/usaid-carec/usaid-kz.xml')]);
    if (!file) throw new Error('usaid-kz.xml is missing');
    const kinds = new Map<string, number>();
    for await (const record of readSourceFile(file, NO_KNOWN_CODES)) {
      kinds.set(record.kind, (kinds.get(record.kind) ?? 0) + 1);
      for (const withRows of [false, true]) {
        const received = structuredClone(toWire(record, withRows));
        if (record.kind !== 'activity') {
          expect(received).toEqual(record);
          continue;
        }
        if (received.kind !== 'prepared-activity') throw new Error(`an activity came back as ${received.kind}`);
        expect(received.doc).toBe(recordDoc(record.activity));
        expect(received.provenance).toEqual(record.activity.provenance);
        // JSON keeps everything an activity holds except properties that are undefined.
        const parsed = recordFromDoc(received.doc, received.provenance);
        expect(parsed).toEqual(JSON.parse(JSON.stringify(record.activity)));
        // The rows laid out on the reading thread are those the importer would make from the document.
        expect(received.rows).toEqual(withRows ? projectRows(mergeRecords([parsed])) : null);
      }
    }
    expect(kinds.get('activity')).toBeGreaterThan(10);
    expect(kinds.get('progress')).toBeGreaterThan(0);
  });
});
