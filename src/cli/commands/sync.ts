// devfin sync [worldbank|iati]: fetch projects from the live sources, page by page (src/ingest/
// syncSources.ts); an interrupted sync resumes where it stopped, and `devfin sync` alone runs again
// every sync run before (in a store started from the snapshot, the first time: the CAREC countries'
// World Bank projects). Here: the arguments, and the progress and warnings printed on stderr.
import { type Command, InvalidArgumentError } from 'commander';
import type { ImportCounts } from '../../ingest/importFiles.js';
import {
  IATI_PUBLISHERS,
  previousSyncs,
  runSync,
  SYNC_SOURCE_NAMES,
  type SyncJob,
  type SyncQuery,
  type SyncSource,
} from '../../ingest/syncSources.js';
import { formatWarning } from '../../model/problems.js';
import { storeOverview } from '../../portfolio/overview.js';
import { findProgramme } from '../../portfolio/programmes.js';
import type { Store } from '../../store/open.js';
import { addStoreOption, countryCode, withStore } from '../options.js';
import { startProgress } from '../progress.js';

/** Runs one sync with its progress bar (at a terminal, without --json) and its warnings on stderr. `devfin serve --sync` runs it too. */
export async function runPrintedSync(
  store: Store,
  source: SyncSource,
  query: SyncQuery,
  { restart, json, pageSize }: { restart: boolean; json: boolean; pageSize?: number },
): Promise<ImportCounts> {
  const label = `${source} ${JSON.stringify(query)}`;
  const progress = startProgress(1, 'items', Boolean(process.stderr.isTTY) && !json);
  try {
    return await runSync(
      store,
      source,
      query,
      { restart, pageSize },
      {
        onResume: (offset) => {
          if (!json) progress.log(`resuming ${label} at offset ${offset}`);
        },
        onPage: (done, total) => progress.update(total ? done / total : 0, `${label}: page ${done}${total ? ` of ${total}` : ''}`),
        // Problems in the source's values (a unit error, a date that is not a date) are shown, not only counted.
        onSourceWarning: (warning) => process.stderr.write(`warning: ${warning.message} (${warning.file})\n`),
        // Counted with the page's counts; a known flaw that changes a figure is shown too, as by import.
        onRecordWarning: (warning) => {
          if (warning.notable) process.stderr.write(`warning: ${formatWarning(warning)}\n`);
        },
      },
    );
  } finally {
    progress.stop();
  }
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
        `${SYNC_SOURCE_NAMES.join(', ')} (isdb and eib: the IATI sync of their publisher); without it, every sync run before is run again from the start`,
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
      if (source && !SYNC_SOURCE_NAMES.includes(source))
        throw new Error(`unknown source "${source}": use ${SYNC_SOURCE_NAMES.slice(0, -1).join(', ')} or ${SYNC_SOURCE_NAMES.at(-1)}`);
      const publisher = source ? IATI_PUBLISHERS[source] : undefined;
      const results = await withStore(options, async (store) => {
        const jobs: SyncJob[] = source
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
          : await previousSyncs(store);
        // A store started from the snapshot is refreshed from the source the snapshot was taken from.
        if (jobs.length === 0 && (await storeOverview(store)).snapshot)
          jobs.push({ source: 'worldbank', query: { countries: (await findProgramme('CAREC')).countries } });
        if (jobs.length === 0) throw new Error('no sync has been run yet; start one, e.g. devfin sync worldbank --country KZ');
        const results = [];
        for (const job of jobs) {
          const counts = await runPrintedSync(store, job.source as SyncSource, job.query as SyncQuery, {
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
