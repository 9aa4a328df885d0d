// Every endpoint of the HTTP API in one table: its path, parameters, answer and handler. The app
// serves this table and /openapi.json describes it, so the two cannot drift apart. Handlers only
// read parameters and call src/portfolio: the CLI calls the same functions, so the answers agree.

import { readFileSync } from 'node:fs';
import { basename, isAbsolute } from 'node:path';
import { type ActivityFilter, GROUP_BY } from '../model/filter.js';
import { hasActivityAfter, portfolioActivities, portfolioActivity, streamActivities } from '../portfolio/activities.js';
import { activityColumns, FACET_COLUMNS, LOCATION_COLUMNS, PROGRAMME_COLUMNS, summaryColumns } from '../portfolio/columns.js';
import { facetTable, portfolioFacets } from '../portfolio/facets.js';
import { dataQuality, importDetail, importLog, projectWarnings } from '../portfolio/imports.js';
import { countPlaces, locationPages, portfolioLocations } from '../portfolio/locations.js';
import { storeOverview } from '../portfolio/overview.js';
import { listProgrammes, programmeNamed, programmeReport } from '../portfolio/programmes.js';
import { portfolioSummary } from '../portfolio/summary.js';
import type { Store } from '../store/open.js';
import { checkStatementText } from '../verify/checkStatement.js';
import { DOCS_CONTENT_SECURITY_POLICY, docsPage } from './docsPage.js';
import { ApiError } from './errors.js';
import { EXPORT_PAGE_SIZE, type StreamedTable } from './exports.js';
import type { Format, TableAnswer } from './formats.js';
import { openApiDocument } from './openapi.js';
import {
  BY_PARAM,
  CURRENCY_PARAM,
  FILTER_PARAMS,
  isoDate,
  type JsonSchema,
  LIMIT_PARAM,
  LOCATION_LIMIT_PARAM,
  OFFSET_PARAM,
  one,
  type Param,
  ParamError,
  readCurrency,
  readFilter,
  SECTOR_VOCABULARY_PARAM,
} from './params.js';
import { RECORD_OPERATIONS, recordApiPaths } from './recordApiDocs.js';
import { schemaRef } from './schemas.js';

export const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export interface ApiRequest {
  store: Store;
  url: URL;
  /** The query string; each parameter is validated where a handler reads it. */
  query: URLSearchParams;
  /** Path parameters, decoded. */
  path: Record<string, string>;
  format: Format;
  /** A POST route's body, read whole (within the route's maxBodyBytes), and its media type without parameters. */
  body?: { text: string; mediaType: string };
}

/** A JSON answer (a list endpoint answers with a TableAnswer, which also has CSV and XLSX forms). */
export interface JsonAnswer {
  json: unknown;
  headers?: Record<string, string>;
}

export type Answer = Response | JsonAnswer | TableAnswer<unknown> | StreamedTable<unknown>;

export interface Route {
  /** As OpenAPI writes it: /api/activities/{id}. A path parameter matches the rest of the path, slashes included. */
  path: string;
  /** GET unless said; a POST route's answer depends on its body, so it is never kept in the answer cache. */
  method?: 'GET' | 'POST';
  /** A POST route's body: what it holds, in each media type taken. */
  requestBody?: { description: string; content: Record<string, { schema: JsonSchema }> };
  /** A POST route's largest body; a larger one is refused with 413. */
  maxBodyBytes?: number;
  operationId: string;
  summary: string;
  description?: string;
  pathParams?: { name: string; description: string; schema: JsonSchema }[];
  query: readonly Param<unknown>[];
  /** The forms of the answer; a list (more than JSON) is also served at PATH.csv and PATH.xlsx. Empty: not JSON (a page). */
  formats: readonly Format[];
  /** The 200 answer: a JSON schema, or the media type of a page. */
  ok: { description: string; schema: JsonSchema } | { description: string; mediaType: string } | { description: string; redirect: true };
  notFound?: string;
  /** Asks the store a question: waits its turn behind the others (see questionQueue.ts). */
  asksStore?: boolean;
  /** Its CSV and XLSX forms are streamed exports of up to 10,000 rows: they take an export slot (see exports.ts). */
  heavyExport?: boolean;
  handle(request: ApiRequest): Promise<Answer>;
}

