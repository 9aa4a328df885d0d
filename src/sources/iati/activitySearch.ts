// Client for IATI activities by recipient country and publisher from a public IATI service, in
// pages of activity XML that readIatiStream(page.xml, page.url) reads like any IATI file.
// A pure source: it fetches and yields; importing the pages and keeping the resume offset is the
// caller's job.
//
// Two services, as this client relies on them:
//
// IATI Datastore v3 (used when a key is known: DEVFIN_IATI_KEY, a free key from
// developer.iatistandard.org, sent as the Ocp-Apim-Subscription-Key header):
//   GET https://api.iatistandard.org/datastore/activity/iati
//         ?q=recipient_country_code:("KZ") AND reporting_org_ref:("44000")&rows=100&start=0
//   200 <iati-activities version="2.03" generated-datetime="…"><iati-activity>…</iati-activity>…
//   A page past the end is an empty root: <iati-activities generated-datetime="" version="2.03"/>.
//   `q` is Solr syntax over fields named after the XML (recipient_country_code, reporting_org_ref,
//   sector_code, …; a transaction's country is transaction_recipient_country_code, asked too);
//   `start`/`rows` page. The XML carries no count, so the count comes first from
//   the Solr JSON endpoint: GET …/activity/select?q=…&rows=0&wt=json → {"response": {"numFound": N}}.
//   Sources: IATI's guide "How to use the Datastore API" (endpoints activity/select, the key
//   header, field naming) and public scripts paging /activity/iati by reporting_org_ref with
//   rows/start until that empty root comes back.
//
// d-portal (no key): its "Q" API turns URL parameters into SQL over its activity tables:
//   GET https://d-portal.org/q.xml?from=act,country&country_code=KZ|UZ&reporting_ref=44000
//         &orderby=aid&limit=100&offset=0
//   200 <iati-activities version="2.03">\n<iati-activity dstore:dataset="worldbank-kz" …>…
//   Several values of one filter are separated by | ; `limit` and `offset` page (a page past the
//   end holds no <iati-activity>); `orderby=aid` makes the order, and so the offsets, stable.
//   Each activity is d-portal's re-serialisation, with dstore:* attributes naming its dataset.
//   Joining the country table can list an activity once per matching country, so activities are
//   de-duplicated here (as the diterator library does by default).
//   Sources: d-portal's documents/dstore_q.md and dstore/js/query.js (parameter parsing, the XML
//   wrapper, LIMIT/OFFSET), and public scripts paging q.xml by country_code with limit/offset.
//
// Neither service promises a snapshot: publishers refresh daily, so an offset saved long ago can
// skip or repeat a few activities. The importer keeps the newest version of each activity, so a
// repeat changes nothing; run a full sync now and then to catch the skipped.

import { InputError } from '../../model/problems.js';
import { fetchBytes, fetchJson, HttpError, type HttpRequestOptions, resolveBaseUrl } from '../http.js';
import { READ_CHUNK_BYTES } from './reader.js';

export const IATI_DATASTORE_DEFAULT_URL = 'https://api.iatistandard.org/datastore/';
export const IATI_DATASTORE_URL_VARIABLE = 'DEVFIN_IATI_DATASTORE_URL';
export const IATI_KEY_VARIABLE = 'DEVFIN_IATI_KEY';
export const DPORTAL_DEFAULT_URL = 'https://d-portal.org/';
export const DPORTAL_URL_VARIABLE = 'DEVFIN_DPORTAL_URL';

export type IatiSearchService = 'datastore' | 'dportal';

export const IATI_SEARCH_MAX_PAGE_SIZE = 1000;
/** An IFI activity is tens of kilobytes of XML, so a hundred make a page of a few megabytes. */
const DEFAULT_PAGE_SIZE = 100;

export interface IatiActivitySearchOptions extends Omit<HttpRequestOptions, 'headers' | 'onBytes'> {
  /** ISO 3166-1 alpha-2 codes of recipient countries; any of them matches. */
  countries?: readonly string[];
  /** reporting-org refs (e.g. 44000 for the World Bank, XM-DAC-46004 for ADB); any of them matches. */
  publishers?: readonly string[];
  /** The Datastore when a key is known, else d-portal. */
  service?: IatiSearchService;
  /** The Datastore subscription key; else $DEVFIN_IATI_KEY. */
  apiKey?: string;
  /** Else $DEVFIN_IATI_DATASTORE_URL, else the public Datastore. */
  datastoreUrl?: string;
  /** Else $DEVFIN_DPORTAL_URL, else d-portal.org. */
  dportalUrl?: string;
  /** Activities per request, at most 1,000. */
  pageSize?: number;
  /** Where to start: the `nextOffset` of the last page a previous run imported. */
  startOffset?: number;
  onProgress?: (progress: IatiSearchProgress) => void;
}

