// The banks' own project lists that devfin reads from files: which list a file is (by how it
// starts), and its records.
import type { SourceRecord } from '../model/sourceRecord.js';
import { looksLikeAdbProjectList, readAdbProjectList } from './adb/projectList.js';
import { looksLikeAiibProjectList, readAiibProjectList } from './aiib/projectList.js';
import { looksLikeEbrdPsdList, readEbrdPsdList } from './ebrd/psdList.js';
import { readUtf8File } from './textFile.js';

export const BANK_LIST_FORMATS = ['adb-projects', 'ebrd-psd', 'aiib-projects'] as const;
export type BankListFormat = (typeof BANK_LIST_FORMATS)[number];

/** Which bank's list a file is, from its first few kilobytes; null for none. */
export function bankListFormatOf(head: string): BankListFormat | null {
  if (looksLikeAdbProjectList(head)) return 'adb-projects';
  if (looksLikeEbrdPsdList(head)) return 'ebrd-psd';
  if (looksLikeAiibProjectList(head)) return 'aiib-projects';
  return null;
}

/** The records of a bank's list read from text (a file's or a download's). */
export function readBankList(text: string, format: BankListFormat, source: string, importedAt: string): Generator<SourceRecord> {
  switch (format) {
    case 'adb-projects':
      return readAdbProjectList(text, source, importedAt);
    case 'ebrd-psd':
      return readEbrdPsdList(text, source, importedAt);
    case 'aiib-projects':
      return readAiibProjectList(text, source, importedAt);
  }
}

export async function* readBankListFile(path: string, format: BankListFormat): AsyncGenerator<SourceRecord> {
  yield* readBankList(await readUtf8File(path), format, path, new Date().toISOString());
}
