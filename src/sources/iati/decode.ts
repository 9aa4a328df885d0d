// Turns the bytes of an XML file into text, honouring the byte-order mark or the encoding that
// the XML declaration names, and refusing bytes that the encoding cannot represent.
import { TextDecoder } from 'node:util';
import { InputError } from '../../model/problems.js';

const DECLARATION = /^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/;

interface Detected {
  encoding: string;
  bomLength: number;
}

function detectEncoding(head: Buffer, file: string): Detected {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  if (head[0] === 0x3c && head[1] === 0x00) return { encoding: 'utf-16le', bomLength: 0 };
  if (head[0] === 0x00 && head[1] === 0x3c) return { encoding: 'utf-16be', bomLength: 0 };
  const declared = DECLARATION.exec(head.subarray(0, 200).toString('latin1'))?.[1];
  if (!declared) return { encoding: 'utf-8', bomLength: 0 };
  const label = declared.toLowerCase();
  if (label.startsWith('utf-16') || label === 'ucs-2') {
    throw new InputError(
      { file, line: 1 },
      `the XML declaration says encoding "${declared}", but the file is written in a single-byte encoding (no UTF-16 byte order); fix the declaration or re-save the file`,
    );
  }
  try {
    new TextDecoder(label);
  } catch {
    throw new InputError({ file, line: 1 }, `unsupported encoding "${declared}" in the XML declaration`);
  }
  return { encoding: label, bomLength: 0 };
}

function countLines(text: string): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/**
 * Decodes a byte stream to text chunks; a byte sequence invalid in the encoding is an InputError
 * naming the line. `lineOfNextText` says on which line the next chunk starts (the XML parser that
 * took the chunks before knows), so that lines are only counted when there is an error to place.
 */
export async function* decodeXmlText(chunks: AsyncIterable<Buffer>, file: string, lineOfNextText: () => number): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null;
  let encoding = 'utf-8';
  const decode = (bytes: Buffer, stream: boolean): string => {
    try {
      // biome-ignore lint/style/noNonNullAssertion: set before the first call
      return decoder!.decode(bytes, { stream });
    } catch {
      // The decoder does not say where; find the line by decoding leniently up to the bad byte.
      const lenient = new TextDecoder(encoding).decode(bytes);
      const bad = lenient.indexOf('\uFFFD');
      const line = lineOfNextText() + countLines(lenient.slice(0, bad === -1 ? lenient.length : bad));
      throw new InputError(
        { file, line },
        `bytes that are not valid ${encoding.toUpperCase()}; the file's encoding does not match its declaration (or lack of one, which means UTF-8)`,
      );
    }
  };
  for await (const chunk of chunks) {
    let bytes = chunk;
    if (!decoder) {
      const detected = detectEncoding(chunk, file);
      encoding = detected.encoding;
      decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
      bytes = chunk.subarray(detected.bomLength);
    }
    const text = decode(bytes, true);
    if (text) yield text;
  }
  if (decoder) {
    const rest = decode(Buffer.alloc(0), false);
    if (rest) yield rest;
  }
}
