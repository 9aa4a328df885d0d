// Downloading a bank's own project list (ADB's and EBRD's CSV exports, AIIB's data file). Each is
// one file, so a sync is one request (retried like every request, see http.ts) and one page.
// None of the three publishes a stable address for its export, so devfin asks for one: `--url`,
// or the bank's environment variable, pointing at the export (or a mirror or a saved copy served
// locally).

import type { BankListFormat } from './bankLists.js';
import { fetchBytes, HttpError } from './http.js';
import { decodeUtf8Strictly } from './textFile.js';

export const BANK_LIST_SOURCES = ['adb', 'ebrd', 'aiib'] as const;
export type BankListSource = (typeof BANK_LIST_SOURCES)[number];

const LISTS: Record<BankListSource, { format: BankListFormat; variable: string; what: string }> = {
  adb: { format: 'adb-projects', variable: 'DEVFIN_ADB_URL', what: "ADB's sovereign projects list (the CSV export of adb.org/projects)" },
  ebrd: {
    format: 'ebrd-psd',
    variable: 'DEVFIN_EBRD_URL',
    what: "EBRD's list of Project Summary Documents (the CSV export of ebrd.com's project search)",
  },
  aiib: {
    format: 'aiib-projects',
    variable: 'DEVFIN_AIIB_URL',
    what: "AIIB's project list (the data file of aiib.org's project list page)",
  },
};

export function isBankListSource(source: string): source is BankListSource {
  return (BANK_LIST_SOURCES as readonly string[]).includes(source);
}

export interface BankListDownload {
  url: string;
  format: BankListFormat;
  bytes: Uint8Array;
  text: string;
}

/** The list as text; an error says where to get it by hand when the address is missing or unreachable. */
export async function fetchBankList(source: BankListSource, explicitUrl?: string): Promise<BankListDownload> {
  const list = LISTS[source];
  const url = explicitUrl ?? process.env[list.variable]?.trim();
  if (!url) {
    throw new Error(
      `${list.what} has no fixed address devfin can rely on: give it with --url URL or ${list.variable}, or download it and run \`devfin import FILE\``,
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = await fetchBytes(url);
  } catch (error) {
    if (error instanceof HttpError && error.status === null) {
      throw new Error(`${error.message}. Offline, or the address is wrong? Download ${list.what} by hand and run \`devfin import FILE\``);
    }
    throw error;
  }
  return { url, format: list.format, bytes, text: decodeUtf8Strictly(bytes, url) };
}
