// Syncs from the live sources (what `devfin sync` and `devfin serve --sync` run), page by page.
// Each page is imported in one transaction and then the place reached is saved, so an interrupted
// sync resumes where it stopped. Nothing here prints: progress and warnings go to the callbacks.
import { createHash } from 'node:crypto';
import type { ImportLogEntry } from '../model/answers.js';
import { InputError, type InputWarning } from '../model/problems.js';
import type { SourceRecord } from '../model/sourceRecord.js';
import { BANK_LIST_SOURCES, fetchBankList, isBankListSource } from '../sources/bankListDownload.js';
import { readBankList } from '../sources/bankLists.js';
import { searchIatiActivities } from '../sources/iati/activitySearch.js';
import { readIatiStream } from '../sources/iati/reader.js';
import { worldBankApiActivity } from '../sources/worldbank/activity.js';
import { fetchWorldBankProjects } from '../sources/worldbank/projectsApi.js';
import { logImport } from '../store/importLog.js';
import { type ImportCounts, importRecords } from '../store/importRecords.js';
import type { Store } from '../store/open.js';
import { loadSyncStates, type SyncState, saveSyncState } from '../store/syncState.js';
import { cliActor } from './actor.js';
import { storeKnownCodes } from './importFiles.js';

export const SYNC_SOURCES = ['worldbank', 'iati', ...BANK_LIST_SOURCES] as const;
export type SyncSource = (typeof SYNC_SOURCES)[number];

/**
 * Banks whose projects come only through IATI (IsDB, EIB): their name is the IATI sync with their
 * publisher ref, so `devfin sync isdb --country UZ` is `devfin sync iati --publisher XM-DAC-46025 --country UZ`.
 */
export const IATI_PUBLISHERS: Record<string, string> = { isdb: 'XM-DAC-46025', eib: 'XM-DAC-918-3' };
/** Every name a sync can be asked for by. */
export const SYNC_SOURCE_NAMES = [...SYNC_SOURCES, ...Object.keys(IATI_PUBLISHERS)];

/** A sync as it is saved: its source and what it asks for. */
export type SyncJob = Pick<SyncState, 'source' | 'query'>;

/** The syncs run before, to run again. */
export async function previousSyncs(store: Store): Promise<SyncJob[]> {
  return loadSyncStates(store);
}

/** What a sync tells of itself as it goes; each is optional. */
export interface SyncCallbacks {
  /** An earlier run of the same sync stopped half-way: this one goes on from that offset. */
  onResume?: (offset: number) => void;
  /** Pages fetched so far, of the total when the source says it. */
  onPage?: (done: number, total: number | null) => void;
  /** A problem in the source's values (a unit error, a date that is not a date); counted in `warnings`. */
  onSourceWarning?: (warning: InputWarning) => void;
  /** A warning of the import of a page's records (counted with the page's counts). */
  onRecordWarning?: (warning: InputWarning) => void;
}

export type SyncQuery = {
  countries?: string[];
  statuses?: string[];
  publishers?: string[];
  /** A mirror, proxy or local server to ask instead of the public source; kept so `devfin sync` asks it again. */
  url?: string;
};

/** What one page brings: its address and content fingerprint, and the records read from it. */
interface SyncPage {
  url: string;
  sha256: string;
  records: AsyncIterable<SourceRecord | { kind: string }>;
  nextOffset: number;
  total: number | null;
  last: boolean;
}