export interface IatiSearchPage {
  service: IatiSearchService;
  /** The request (never with the key), for provenance and messages; give it to the reader as the file name. */
  url: string;
  offset: number;
  /** The offset to resume from once this page is imported. */
  nextOffset: number;
  /** Activities the query matches, when the service says (the Datastore does, d-portal does not). */
  total: number | null;
  /** iati-identifiers of the activities in `xml`, in order. */
  activityIds: string[];
  /** Activities left out because this run already had them. */
  duplicatesSkipped: number;
  last: boolean;
  /** The page as an IATI activity file; it can be read more than once. */
  xml: AsyncIterable<Buffer>;
}

export interface IatiSearchProgress {
  service: IatiSearchService;
  /** Pages up to the current offset, counted from offset 0 so a resumed run continues the count. */
  pagesDone: number;
  pagesTotal: number | null;
  /** The offset after the page just read. */
  offset: number;
  total: number | null;
}

/**
 * Pages of IATI activities for the given recipient countries and publishers, from `startOffset`
 * on. Requests are retried with back-off on 408/429/5xx, dropped connections and timeouts (see
 * http.ts); cancelling through `signal` stops between or during requests. After importing a page,
 * persist its `nextOffset`: a new run given it as `startOffset` continues with the next page.
 */
export async function* searchIatiActivities(options: IatiActivitySearchOptions): AsyncGenerator<IatiSearchPage> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > IATI_SEARCH_MAX_PAGE_SIZE) {
    throw new RangeError(`pageSize must be a whole number from 1 to ${IATI_SEARCH_MAX_PAGE_SIZE}, not ${pageSize}`);
  }
  let offset = options.startOffset ?? 0;
  if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`startOffset must be a whole number of at least 0, not ${offset}`);
  const plan = planSearch(options);
  const total = await plan.count();
  const seen = new Set<string>();

  for (;;) {
    if (total !== null && offset >= total) return;
    options.signal?.throwIfAborted();
    const url = plan.pageUrl(offset, pageSize);
    const bytes = await plan.fetchPage(url);
    const page = dropRepeatedActivities(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), seen);
    if (page.found === 0) return;

    const nextOffset = offset + page.found;
    const last = page.found < pageSize || (total !== null && nextOffset >= total);
    options.onProgress?.({
      service: plan.service,
      pagesDone: Math.ceil(nextOffset / pageSize),
      pagesTotal: total === null ? null : Math.ceil(total / pageSize),
      offset: nextOffset,
      total,
    });
    yield {
      service: plan.service,
      url,
      offset,
      nextOffset,
      total,
      activityIds: page.ids,
      duplicatesSkipped: page.found - page.ids.length,
      last,
      xml: rereadable(page.bytes),
    };
    if (last) return;
    offset = nextOffset;
  }
}

// --- the two services -------------------------------------------------------------------------

interface SearchPlan {
  service: IatiSearchService;
  /** Activities matching, when the service can say. */
  count(): Promise<number | null>;
  pageUrl(offset: number, pageSize: number): string;
  fetchPage(url: string): Promise<Uint8Array>;
}

function planSearch(options: IatiActivitySearchOptions): SearchPlan {
  const countries = normaliseCountryCodes(options.countries ?? []);
  const publishers = [...new Set((options.publishers ?? []).map((ref) => ref.trim()))];
  if (publishers.includes('')) throw new RangeError('a publisher ref is empty');
  if (countries.length === 0 && publishers.length === 0) {
    // Without a filter the query is every IATI activity there is: millions.
    throw new RangeError('give at least one recipient country or publisher');
  }
  const apiKey = options.apiKey ?? (process.env[IATI_KEY_VARIABLE]?.trim() || undefined);
  const service = options.service ?? (apiKey ? 'datastore' : 'dportal');

  if (service === 'datastore') {
    if (!apiKey) {
      throw new Error(`the IATI Datastore needs a subscription key: set ${IATI_KEY_VARIABLE} (free from developer.iatistandard.org)`);
    }
    const base = resolveBaseUrl(options.datastoreUrl, IATI_DATASTORE_URL_VARIABLE, IATI_DATASTORE_DEFAULT_URL);
    // Publishers that split an activity by country (USAID and others) name the country on each
    // transaction and not on the activity, so both fields are asked.
    const countryClause =
      countries.length > 0
        ? `(${solrClause('recipient_country_code', countries)} OR ${solrClause('transaction_recipient_country_code', countries)})`
        : '';
    const q = [countryClause, solrClause('reporting_org_ref', publishers)].filter(Boolean).join(' AND ');
    const headers = { 'Ocp-Apim-Subscription-Key': apiKey };
    return {
      service,
      async count() {
        const url = withQuery(new URL('activity/select', base), { q, rows: '0', wt: 'json' });
        const body = await explainRefusedKey(fetchJson(url, { ...options, headers }));
        const found = isRecord(body) && isRecord(body.response) ? body.response.numFound : undefined;
        if (typeof found !== 'number' || !Number.isInteger(found) || found < 0) {
          throw new InputError({ file: url, line: null }, 'not an IATI Datastore response: no response.numFound');
        }
        return found;
      },
      pageUrl: (offset, pageSize) => withQuery(new URL('activity/iati', base), { q, rows: String(pageSize), start: String(offset) }),
      fetchPage: (url) => explainRefusedKey(fetchBytes(url, { ...options, headers })),
    };
  }

  const bad = publishers.find((ref) => /[|,]/.test(ref));
  // d-portal splits every value on | and , so such a ref would become two.
  if (bad !== undefined) throw new RangeError(`publisher ref ${JSON.stringify(bad)} has a | or , which d-portal cannot search for`);
  const base = resolveBaseUrl(options.dportalUrl, DPORTAL_URL_VARIABLE, DPORTAL_DEFAULT_URL);
  const filters: Record<string, string> = { from: countries.length > 0 ? 'act,country' : 'act' };
  if (countries.length > 0) filters.country_code = countries.join('|');
  if (publishers.length > 0) filters.reporting_ref = publishers.join('|');
  return {
    service,
    count: async () => null,
    pageUrl: (offset, pageSize) =>
      withQuery(new URL('q.xml', base), { ...filters, orderby: 'aid', limit: String(pageSize), offset: String(offset) }),
    fetchPage: (url) => fetchBytes(url, options),
  };
}

