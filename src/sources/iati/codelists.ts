// IATI codelists (sector, country, currency, transaction type, …) from the JSON copies that
// codeforIATI publishes: one file per list, English names, the same codes as the official XML.
// Only version 2 lists are fetched: the activity reader maps 1.0x codes to 2.0x codes itself.

import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { CodelistEntry } from '../../model/codelist.js';
import { InputError } from '../../model/problems.js';
import { fetchText, type HttpRequestOptions, parseJsonText, resolveBaseUrl } from '../http.js';

export const CODELISTS_DEFAULT_BASE_URL = 'https://codelists.codeforiati.org/';
export const CODELISTS_URL_VARIABLE = 'DEVFIN_CODELISTS_URL';

/** The lists whose codes devfin stores and shows by name. */
export const CODELISTS_NEEDED = [
  'ActivityStatus',
  'ActivityDateType',
  'ActivityScope',
  'AidType',
  'BudgetType',
  'CollaborationType',
  'Country',
  'Currency',
  'DescriptionType',
  'DocumentCategory',
  'FinanceType',
  'FlowType',
  'OrganisationRole',
  'OrganisationType',
  'Region',
  'RegionVocabulary',
  'RelatedActivityType',
  'Sector',
  'SectorCategory',
  'SectorVocabulary',
  'TiedStatus',
  'TransactionType',
  'Language',
] as const;

export interface CodelistDownloadOptions extends HttpRequestOptions {
  /** Where the lists are; else $DEVFIN_CODELISTS_URL, else the codeforIATI site. */
  baseUrl?: string;
  /** Which lists; the ones devfin needs by default. */
  lists?: readonly string[];
  /** Downloads at the same time: small files, so a few in parallel, but not a flood on a free host. */
  concurrency?: number;
  onProgress?: (progress: { list: string; url: string; listsDone: number; listsTotal: number }) => void;
}

/** The address of one version 2 list in English. */
export function codelistUrl(baseUrl: string, list: string): string {
  return new URL(`api/json/en/${encodeURIComponent(list)}.json`, baseUrl).href;
}

/** Downloads the lists; the map keeps the order of `lists`. Fails as a whole if any list fails. */
export async function downloadCodelists(options: CodelistDownloadOptions = {}): Promise<Map<string, CodelistEntry[]>> {
  const baseUrl = resolveBaseUrl(options.baseUrl, CODELISTS_URL_VARIABLE, CODELISTS_DEFAULT_BASE_URL);
  const lists = options.lists ?? CODELISTS_NEEDED;
  const results = new Map<string, CodelistEntry[]>(lists.map((list) => [list, []]));
  let next = 0;
  let done = 0;

  const worker = async (): Promise<void> => {
    while (next < lists.length) {
      const list = lists[next++] as string;
      const url = codelistUrl(baseUrl, list);
      results.set(list, parseCodelistJson(await fetchText(url, options), list, url));
      done++;
      options.onProgress?.({ list, url, listsDone: done, listsTotal: lists.length });
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 4, lists.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

/**
 * Reads one list from a local JSON file, gzipped when its name ends in `.gz` (as the first-start
 * snapshot keeps them); the list name is the file name without `.json` (or `.json.gz`).
 */
export async function readCodelistFile(path: string): Promise<CodelistEntry[]> {
  const bytes = await readFile(path);
  const gzipped = path.toLowerCase().endsWith('.gz');
  const text = (gzipped ? gunzipSync(bytes) : bytes).toString('utf8');
  return parseCodelistJson(text, basename(gzipped ? path.slice(0, -3) : path, '.json'), path);
}

/**
 * Turns one codeforIATI JSON list (`{attributes, metadata, data: [{code, name, category, status}]}`)
 * into entries. `source` names the file or URL in errors.
 */
export function parseCodelistJson(text: string, list: string, source: string): CodelistEntry[] {
  const document = parseJsonText(text, source);
  const data = isRecord(document) ? document.data : undefined;
  if (!Array.isArray(data)) throw new InputError({ file: source, line: null }, 'not a codelist: no "data" array');

  const byCode = new Map<string, CodelistEntry>();
  data.forEach((item: unknown, index) => {
    const code = isRecord(item) ? item.code : undefined;
    if (!isRecord(item) || (typeof code !== 'string' && typeof code !== 'number') || String(code).trim() === '') {
      throw new InputError({ file: source, line: null }, `data[${index}] has no code`);
    }
    const entry: CodelistEntry = {
      list,
      code: String(code).trim(),
      // A few lists (Version, FileFormat) have codes but no names; the code is the best label then.
      name: typeof item.name === 'string' && item.name.trim() !== '' ? item.name.trim() : String(code).trim(),
      category: typeof item.category === 'string' && item.category !== '' ? item.category : null,
      withdrawn: item.status === 'withdrawn',
    };
    // A code must be one entry, but some lists repeat one (CRSChannelCode has a few codes twice, with
    // and without a category). The first stays, unless it is withdrawn and the repeat is in use.
    const earlier = byCode.get(entry.code);
    if (!earlier || (earlier.withdrawn && !entry.withdrawn)) byCode.set(entry.code, entry);
  });
  return [...byCode.values()];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
