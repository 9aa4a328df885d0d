// A workbook's expanded size, checked before exceljs reads it: an XLSX is a zip, and a few MB of
// zip can expand to gigabytes (one 2.6 MB workbook's strings came to 2.5 GB and killed the reader).
import type yauzl from 'yauzl';
import { InputError } from '../model/problems.js';

/**
 * The most a workbook may expand to, all its zip entries together. The World Bank's projects
 * export, the largest workbook devfin reads, expands to some tens of MB; the reader holds the
 * workbook's shared strings in memory, so this also bounds what it holds.
 */
export const MAX_XLSX_EXPANDED_BYTES = 256 * 1024 * 1024;

/**
 * Refuses (an InputError naming the file) a workbook whose entries declare more than `limit` bytes
 * in all, then inflates each entry once, counting, so that an entry that lies about its size is
 * caught too (yauzl also checks each entry against what it declares). Nothing is kept.
 */
export async function checkXlsxExpandedSize(path: string, limit = MAX_XLSX_EXPANDED_BYTES): Promise<void> {
  const refuse = (reason: string) => new InputError({ file: path, line: null }, reason);
  const overLimit = (bytes: number) =>
    refuse(
      `the workbook expands to more than ${limit / (1024 * 1024)} MB (${bytes.toLocaleString('en-US')} bytes or more); devfin refuses larger workbooks`,
    );
  // Loaded when a workbook is read, as exceljs is: other commands start without it.
  const { default: unzip } = await import('yauzl');
  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      unzip.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, opened) =>
        error ? reject(error) : resolve(opened),
      ),
    );
  } catch (error) {
    throw refuse(`not a readable XLSX workbook: ${(error as Error).message}`);
  }
  try {
    const entries: yauzl.Entry[] = [];
    let declared = 0;
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        declared += entry.uncompressedSize;
        if (declared > limit) return reject(overLimit(declared));
        entries.push(entry);
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', (error: Error) => reject(refuse(`not a readable XLSX workbook: ${error.message}`)));
      zip.readEntry();
    });
    let inflated = 0;
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue;
      const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
        zip.openReadStream(entry, (error, opened) =>
          error ? reject(refuse(`not a readable XLSX workbook: ${error.message}`)) : resolve(opened),
        ),
      );
      try {
        for await (const chunk of stream) {
          inflated += (chunk as Buffer).length;
          if (inflated > limit) throw overLimit(inflated);
        }
      } catch (error) {
        (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        if (error instanceof InputError) throw error;
        throw refuse(`not a readable XLSX workbook: ${entry.fileName}: ${(error as Error).message}`);
      }
    }
  } finally {
    zip.close();
  }
}