/** `field:("A" OR "B")`, quoted so refs with - or : stay one term; '' without values. */
function solrClause(field: string, values: readonly string[]): string {
  if (values.length === 0) return '';
  return `${field}:(${values.map((value) => `"${value.replace(/["\\]/g, '\\$&')}"`).join(' OR ')})`;
}

/** A refused key is a setup problem, not a network one: say which setting to check. */
async function explainRefusedKey<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof HttpError && (error.status === 401 || error.status === 403)) {
      throw new HttpError(
        error.url,
        error.status,
        error.attempts,
        `HTTP ${error.status}: the IATI Datastore refused the key in ${IATI_KEY_VARIABLE}`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}

// --- pages ------------------------------------------------------------------------------------

interface ActivityPage {
  bytes: Buffer;
  /** <iati-activity> elements the service sent, repeats included: the offset advances by this. */
  found: number;
  /** Identifiers of the activities kept, in order. */
  ids: string[];
}

/**
 * Counts the page's activities and blanks out any this run already had. A page with no repeat is
 * passed on byte for byte; a repeat is replaced by as many line breaks as it spanned, so the
 * reader's line numbers still point into the page as the service sent it.
 */
function dropRepeatedActivities(bytes: Buffer, seen: Set<string>): ActivityPage {
  const text = bytes.toString('utf8');
  const ids: string[] = [];
  const repeats: { start: number; end: number }[] = [];
  let found = 0;
  const starts = /<iati-activity[\s>/]/g;
  for (let match = starts.exec(text); match !== null; match = starts.exec(text)) {
    found++;
    const close = text.indexOf('</iati-activity>', match.index);
    const end = close === -1 ? text.length : close + '</iati-activity>'.length;
    const id = /<iati-identifier>([^<]*)<\/iati-identifier>/.exec(text.slice(match.index, end))?.[1]?.trim();
    if (id === undefined) continue; // the reader will say what is wrong with it
    if (seen.has(id)) {
      repeats.push({ start: match.index, end });
    } else {
      seen.add(id);
      ids.push(id);
    }
    starts.lastIndex = Math.max(starts.lastIndex, end);
  }
  if (repeats.length === 0) return { bytes, found, ids };
  let kept = '';
  let from = 0;
  for (const { start, end } of repeats) {
    kept += text.slice(from, start) + '\n'.repeat(text.slice(start, end).split('\n').length - 1);
    from = end;
  }
  return { bytes: Buffer.from(kept + text.slice(from), 'utf8'), found, ids };
}

/** The page's bytes in reader-sized chunks, as often as asked. */
function rereadable(bytes: Buffer): AsyncIterable<Buffer> {
  return {
    async *[Symbol.asyncIterator]() {
      for (let start = 0; start < bytes.length; start += READ_CHUNK_BYTES) yield bytes.subarray(start, start + READ_CHUNK_BYTES);
    },
  };
}

function withQuery(url: URL, query: Record<string, string>): string {
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.href;
}

function normaliseCountryCodes(codes: readonly string[]): string[] {
  const normalised = [...new Set(codes.map((code) => code.trim().toUpperCase()))];
  const bad = normalised.find((code) => !/^[A-Z]{2}$/.test(code));
  if (bad !== undefined) throw new RangeError(`country ${JSON.stringify(bad)} is not a two-letter ISO 3166-1 code`);
  return normalised;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