const FILTERS = FILTER_PARAMS.map((f) => f.param);

/** "/api/activities?offset=200&limit=100..." for the page at `offset`, keeping every other parameter as given. */
function pageLink(url: URL, offset: number): string {
  const query = new URLSearchParams(url.searchParams);
  query.set('offset', String(offset));
  return `${url.pathname}?${query}`;
}

/**
 * One page of a list: `fetch` is asked for one item more than the page, which tells whether a next
 * page exists without counting the whole list.
 */
async function onePage<L extends { items: unknown[] }>(
  request: ApiRequest,
  limitParam: Param<number>,
  fetch: (filter: ActivityFilter, page: { limit: number; offset: number }) => Promise<L>,
): Promise<{ list: L; items: L['items']; limit: number; offset: number; next: string | null; headers?: Record<string, string> }> {
  const filter = await readFilter(request.query);
  const limit = limitParam.get(request.query) as number;
  const offset = OFFSET_PARAM.get(request.query) as number;
  const list = await fetch(filter, { limit: limit + 1, offset });
  const items = list.items.slice(0, limit);
  const next = list.items.length > limit ? pageLink(request.url, offset + limit) : null;
  return { list, items, limit, offset, next, headers: next ? { link: `<${next}>; rel="next"` } : undefined };
}

/**
 * The CSV or XLSX form of one page of a list, streamed (exports.ts): its rows are read as they are
 * written. Whether a next page exists is asked first (`hasMore`, with the position after the
 * page), so that the Link header can go before the rows.
 */
async function exportedPage<T>(
  request: ApiRequest,
  limitParam: Param<number>,
  table: { name: string; columns: StreamedTable<T>['columns'] },
  open: (filter: ActivityFilter, page: { limit: number; offset: number; pageSize: number }) => Pick<StreamedTable<T>, 'pages' | 'notes'>,
  hasMore: (filter: ActivityFilter, end: number) => Promise<boolean>,
): Promise<StreamedTable<T>> {
  const filter = await readFilter(request.query);
  const limit = limitParam.get(request.query) as number;
  const offset = OFFSET_PARAM.get(request.query) as number;
  const next = (await hasMore(filter, offset + limit)) ? pageLink(request.url, offset + limit) : null;
  const { pages, notes } = open(filter, { limit, offset, pageSize: EXPORT_PAGE_SIZE });
  return { ...table, pages, notes, headers: next ? { link: `<${next}>; rel="next"` } : undefined };
}

/**
 * The largest statement body taken. The statements devfin is tried on are 2-3 KB of text (those in
 * ../shared/data and bench/statements); a hundred times that is room for any statement's text, or a
 * saved article page, and none for a document dump to read on the server's time.
 */
export const STATEMENT_MAX_BYTES = 256 * 1024;

const STATEMENT_DATE_PARAM = one(
  'date',
  isoDate,
  'The day the statement speaks of (default: the date the text gives in a "Date:" line or its page, else today). For a JSON body, give it as its `date` field instead.',
);

/**
 * The statement's text and the date asked for, from a JSON body (`{"text", "date"}`) or a text
 * body (with `?date=`). The text is only read: one that is a URL is a statement of a URL, never fetched.
 */
