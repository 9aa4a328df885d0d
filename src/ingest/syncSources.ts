// devfin sync [worldbank|iati]: fetch projects from the live sources, page by page. Each page is
// imported in one transaction and then the place reached is saved, so an interrupted sync resumes
// where it stopped; `devfin sync` alone runs again every sync run before.
import { createHash } from 'node:crypto';
import { type Command, InvalidArgumentError } from 'commander';
import { addStoreOption, countryCode, withStore } from '../cli/options.js';
import { startProgress } from '../cli/progress.js';
import { formatWarning, InputError, type InputWarning } from '../model/problems.js';
import type { SourceRecord } from '../model/sourceRecord.js';
import { BANK_LIST_SOURCES, fetchBankList, isBankListSource } from '../sources/bankListDownload.js';
import { readBankList } from '../sources/bankLists.js';
import { searchIatiActivities } from '../sources/iati/activitySearch.js';
import { knownCodesFrom } from '../sources/iati/knownCodes.js';
import { readIatiStream } from '../sources/iati/reader.js';
import { worldBankApiActivity } from '../sources/worldbank/activity.js';
import { fetchWorldBankProjects } from '../sources/worldbank/projectsApi.js';
import { type ImportCounts, importRecords } from '../store/importRecords.js';
import type { Store } from '../store/open.js';
import { loadCodelists } from '../store/reference.js';
import { loadSyncStates, type SyncState, saveSyncState } from '../store/syncState.js';

export const SYNC_SOURCES = ['worldbank', 'iati', ...BANK_LIST_SOURCES] as const;
export type SyncSource = (typeof SYNC_SOURCES)[number];

/**
 * Banks whose projects come only through IATI (IsDB, EIB): their name is the IATI sync with their
 * publisher ref, so `devfin sync isdb --country UZ` is `devfin sync iati --publisher XM-DAC-46025 --country UZ`.
 */
export const IATI_PUBLISHERS: Record<string, string> = { isdb: 'XM-DAC-46025', eib: 'XM-DAC-918-3' };
const SOURCE_NAMES = [...SYNC_SOURCES, ...Object.keys(IATI_PUBLISHERS)];

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
  const lists = new Map<string, Set<string>>();
  for (const entry of await loadCodelists(store)) lists.set(entry.list, (lists.get(entry.list) ?? new Set()).add(entry.code));
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
    const records = readIatiStream(page.xml, page.url, { codes: knownCodesFrom(lists), importedAt });
    yield { url: page.url, sha256: hash.digest('hex'), records, nextOffset: page.nextOffset, total: page.total, last: page.last };
  }
}

async function* fromArray<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

