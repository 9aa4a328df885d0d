// Every endpoint of the HTTP API in one table: its path, parameters, answer and handler. The app
// serves this table and /openapi.json describes it, so the two cannot drift apart. Handlers only
// read parameters and call src/portfolio: the CLI calls the same functions, so the answers agree.
import { readFileSync } from 'node:fs';
import { GROUP_BY } from '../model/filter.js';
import { portfolioActivities, portfolioActivity } from '../portfolio/activities.js';
import { ACTIVITY_COLUMNS, SUMMARY_COLUMNS } from '../portfolio/columns.js';
import { storeOverview } from '../portfolio/overview.js';
import { portfolioSummary } from '../portfolio/summary.js';
import type { Store } from '../store/open.js';
import { docsPage } from './docsPage.js';
import { ApiError } from './errors.js';
import type { Format, TableAnswer } from './formats.js';
import { openApiDocument } from './openapi.js';
import { BY_PARAM, FILTER_PARAMS, type JsonSchema, LIMIT_PARAM, OFFSET_PARAM, type Param, readFilter } from './params.js';
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
}

/** A JSON answer (a list endpoint answers with a TableAnswer, which also has CSV and XLSX forms). */
export interface JsonAnswer {
  json: unknown;
  headers?: Record<string, string>;
}

export type Answer = Response | JsonAnswer | TableAnswer<unknown>;

export interface Route {
  /** As OpenAPI writes it: /api/activities/{id}. A path parameter matches the rest of the path, slashes included. */
  path: string;
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
  /** Asks the store a question: waits its turn behind the others (see turns.ts). */
  asksStore?: boolean;
  handle(request: ApiRequest): Promise<Answer>;
}

const FILTERS = FILTER_PARAMS.map((f) => f.param);

/** "/api/activities?offset=200&limit=100..." for the page at `offset`, keeping every other parameter as given. */
function pageLink(url: URL, offset: number): string {
  const query = new URLSearchParams(url.searchParams);
  query.set('offset', String(offset));
  return `${url.pathname}?${query}`;
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
    summary: 'How many activities, how many active, commitments and disbursements in USD, by group',
    description:
      'The same answer as `devfin summary [filters] --by FIELD --json`. CSV and XLSX hold the rows (not the total), with the columns of `devfin summary --csv`.',
    query: [...FILTERS, BY_PARAM],
    formats: ['json', 'csv', 'xlsx'],
    ok: { description: 'The totals and one row per group.', schema: schemaRef('Summary') },
    async handle({ store, query }) {
      const summary = await portfolioSummary(store, await readFilter(query), BY_PARAM.get(query));
      return { json: summary, name: 'summary', rows: summary.rows, columns: SUMMARY_COLUMNS, notes: summary.notes };
    },
  },
  {
    path: '/api/activities',
    operationId: 'activities',
    asksStore: true,
    summary: 'The activities behind the numbers, newest approval first, a page at a time',
    description:
      'The items are those of `devfin activities [filters] --json`. Follow `next` (also sent as a `Link: <...>; rel="next"` header, for CSV and XLSX too) until it is null to read every item once. CSV and XLSX hold the page, with the columns of `devfin activities --csv`.',
    query: [...FILTERS, LIMIT_PARAM, OFFSET_PARAM],
    formats: ['json', 'csv', 'xlsx'],
    ok: { description: 'One page of activities.', schema: schemaRef('ActivityPage') },
    async handle({ store, query, url }) {
      const filter = await readFilter(query);
      const limit = LIMIT_PARAM.get(query) as number;
      const offset = OFFSET_PARAM.get(query) as number;
      // One more than the page tells whether a next page exists without counting the whole list.
      const list = await portfolioActivities(store, filter, { limit: limit + 1, offset });
      const items = list.items.slice(0, limit);
      const next = list.items.length > limit ? pageLink(url, offset + limit) : null;
      return {
        json: { items, limit, offset, next, notes: list.notes },
        name: 'activities',
        rows: items,
        columns: ACTIVITY_COLUMNS,
        notes: list.notes,
        headers: next ? { link: `<${next}>; rel="next"` } : undefined,
      };
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
    query: [],
    formats: ['json'],
    ok: { description: 'The project.', schema: schemaRef('ActivityDetail') },
    notFound: 'No activity with this id in the store.',
    async handle({ store, path }) {
      const id = path.id ?? '';
      const detail = await portfolioActivity(store, id);
      if (!detail) throw new ApiError(404, `no activity with id ${id} in the store`);
      return { json: detail };
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
      return { json: { ...overview, store: withoutPassword(overview.store) } };
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
      const endpoints = ROUTES.flatMap((r) =>
        variants(r).map((v) => ({ method: 'GET', path: v.path, summary: r.summary, formats: v.suffix ? [v.suffix] : r.formats })),
      );
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
      return { json: openApiDocument(ROUTES, VERSION) };
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
      return new Response(docsPage(), { headers: { 'content-type': 'text/html; charset=utf-8' } });
    },
  },
];

/** The paths a route is served at: its own, and for a list PATH.csv and PATH.xlsx. */
export function variants(route: Route): { path: string; suffix?: Format }[] {
  const suffixes = route.formats.filter((f): f is Exclude<Format, 'json'> => f !== 'json' && route.formats.length > 1);
  return [{ path: route.path }, ...suffixes.map((suffix) => ({ path: `${route.path}.${suffix}`, suffix }))];
}