function statementRequest(body: ApiRequest['body'], query: URLSearchParams): { text: string; date: string | undefined } {
  const queryDate = STATEMENT_DATE_PARAM.get(query);
  const { text: raw, mediaType } = body ?? { text: '', mediaType: '' };
  let text: unknown = raw;
  let date: string | undefined = queryDate;
  if (mediaType === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw new ApiError(400, `the body is not JSON: ${(error as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new ApiError(400, 'the body must be a JSON object: {"text": "...", "date": "YYYY-MM-DD"}');
    const fields = parsed as Record<string, unknown>;
    const unknown = Object.keys(fields).filter((key) => key !== 'text' && key !== 'date');
    if (unknown.length > 0)
      throw new ApiError(400, `unknown field ${unknown.map((k) => JSON.stringify(k)).join(', ')} in the body (its fields: text, date)`);
    text = fields.text;
    if (fields.date !== undefined && fields.date !== null) {
      if (queryDate !== undefined) throw new ParamError('date', 'given both in the body and in the query: give it once');
      if (typeof fields.date !== 'string')
        throw new ParamError('date', `expected a date as YYYY-MM-DD, got ${JSON.stringify(fields.date)}`);
      date = STATEMENT_DATE_PARAM.get(new URLSearchParams({ date: fields.date }));
    }
  } else if (mediaType !== 'text/plain' && mediaType !== 'text/html') {
    throw new ApiError(
      415,
      `a statement is sent as application/json ({"text": "...", "date": "YYYY-MM-DD"}) or as text/plain; got ${mediaType || 'no content type'}`,
    );
  }
  if (typeof text !== 'string' || text.trim() === '')
    throw new ApiError(
      400,
      mediaType === 'application/json'
        ? 'the body has no "text": give the statement\'s text as a string'
        : "the body is empty: send the statement's text",
    );
  return { text, date };
}

/**
 * Where the server keeps its files is no one's business over HTTP either: a file path is shown
 * by its file name only (a URL, of a database or a source, passes whole).
 */
export function publicLocation(location: string): string {
  // Only a path is shortened: a URL, or a label such as "snapshot of 2025-03-31 (worldbank/projects.csv)", passes whole.
  return isAbsolute(location) ? basename(location) : location;
}

/** The value with every provenance's file path shown by its file name (see publicLocation). */
function withPublicLocations<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (key, field) =>
    key === 'provenance' && field && typeof field.location === 'string' ? { ...field, location: publicLocation(field.location) } : field,
  ) as T;
}

/** A database URL's password is no one's business over HTTP; a file path passes unchanged. */
export function withoutPassword(location: string): string {
  return location.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@]*):[^/@]*@/i, '$1:***@');
}

export const ROUTES: readonly Route[] = [
  {
    path: '/api/summary',
    operationId: 'summary',
    asksStore: true,
    summary: 'How many activities, how many active, commitments and disbursements (USD or `currency`), by group',
    description:
      'The same answer as `devfin summary [filters] --by FIELD --json`. CSV and XLSX hold the rows (not the total), with the columns of `devfin summary --csv`.',
    query: [...FILTERS, BY_PARAM, SECTOR_VOCABULARY_PARAM, CURRENCY_PARAM],
    formats: ['json', 'csv', 'xlsx'],
    ok: { description: 'The totals and one row per group.', schema: schemaRef('Summary') },
    async handle({ store, query }) {
      const summary = await portfolioSummary(store, await readFilter(query), BY_PARAM.get(query), {
        sectorVocabulary: SECTOR_VOCABULARY_PARAM.get(query),
        currency: await readCurrency(store, query),
      });
      return { json: summary, name: 'summary', rows: summary.rows, columns: summaryColumns(summary.currency), notes: summary.notes };
    },
  },
  {
    path: '/api/activities',
    operationId: 'activities',
    asksStore: true,
    summary: 'The activities behind the numbers, newest approval first, a page at a time',
    description:
      'The items are those of `devfin activities [filters] --json`. Follow `next` (also sent as a `Link: <...>; rel="next"` header, for CSV and XLSX too) until it is null to read every item once. CSV and XLSX hold the page, with the columns of `devfin activities --csv`.',
    query: [...FILTERS, LIMIT_PARAM, OFFSET_PARAM, CURRENCY_PARAM],
    formats: ['json', 'csv', 'xlsx'],
    ok: { description: 'One page of activities.', schema: schemaRef('ActivityPage') },
    heavyExport: true,
    async handle(request) {
      const { store } = request;
      const currency = await readCurrency(store, request.query);
      if (request.format !== 'json')
        return exportedPage(
          request,
          LIMIT_PARAM,
          { name: 'activities', columns: activityColumns(currency) },
          (filter, page) => streamActivities(store, filter, page, currency),
          (filter, end) => hasActivityAfter(store, filter, end),
        );
      const { list, items, limit, offset, next, headers } = await onePage(request, LIMIT_PARAM, (filter, page) =>
        portfolioActivities(store, filter, page, currency),
      );
      const json = { currency, items, limit, offset, next, notes: list.notes };
      return { json, name: 'activities', rows: items, columns: activityColumns(currency), notes: list.notes, headers };
    },
  },
  {
    path: '/api/activities/{id}',
    operationId: 'activity',
    asksStore: true,
    summary: 'One project: every field, all its source records with their provenance',
    description:
      'The same answer as `devfin activity ID --json`. The id may be the project id, any of its records\' ids, or an id without its publisher prefix (P179204) when only one record ends with it. Percent-encode a "/" in an id as %2F (or leave it: the id is the rest of the path).',
    pathParams: [{ name: 'id', description: 'Activity or project identifier, e.g. P179204 or 44000-P179204.', schema: { type: 'string' } }],
    query: [CURRENCY_PARAM],
    formats: ['json'],
    ok: { description: 'The project.', schema: schemaRef('ActivityDetail') },
    notFound: 'No activity with this id in the store.',
    async handle({ store, path, query }) {
      const id = path.id ?? '';
      const detail = await portfolioActivity(store, id, await readCurrency(store, query));
      if (!detail) throw new ApiError(404, `no activity with id ${id} in the store`);
      return { json: withPublicLocations(detail) };
    },
  },
  {
    path: '/api/locations',
    operationId: 'locations',
    asksStore: true,
    summary: 'Where the projects are: the places with coordinates of the activities behind the numbers, a page at a time',
    description:
      "The places of the same activities as `/api/activities` with the same filters, in the same order (each project's places in its source's order); only places with coordinates. `projects` is how many activities the filter has, `located` how many of them have at least one place. Follow `next` as on /api/activities. CSV and XLSX hold the page.",
    query: [...FILTERS, LOCATION_LIMIT_PARAM, OFFSET_PARAM],
    formats: ['json', 'csv', 'xlsx'],
    ok: { description: 'One page of places.', schema: schemaRef('LocationPage') },
    heavyExport: true,
    async handle(request) {
      const { store } = request;
      if (request.format !== 'json')
        return exportedPage(
          request,
          LOCATION_LIMIT_PARAM,
          { name: 'locations', columns: LOCATION_COLUMNS },
          (filter, page) => ({ pages: locationPages(store, filter, page), notes: () => [] }),
          async (filter, end) => (await countPlaces(store, filter)) > end,
        );
      const { list, items, limit, offset, next, headers } = await onePage(request, LOCATION_LIMIT_PARAM, (filter, page) =>
        portfolioLocations(store, filter, page),
      );
      const json = { items, limit, offset, next, projects: list.projects, located: list.located };
      return { json, name: 'locations', rows: items, columns: LOCATION_COLUMNS, notes: [], headers };
    },
  },
  {
    path: '/api/facets',
    operationId: 'facets',
    asksStore: true,
    summary: 'How many of the activities fall in each country, financier, sector, status and year of approval, in one answer',
    description:
      'The counts of `devfin summary --by FIELD` for each of the five fields (without the money), with the parameters (`behind`) that narrow the same filter to each row. Years come newest first, other rows with the most activities first. CSV and XLSX hold every row of every facet, with a `facet` column.',
    query: [...FILTERS, SECTOR_VOCABULARY_PARAM],
    formats: ['json', 'csv', 'xlsx'],
    ok: { description: 'The total and the rows of each facet.', schema: schemaRef('Facets') },
    async handle({ store, query }) {
      const facets = await portfolioFacets(store, await readFilter(query), SECTOR_VOCABULARY_PARAM.get(query));
      return { json: facets, name: 'facets', rows: facetTable(facets), columns: FACET_COLUMNS, notes: [] };
    },
  },
  {
    path: '/api/programmes',
    operationId: 'programmes',
    summary: 'The programmes and frameworks devfin knows, with their member countries',
    description:
      'The items are the definitions of `devfin programmes list --json` (from programmes/*.yaml and $DEVFIN_PROGRAMMES). A name is what `programme=` takes.',
    query: [],
    formats: ['json', 'csv', 'xlsx'],
    ok: { description: 'Every programme definition.', schema: schemaRef('ProgrammeList') },
    async handle() {
      const items = await listProgrammes();
      return { json: { items }, name: 'programmes', rows: items, columns: PROGRAMME_COLUMNS, notes: [] };
    },
  },
  {
    path: '/api/programmes/{name}',
    operationId: 'programme',
    asksStore: true,
    summary: "One programme: its definition, devfin's figures, its published figures beside devfin's, its members with their evidence",
    description:
      "The same answer as `devfin programmes show NAME --json`. The name is matched in any case. Each member says why it is one (`evidence`); each published figure (`comparisons`) has devfin's for the same day, the difference and why they differ.",
    pathParams: [{ name: 'name', description: 'Programme name, e.g. CAREC.', schema: { type: 'string' } }],
    query: [CURRENCY_PARAM],
    formats: ['json'],
    ok: { description: 'The programme and what the store holds of it.', schema: schemaRef('ProgrammeReport') },
    notFound: 'No programme with this name.',
    async handle({ store, path, query }) {
      const name = path.name ?? '';
      const programme = await programmeNamed(name);
      if (!programme) throw new ApiError(404, `no programme named ${name}; the known ones are listed at /api/programmes`);
      return { json: await programmeReport(store, programme, await readCurrency(store, query)) };
    },
  },
  {
    path: '/api/status',
    operationId: 'status',
    asksStore: true,
    summary: 'What the store holds and what to do next',
    description: 'The same answer as `devfin status --json`, with any password in a database URL hidden.',
    query: [],
    formats: ['json'],
    ok: { description: 'Counts of what the store holds.', schema: schemaRef('Overview') },
    async handle({ store }) {
      const overview = await storeOverview(store);
      return { json: { ...overview, store: publicLocation(withoutPassword(overview.store)) } };
    },
  },
  {
    path: '/api/imports',
    operationId: 'imports',
    asksStore: true,
    summary: 'The import log: every import and sync, the most recent first',
    description:
      'The same answer as `devfin log --json`: per file or page, its checksum, when and by whom, the records added, replaced and unchanged, the warnings, and why a file was refused.',
    query: [LIMIT_PARAM, OFFSET_PARAM],
    formats: ['json'],
    ok: { description: 'A page of the import log, with the number of entries in all.', schema: { type: 'object' } },
    async handle({ store, query }) {
      return { json: await importLog(store, { limit: LIMIT_PARAM.get(query) as number, offset: OFFSET_PARAM.get(query) as number }) };
    },
  },
  {
    path: '/api/imports/{id}',
    operationId: 'import',
    asksStore: true,
    summary: 'One import with its warnings, counted per kind and per field',
    description: 'The same answer as `devfin log ID --json`.',
    pathParams: [{ name: 'id', description: 'The import id, as /api/imports lists it.', schema: { type: 'string', pattern: '^[0-9]+$' } }],
    query: [],
    formats: ['json'],
    ok: { description: 'The import and its warnings.', schema: { type: 'object' } },
    notFound: 'No import with this id in the log.',
    async handle({ store, path }) {
      const id = path.id ?? '';
      const detail = /^\d+$/.test(id) ? await importDetail(store, id) : null;
      if (!detail) throw new ApiError(404, `no import with id ${id} in the log`);
      return { json: detail };
    },
  },
  {
    path: '/api/data-quality',
    operationId: 'dataQuality',
    asksStore: true,
    summary: 'Per source: coverage (activities, countries, approval dates), freshness (last import) and warnings by kind',
    query: [],
    formats: ['json'],
    ok: { description: 'One entry per source.', schema: { type: 'object' } },
    async handle({ store }) {
      return { json: await dataQuality(store) };
    },
  },
  {
    path: '/api/data-quality/activities/{id}',
    operationId: 'activityWarnings',
    asksStore: true,
    summary: "The warnings the imports gave about a project's records",
    pathParams: [
      { name: 'id', description: 'Activity or project identifier, as /api/activities/{id} takes it.', schema: { type: 'string' } },
    ],
    query: [],
    formats: ['json'],
    ok: { description: 'The project id and its warnings.', schema: { type: 'object' } },
    notFound: 'No activity with this id in the store.',
    async handle({ store, path }) {
      const id = path.id ?? '';
      const answer = await projectWarnings(store, id);
      if (!answer) throw new ApiError(404, `no activity with id ${id} in the store`);
      return { json: answer };
    },
  },
  {
    path: '/api/statements/check',
    method: 'POST',
    operationId: 'checkStatement',
    asksStore: true,
    summary:
      'Each figure of a statement checked against the portfolio: supported, contradicted or not verifiable, with the projects behind',
    description:
      'The same answer as `devfin statements check FILE --json`. Send the statement as JSON (`{"text": "...", "date": "YYYY-MM-DD"}`, the date optional) or as the body itself (text/plain, or text/html for a saved page) with `date=` in the query. The text is only read, never followed: a URL in it is text. Bodies over 256 KB are refused (413).',
    requestBody: {
      description: 'The statement.',
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['text'],
            additionalProperties: false,
            properties: {
              text: { type: 'string', description: 'The statement\'s text (a "Date:" line at its top is read as its publication date).' },
              date: { type: 'string', format: 'date', description: 'The day the statement speaks of.' },
            },
          },
        },
        'text/plain': { schema: { type: 'string' } },
        'text/html': { schema: { type: 'string' } },
      },
    },
    maxBodyBytes: STATEMENT_MAX_BYTES,
    query: [STATEMENT_DATE_PARAM],
    formats: ['json'],
    ok: { description: 'The checks, one per figure the statement states.', schema: schemaRef('StatementCheck') },
    async handle({ store, query, body }) {
      const { text, date } = statementRequest(body, query);
      return { json: await checkStatementText(store, text, date, new Date().toISOString().slice(0, 10)) };
    },
  },
  {
    path: '/api',
    operationId: 'index',
    summary: 'This API: its version and endpoints',
    query: [],
    formats: ['json'],
    ok: { description: 'Where everything is.', schema: schemaRef('ApiIndex') },
    async handle() {
      const endpoints: { method: string; path: string; summary: string; formats: readonly Format[] }[] = ROUTES.flatMap((r) =>
        variants(r).map((v) => ({
          method: r.method ?? 'GET',
          path: v.path,
          summary: r.summary,
          formats: v.suffix ? [v.suffix] : r.formats,
        })),
      );
      for (const op of RECORD_OPERATIONS) endpoints.push({ method: op.method, path: op.path, summary: op.summary, formats: ['json'] });
      return { json: { name: 'devfin', version: VERSION, openapi: '/openapi.json', docs: '/api/docs', groupBy: GROUP_BY, endpoints } };
    },
  },
  {
    path: '/openapi.json',
    operationId: 'openapi',
    summary: 'The OpenAPI 3.1 description of this API',
    query: [],
    formats: ['json'],
    ok: { description: 'An OpenAPI 3.1 document.', schema: { type: 'object', required: ['openapi', 'info', 'paths'] } },
    async handle() {
      return { json: openApiDocument(ROUTES, VERSION, recordApiPaths()) };
    },
  },
  {
    path: '/api/docs',
    operationId: 'docs',
    summary: 'The API reference, as a page for people (it reads /openapi.json)',
    query: [],
    formats: [],
    ok: { description: 'An HTML page.', mediaType: 'text/html' },
    async handle() {
      return new Response(docsPage(), {
        headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': DOCS_CONTENT_SECURITY_POLICY },
      });
    },
  },
];

/** The paths a route is served at: its own, and for a list PATH.csv and PATH.xlsx. */
export function variants(route: Route): { path: string; suffix?: Format }[] {
  const suffixes = route.formats.filter((f): f is Exclude<Format, 'json'> => f !== 'json' && route.formats.length > 1);
  return [{ path: route.path }, ...suffixes.map((suffix) => ({ path: `${route.path}.${suffix}`, suffix }))];
}