async function* pagesOf(
  store: Store,
  source: SyncSource,
  query: SyncQuery,
  startOffset: number,
  pageSize: number | undefined,
  onPage: (done: number, total: number | null) => void,
  onWarning: (warning: InputWarning) => void,
): AsyncGenerator<SyncPage> {
  const importedAt = new Date().toISOString();
  if (isBankListSource(source)) {
    // The whole list is one download: one page, fetched again from the start by every run.
    const list = await fetchBankList(source, query.url);
    onPage(1, 1);
    yield {
      url: list.url,
      sha256: createHash('sha256').update(list.bytes).digest('hex'),
      records: fromArray([...readBankList(list.text, list.format, list.url, importedAt)]),
      nextOffset: 1,
      total: 1,
      last: true,
    };
    return;
  }
  if (source === 'worldbank') {
    const pages = fetchWorldBankProjects({
      url: query.url,
      countries: query.countries,
      statuses: query.statuses,
      startOffset,
      pageSize,
      onProgress: (p) => onPage(p.pagesDone, p.pagesTotal),
      onWarning,
    });
    for await (const page of pages) {
      const activities = page.rows.map((row) => worldBankApiActivity(row, page.url, importedAt));
      const sha256 = createHash('sha256').update(JSON.stringify(page.rows)).digest('hex');
      yield {
        url: page.url,
        sha256,
        records: fromArray(activities.map((activity) => ({ kind: 'activity' as const, activity }))),
        nextOffset: page.nextOffset,
        total: page.total,
        last: page.last,
      };
    }
    return;
  }
  const { codes } = await storeKnownCodes(store);
  const pages = searchIatiActivities({
    // The base of whichever service is used (the Datastore with a key, else d-portal).
    datastoreUrl: query.url,
    dportalUrl: query.url,
    countries: query.countries,
    publishers: query.publishers,
    startOffset,
    pageSize,
    onProgress: (p) => onPage(p.pagesDone, p.pagesTotal),
  });
  for await (const page of pages) {
    const hash = createHash('sha256');
    for await (const chunk of page.xml) hash.update(chunk);
    const records = readIatiStream(page.xml, page.url, { codes, importedAt });
    yield { url: page.url, sha256: hash.digest('hex'), records, nextOffset: page.nextOffset, total: page.total, last: page.last };
  }
}

async function* fromArray<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

const NO_COUNTS = { added: 0, replaced: 0, unchanged: 0, keptNewer: 0, organisations: 0 };

/** Runs one sync from where it stood (or from the start); returns what was stored. */
export async function runSync(
  store: Store,
  source: SyncSource,
  query: SyncQuery,
  { restart, pageSize, actor = cliActor() }: { restart: boolean; pageSize?: number; actor?: string },
  { onResume = () => {}, onPage = () => {}, onSourceWarning = () => {}, onRecordWarning = () => {} }: SyncCallbacks = {},
): Promise<ImportCounts> {
  const previous = (await loadSyncStates(store)).find((s) => s.source === source && JSON.stringify(s.query) === JSON.stringify(query));
  const resume = previous && !previous.completedAt && !restart ? previous.nextOffset : 0;
  const label = `${source} ${JSON.stringify(query)}`;
  if (resume > 0) onResume(resume);
  const totals: ImportCounts = { added: 0, replaced: 0, unchanged: 0, keptNewer: 0, organisations: 0, warnings: 0 };
  let offset = resume;
  // Each page is logged with the warnings met while fetching and reading it.
  let pageWarnings: InputWarning[] = [];
  const onWarning = (warning: InputWarning) => {
    totals.warnings++;
    pageWarnings.push(warning);
    onSourceWarning(warning);
  };
  try {
    for await (const page of pagesOf(store, source, query, resume, pageSize, onPage, onWarning)) {
      const startedAt = new Date().toISOString();
      const log = (entry: Pick<ImportLogEntry, 'status' | 'counts' | 'error'>) =>
        logImport(
          store,
          {
            kind: 'sync',
            location: page.url,
            sha256: page.sha256,
            format: `${source}-sync`,
            actor,
            startedAt,
            finishedAt: new Date().toISOString(),
            warnings: pageWarnings.length,
            ...entry,
          },
          pageWarnings,
        );
      let outcome: Awaited<ReturnType<typeof importRecords>>;
      try {
        outcome = await importRecords(store, { location: page.url, sha256: page.sha256, kind: `${source}-sync` }, page.records, {
          warning: (warning) => {
            pageWarnings.push(warning);
            onRecordWarning(warning);
          },
        });
      } catch (error) {
        if (error instanceof InputError)
          await log({ status: 'rejected', counts: NO_COUNTS, error: { message: error.message, line: error.position.line } });
        throw error;
      }
      await log({ status: outcome.status, counts: outcome.status === 'imported' ? outcome.counts : NO_COUNTS, error: null });
      pageWarnings = [];
      if (outcome.status === 'imported')
        for (const key of Object.keys(totals) as (keyof ImportCounts)[]) totals[key] += outcome.counts[key];
      offset = page.nextOffset;
      await saveSyncState(store, {
        source,
        query: { ...query },
        nextOffset: offset,
        total: page.total,
        completedAt: page.last ? new Date().toISOString() : null,
      });
    }
  } catch (error) {
    const reason = error instanceof InputError ? `a page was rejected: ${error.message}` : (error as Error).message;
    throw new Error(`${label} stopped at offset ${offset}: ${reason}. What came before is stored; run the same command again to resume.`);
  }
  return totals;
}