/** Runs one sync from where it stood (or from the start); returns what was stored. `devfin serve --sync` calls it too. */
export async function runSync(
  store: Store,
  source: SyncSource,
  query: SyncQuery,
  { restart, json, pageSize }: { restart: boolean; json: boolean; pageSize?: number },
): Promise<ImportCounts> {
  const previous = (await loadSyncStates(store)).find((s) => s.source === source && JSON.stringify(s.query) === JSON.stringify(query));
  const resume = previous && !previous.completedAt && !restart ? previous.nextOffset : 0;
  const label = `${source} ${JSON.stringify(query)}`;
  if (resume > 0 && !json) process.stderr.write(`resuming ${label} at offset ${resume}\n`);
  const progress = startProgress(1, 'items', Boolean(process.stderr.isTTY) && !json);
  const totals: ImportCounts = { added: 0, replaced: 0, unchanged: 0, keptNewer: 0, organisations: 0, warnings: 0 };
  let offset = resume;
  // Problems in the source's values (a unit error, a date that is not a date) are shown, not only counted.
  const onWarning = (warning: InputWarning) => {
    totals.warnings++;
    process.stderr.write(`warning: ${warning.message} (${warning.file})\n`);
  };
  try {
    for await (const page of pagesOf(
      store,
      source,
      query,
      resume,
      pageSize,
      (done, total) => progress.update(total ? done / total : 0, `${label}: page ${done}${total ? ` of ${total}` : ''}`),
      onWarning,
    )) {
      const outcome = await importRecords(store, { location: page.url, sha256: page.sha256, kind: `${source}-sync` }, page.records, {
        // Counted with the page's counts; a known flaw that changes a figure is shown too, as by import.
        warning: (warning) => {
          if (warning.notable) process.stderr.write(`warning: ${formatWarning(warning)}\n`);
        },
      });
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
    progress.stop();
    const reason = error instanceof InputError ? `a page was rejected: ${error.message}` : (error as Error).message;
    throw new Error(`${label} stopped at offset ${offset}: ${reason}. What came before is stored; run the same command again to resume.`);
  }
  progress.stop();
  return totals;
}

export function registerSync(program: Command): void {
  addStoreOption(
    program
      .command('sync')
      .description(
        "fetch projects from the live sources: the World Bank Projects API, IATI activities (IATI Datastore with $DEVFIN_IATI_KEY, else d-portal), or ADB's, EBRD's or AIIB's own project lists (--url)",
      )
      .argument(
        '[source]',
        `${SOURCE_NAMES.join(', ')} (isdb and eib: the IATI sync of their publisher); without it, every sync run before is run again from the start`,
      )
      .option('--country <ISO2>', 'recipient country (repeatable)', countryCode)
      .option('--status <status>', 'World Bank status: Active, Closed, Dropped or Pipeline (repeatable)', (v: string, p: string[] = []) => [
        ...p,
        v,
      ])
      .option(
        '--publisher <ref>',
        'IATI reporting-org ref, e.g. 44000 (World Bank), XM-DAC-46004 (ADB) (repeatable)',
        (v: string, p: string[] = []) => [...p, v],
      )
      .option('--url <base>', 'ask this address instead of the public source: a mirror, a proxy or a local server')
      .option('--page-size <n>', 'records per request (default: 500 for the World Bank, 100 for IATI)', (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError('a whole number from 1 to 1000.');
        return n;
      })
      .option('--restart', 'start from the first page even if an earlier run stopped half-way')
      .option('--json', 'print what was stored as JSON'),
  ).action(
    async (
      source: string | undefined,
      options: {
        db?: string;
        country?: string[];
        status?: string[];
        publisher?: string[];
        url?: string;
        pageSize?: number;
        restart?: boolean;
        json?: boolean;
      },
    ) => {
      if (source && !SOURCE_NAMES.includes(source))
        throw new Error(`unknown source "${source}": use ${SOURCE_NAMES.slice(0, -1).join(', ')} or ${SOURCE_NAMES.at(-1)}`);
      const publisher = source ? IATI_PUBLISHERS[source] : undefined;
      const results = await withStore(options, async (store) => {
        const jobs: Pick<SyncState, 'source' | 'query'>[] = source
          ? [
              {
                source: publisher ? 'iati' : source,
                query: compact({
                  countries: options.country,
                  statuses: options.status,
                  publishers: publisher ? [publisher, ...(options.publisher ?? [])] : options.publisher,
                  url: options.url,
                }),
              },
            ]
          : await loadSyncStates(store);
        if (jobs.length === 0) throw new Error('no sync has been run yet; start one, e.g. devfin sync worldbank --country KZ');
        const results = [];
        for (const job of jobs) {
          const counts = await runSync(store, job.source as SyncSource, job.query as SyncQuery, {
            restart: Boolean(options.restart || !source),
            json: Boolean(options.json),
            pageSize: options.pageSize,
          });
          results.push({ source: job.source, query: job.query, counts });
          if (!options.json)
            process.stderr.write(
              `synced ${job.source} ${JSON.stringify(job.query)}: ${counts.added} added, ${counts.replaced} replaced, ${counts.unchanged} unchanged\n`,
            );
        }
        return results;
      });
      if (options.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    },
  );
}

function compact(query: SyncQuery): SyncQuery {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v?.length)) as SyncQuery;
}
