// Which files an import names: files as given, folders searched recursively for readable formats.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { SourceRecord } from '../model/sourceRecord.js';
import { BANK_LIST_FORMATS, type BankListFormat, bankListFormatOf, readBankListFile } from './bankLists.js';
import type { KnownCodes } from './iati/knownCodes.js';
import { type IatiRecord, readIatiFile } from './iati/reader.js';
import { companionFiles, isWorldBankExport, readWorldBankExport } from './worldbank/exportReader.js';

export type SourceFormat = 'iati-xml' | 'worldbank-export' | BankListFormat;

export interface SourceFileRef {
  path: string;
  format: SourceFormat;
  /** Files read together with this one (a World Bank export's companion tables). */
  companions: string[];
  bytes: number;
  /**
   * What the store's list of files, and the records' provenance (World Bank exports: the only
   * format the first-start snapshot ships), name instead of the path: the snapshot is read from a
   * temporary copy, but its records say "snapshot of DATE".
   */
  label?: string;
  /** A World Bank export whose tables are not in project id order: its companion rows are grouped in memory (see readWorldBankExport). */
  groupCompanions?: boolean;
}

async function formatOf(path: string): Promise<SourceFormat | null> {
  const extension = extname(path).toLowerCase();
  if (extension === '.xml') return 'iati-xml';
  // The banks' lists are known by what they start with (their header, or AIIB's `var data=`),
  // whatever the file is called (ADB's export is named like the World Bank's, *projects*.csv).
  const bankList = extension === '.csv' || extension === '.js' || extension === '.txt' ? bankListFormatOf(await headOf(path)) : null;
  if (bankList) return bankList;
  if ((extension === '.csv' || extension === '.xlsx') && isWorldBankExport(path)) return 'worldbank-export';
  return null;
}

/** The first bytes of a file as text, enough to hold a list's title lines and header. */
async function headOf(path: string): Promise<string> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(8192), 0, 8192, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await file.close();
  }
}

async function fileRef(path: string, format: SourceFormat): Promise<SourceFileRef> {
  const companions = format === 'worldbank-export' ? Object.values(companionFiles(path)) : [];
  let bytes = 0;
  for (const file of [path, ...companions]) bytes += (await stat(file)).size;
  return { path, format, companions, bytes };
}

/** The records of a file, in file order, from the reader of its format. */
export function readSourceFile(file: SourceFileRef, codes: KnownCodes): AsyncGenerator<IatiRecord | SourceRecord> {
  if ((BANK_LIST_FORMATS as readonly string[]).includes(file.format)) return readBankListFile(file.path, file.format as BankListFormat);
  return file.format === 'iati-xml'
    ? readIatiFile(file.path, { codes })
    : readWorldBankExport(file.path, { location: file.label, groupCompanions: file.groupCompanions });
}

/**
 * Files named directly are read as World Bank exports when their name says so (projects*.csv or
 * .xlsx), as a bank's project list when they start like one (ADB's or EBRD's CSV, AIIB's data
 * file), else as IATI XML; folders give their .xml files, World Bank exports and banks' lists.
 */
export async function listSourceFiles(paths: string[]): Promise<SourceFileRef[]> {
  const found: SourceFileRef[] = [];
  for (const given of paths) {
    const path = resolve(given);
    const info = await stat(path).catch(() => null);
    if (!info) throw new Error(`${given}: no such file or folder`);
    if (info.isDirectory()) found.push(...(await listFolder(path)));
    else found.push(await fileRef(path, (await formatOf(path)) ?? 'iati-xml'));
  }
  return found;
}

async function listFolder(folder: string): Promise<SourceFileRef[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  const found: SourceFileRef[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...(await listFolder(path)));
    else {
      const format = entry.isFile() ? await formatOf(path) : null;
      if (entry.isFile() && format) found.push(await fileRef(path, format));
    }
  }
  return found;
}

/**
 * The files that options such as `--from` name: files as given, folders replaced by their files
 * (not sub-folders) whose names end in one of `endings`, sorted by name so the order is the same
 * on every machine. A folder with none of them is an error that says what was looked for.
 */
export async function filesNamed(paths: string[], endings: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const given of paths) {
    const info = await stat(given).catch(() => null);
    if (!info) throw new Error(`${given}: no such file or folder`);
    if (!info.isDirectory()) {
      found.push(given);
      continue;
    }
    const entries = await readdir(given, { withFileTypes: true });
    const names = entries
      .filter((entry) => entry.isFile() && endings.some((ending) => entry.name.toLowerCase().endsWith(ending)))
      .map((entry) => entry.name)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    if (names.length === 0) throw new Error(`${given}: a folder with no ${endings.map((e) => `*${e}`).join(' or ')} files`);
    found.push(...names.map((name) => join(given, name)));
  }
  return found;
}

/** Large reads: hashing is fast, and the stream's default 64 KiB chunks spent more time waiting than hashing. */
const HASH_CHUNK = 1024 * 1024;

/** The fingerprint of what an import reads: the file and its companions, in order. */
export async function sha256OfFiles(paths: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const path of paths) {
    hash.update(`${path.length}:`);
    for await (const chunk of createReadStream(path, { highWaterMark: HASH_CHUNK })) hash.update(chunk);
  }
  return hash.digest('hex');
}
