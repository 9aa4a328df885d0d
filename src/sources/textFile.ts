// A whole text file read strictly as UTF-8, for the banks' project lists (a few megabytes at most):
// bytes that are not UTF-8 (a list saved as Windows-1252, a binary file) reject the file with the
// line they are on, rather than turning into replacement characters in stored names.
import { readFile } from 'node:fs/promises';
import { InputError } from '../model/problems.js';

/** The text of `bytes` (a byte-order mark dropped); `source` names the file or URL in errors. */
export function decodeUtf8Strictly(bytes: Uint8Array, source: string): string {
  if (Buffer.from(bytes).toString('latin1').trim() === '') throw new InputError({ file: source, line: null }, 'the file is empty');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const line = bytes.subarray(0, bad).filter((byte) => byte === 0x0a).length + 1;
    throw new InputError(
      { file: source, line },
      `not valid UTF-8 (byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')}): save the file as UTF-8`,
    );
  }
}

export async function readUtf8File(path: string): Promise<string> {
  return decodeUtf8Strictly(await readFile(path), path);
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  // A streaming decode stops at an invalid sequence but waits at an incomplete one at the end.
  let low = 0;
  let high = bytes.length;
  const decodes = (end: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  if (decodes(high)) return high;
  // The longest prefix that decodes ends just before the bad byte.
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (decodes(mid)) low = mid;
    else high = mid - 1;
  }
  // The prefix may end in the first bytes of a sequence the next byte breaks: the fault starts at its lead byte.
  let start = low;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, start));
    return start;
  } catch {
    // It does: walk back to the lead byte below.
  }
  while (start > 0 && ((bytes[start - 1] ?? 0) & 0xc0) === 0x80) start--;
  if (start > 0 && (bytes[start - 1] ?? 0) >= 0xc0) start--;
  return start;
}
