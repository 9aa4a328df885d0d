// The floor the importer is compared with: the same saxes configuration, stream and decoder the
// reader uses (xmlns + position, the reader's chunk size, TextDecoder), counting <iati-activity> open
// tags and doing nothing else.
import { createReadStream } from 'node:fs';
import { TextDecoder } from 'node:util';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { READ_CHUNK_BYTES } from '../../src/sources/iati/reader.js';

export async function bareXmlPass(path: string): Promise<number> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  let activities = 0;
  parser.on('opentag', (tag: SaxesTagNS) => {
    if (tag.local === 'iati-activity') activities++;
  });
  parser.on('error', (error: Error) => {
    throw error;
  });
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK_BYTES })) {
    parser.write(decoder.decode(chunk as Buffer, { stream: true }));
  }
  const rest = decoder.decode();
  if (rest) parser.write(rest);
  parser.close();
  return activities;
}
