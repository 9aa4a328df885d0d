// Client for the World Bank Projects API (v3): pages of projects for a country and status, in the
// export's column names and value formats, so the export reader's consumers take both alike.
// A pure source: it fetches and yields; storing the rows and the resume offset is the caller's job.
//
// The API as this client relies on it (no reference page for it was found; learned from recorded
// v3 responses, listed at the end of this comment):
//
//   GET https://search.worldbank.org/api/v3/projects?format=json&rows=500&os=0
//         &fl=id,status,countrycode,...&countrycode_exact=KZ^UZ&status_exact=Active^Closed
//   200 {"rows": 500, "os": "0", "page": "1", "total": "105",
//        "projects": {"P179204": {"id": "P179204", "countrycode": ["KZ"], ...}, ...}, "facets": {}}
//
// - `rows` is the page size, `os` the offset of the first row, `fl` the fields. `rows` above 1,000
//   is silently capped at 1,000, so the page size the server echoes is the one that counts.
//   Without `fl` a row lacks status, countrycode and pdo; `fl` naming a subset may bring more.
// - Only the `_exact` filters filter: `countrycode_exact` (ISO alpha-2, capitals only: `kz` finds
//   nothing) and `status_exact` (Active, Closed, Dropped, Pipeline, case-sensitive), several values
//   joined by `^`. The plain `countrycode` and `status` are accepted and ignored (every project
//   comes back), so this client checks that each row it gets matches the filters it sent.
// - `projects` is an object keyed by project id, not an array. `rows` is a number; `os`, `page`
//   and `total` are strings.
// - Values: `countrycode` is an array, `countryname` and `countryshortname` are strings,
//   `projectfinancialtype` an array; `boardapprovaldate` reads 2024-02-22T00:00:00Z and
//   `closingdate` 2022-06-30. Every amount is plain US dollars as a string: `curr_total_commitment`,
//   `curr_ibrd_commitment`, `curr_ida_commitment`, `curr_project_cost`, `totalamt`, `idacommamt`,
//   `grantamt` ("500000" for the $500,000 grant P173108). `lendinginstr` is gone.
// - The retired v2 answered `curr_*` in millions ("150" for a 150,000,000 credit). v2 is no longer
//   served, so its millions are not read; a `curr_*` amount that disagrees with `totalamt` or
//   `idacommamt` of the same row by a factor of 1,000 or more is reported as a warning naming the
//   project (a unit error, whichever side it is on), and stored as published.
//
// Sources: a contract-test fixture recorded from the live v3 API on 2026-09-12 (a page of 42
// pipeline projects: P173108 with curr_total_commitment "500000" beside grantamt "500000",
// closingdate "2022-06-30", countryname a string, "rows": 1000 with "os"/"page"/"total" strings),
// the probe notes recorded with it (plain countrycode/status ignored, `_exact` honoured and
// case-sensitive, rows capped at 1,000), and a field guide checked against the live API on
// 2026-10-06 (P508961: totalamt "95000000" and curr_total_commitment "95000000"; no `lendinginstr`
// field any more). test/fixtures/worldbank-v3/README.md names the repositories.

import { InputError, type InputWarning } from '../../model/problems.js';
import { fetchJson, type HttpRequestOptions, resolveBaseUrl } from '../http.js';
import type { WorldBankProjectRow } from './projectRow.js';

export const WORLDBANK_API_DEFAULT_URL = 'https://search.worldbank.org/api/v3/projects';
export const WORLDBANK_API_URL_VARIABLE = 'DEVFIN_WORLDBANK_API_URL';

/** The API serves no larger pages: it caps `rows` at this, silently. */
export const WORLDBANK_API_MAX_PAGE_SIZE = 1000;
const DEFAULT_PAGE_SIZE = 500;

/** Statuses as the API spells them: its filter is case-sensitive, so the client sends these spellings. */
export const WORLDBANK_API_STATUSES = ['Active', 'Closed', 'Dropped', 'Pipeline'] as const;
export type WorldBankApiStatus = (typeof WORLDBANK_API_STATUSES)[number];

/** A column of the export that the API can fill; `id` and `countrycodes` always come. */
export type WorldBankProjectField = Exclude<keyof WorldBankProjectRow, 'id' | 'countrycodes'>;

export interface WorldBankProjectsOptions extends Omit<HttpRequestOptions, 'headers' | 'onBytes'> {
  /** The API endpoint; else $DEVFIN_WORLDBANK_API_URL, else the public API. */
  url?: string;
  /** ISO 3166-1 alpha-2 codes of the borrowing countries. */
  countries?: readonly string[];
  statuses?: readonly string[];
  /** Columns to ask for; all when absent. Columns not asked for are left empty, except status, which the filter check needs. */
  fields?: readonly WorldBankProjectField[];
  /** Projects per request, at most 1,000. */
  pageSize?: number;
  /** Where to start: the `nextOffset` of the last page a previous run stored. */
  startOffset?: number;
  onProgress?: (progress: WorldBankProjectsProgress) => void;
  /** Told about a value that could not be read (the field is left empty). */
  onWarning?: (warning: InputWarning) => void;
}

export interface WorldBankProjectsPage {
  /** The request, for provenance and messages. */
  url: string;
  offset: number;
  /** The offset to resume from once this page is stored. */
  nextOffset: number;
  /** Projects the query matches in all, as the API said with this page; null when it did not say. */
  total: number | null;
  rows: WorldBankProjectRow[];
  /** Rows left out because an earlier page of this run already had the project. */
  duplicatesSkipped: number;
  last: boolean;
}

export interface WorldBankProjectsProgress {
  /** Pages up to the current offset, counted from offset 0 so a resumed run continues the count. */
  pagesDone: number;
  pagesTotal: number | null;
  /** The offset after the page just read. */
  offset: number;
  total: number | null;
}

/**
 * Pages of World Bank projects matching the filters, from `startOffset` on. Each request is retried
 * with back-off on 408/429/5xx, dropped connections and timeouts (see http.ts); cancelling through
 * `signal` stops between or during requests. After storing a page, persist its `nextOffset`: a new
 * run given it as `startOffset` continues with the next page.
 */
export async function* fetchWorldBankProjects(options: WorldBankProjectsOptions = {}): AsyncGenerator<WorldBankProjectsPage> {
  const endpoint = resolveEndpoint(options.url);
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > WORLDBANK_API_MAX_PAGE_SIZE) {
    throw new RangeError(`pageSize must be a whole number from 1 to ${WORLDBANK_API_MAX_PAGE_SIZE}, not ${pageSize}`);
  }
  let offset = options.startOffset ?? 0;
  if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`startOffset must be a whole number of at least 0, not ${offset}`);
  const filters = {
    countries: normaliseCountryCodes(options.countries ?? []),
    statuses: normaliseStatuses(options.statuses ?? []),
  };
  // Status always: the filter check reads it.
  const fields = [...new Set<WorldBankProjectField>([...(options.fields ?? ALL_FIELDS), 'status'])];
  const seen = new Set<string>();

  for (;;) {
    options.signal?.throwIfAborted();
    const url = pageUrl(endpoint, { ...filters, fields, pageSize, offset });
    const body = await fetchJson(url, options);
    const page = readPage(body, url, offset);
    // A server that caps `rows` below what was asked answers with the size it served.
    const servedPageSize = page.rows !== null && page.rows > 0 && page.rows < pageSize ? page.rows : pageSize;
    const rows: WorldBankProjectRow[] = [];
    let duplicatesSkipped = 0;
    for (const raw of page.projects) {
      const row = worldBankProjectFromApi(raw, { source: url, fields, onWarning: options.onWarning });
      checkFilters(row, filters, url);
      if (filters.countries.length === 1 && row.countrycodes?.length === 0) {
        // The server matched this row on countrycode_exact, so that is its country.
        row.countrycodes = [...filters.countries];
      }
      // Rows shift between pages when projects are added during a run; never yield one twice.
      if (seen.has(row.id)) {
        duplicatesSkipped++;
        continue;
      }
      seen.add(row.id);
      rows.push(row);
    }

    const nextOffset = offset + page.projects.length;
    const last = page.projects.length === 0 || (page.total !== null ? nextOffset >= page.total : page.projects.length < servedPageSize);
    if (page.projects.length > 0) {
      options.onProgress?.({
        pagesDone: Math.ceil(nextOffset / servedPageSize),
        pagesTotal: page.total === null ? null : Math.ceil(page.total / servedPageSize),
        offset: nextOffset,
        total: page.total,
      });
      yield { url, offset, nextOffset, total: page.total, rows, duplicatesSkipped, last };
    }
    if (last) return;
    offset = nextOffset;
  }
}

export interface WorldBankApiRowContext {
  /** The URL the row came from, named in warnings. */
  source: string;
  /** Columns asked for; others are left empty. */
  fields?: readonly WorldBankProjectField[];
  onWarning?: (warning: InputWarning) => void;
}

/** One project of the API in the export's column names and formats (dates YYYY-MM-DD, plain US dollars). */
export function worldBankProjectFromApi(raw: Record<string, unknown>, context: WorldBankApiRowContext): WorldBankProjectRow {
  const id = textOf(raw.id);
  const wanted = new Set(context.fields ?? ALL_FIELDS);
  const warn = (message: string) => context.onWarning?.({ file: context.source, line: null, message: `${id}: ${message}` });
  const row: WorldBankProjectRow = { ...EMPTY_ROW, id, countrycodes: countryCodesOf(raw.countrycode) };
  for (const field of ALL_FIELDS) {
    if (!wanted.has(field)) continue;
    const { api, kind } = FIELD_SOURCES[field];
    const name = api.find((candidate) => textOf(raw[candidate]) !== '') ?? api[0];
    const value = raw[name];
    if (kind === 'text') {
      row[field] = textOf(value);
    } else if (kind === 'date') {
      const date = normaliseApiDate(value);
      if (date === null) warn(`${name} ${JSON.stringify(value)} is not a date; left empty`);
      row[field] = date ?? '';
    } else {
      const amount = normaliseApiAmount(value);
      if (amount === null) warn(`${name} ${JSON.stringify(value)} is not an amount; left empty`);
      row[field] = amount ?? '';
    }
  }
  for (const message of unitDisagreements(raw)) warn(message);
  return row;
}

/** Amounts the row's own totals say must be of one size: a factor of 1,000 or more between them is a unit error. */
const UNIT_CHECKS: { amount: string; references: string[] }[] = [
  { amount: 'curr_total_commitment', references: ['totalamt', 'idacommamt'] },
  { amount: 'curr_ibrd_commitment', references: ['totalamt'] },
  { amount: 'curr_ida_commitment', references: ['idacommamt', 'totalamt'] },
];

/**
 * Warnings for `curr_*` amounts that disagree with the row's `totalamt` or `idacommamt` by a factor
 * of 1,000 or more: millions read as dollars (the retired v2 format) or the other way round. The
 * first reference the row gives above zero is the one compared.
 */
export function unitDisagreements(raw: Record<string, unknown>): string[] {
  const positive = (name: string) => {
    const text = normaliseApiAmount(raw[name]);
    const value = text ? Number(text) : 0;
    return Number.isFinite(value) && value > 0 ? value : null;
  };
  const messages: string[] = [];
  for (const { amount, references } of UNIT_CHECKS) {
    const value = positive(amount);
    if (value === null) continue;
    const reference = references.find((name) => positive(name) !== null);
    if (reference === undefined) continue;
    const against = positive(reference) as number;
    const factor = Math.max(value, against) / Math.min(value, against);
    if (factor >= 1000) {
      messages.push(
        `${amount} ${JSON.stringify(textOf(raw[amount]))} and ${reference} ${JSON.stringify(textOf(raw[reference]))} differ by a factor of ${Math.round(factor).toLocaleString('en-US')}: one of them is in other units (millions?); stored as published`,
      );
    }
  }
  return messages;
}

/**
 * A date as the API writes it (2024-02-22T00:00:00Z, 2024-02-22, 12/31/2028 12:00:00 AM) as
 * YYYY-MM-DD; '' for no date, null for a value that is not a date.
 */
export function normaliseApiDate(value: unknown): string | null {
  const text = textOf(value);
  if (text === '') return '';
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]*(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?(?: [AP]M)?)?$/i.exec(text);
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : us ? [us[3], us[1], us[2]] : [];
  if (year === undefined || month === undefined || day === undefined) return null;
  const m = Number(month);
  const d = Number(day);
  // Day 0 of the next month is the last day of this one.
  const daysInMonth = new Date(Date.UTC(Number(year), m, 0)).getUTCDate();
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth) return null;
  return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * An amount of US dollars as a plain decimal string: thousands separators dropped, an exponent
 * applied by moving the decimal point (never through a float). '' for no amount, null for a value
 * that is not a number.
 */
export function normaliseApiAmount(value: unknown): string | null {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : textOf(value);
  if (text === '') return '';
  const parsed = parseDecimal(text);
  return parsed === null ? null : formatDecimal(parsed);
}

// --- request and response ---------------------------------------------------------------------

type FieldKind = 'text' | 'date' | 'usd';

/** Where each export column comes from in the API; the first name that has a value wins. */
const FIELD_SOURCES: Record<WorldBankProjectField, { api: [string, ...string[]]; kind: FieldKind }> = {
  regionname: { api: ['regionname'], kind: 'text' },
  countryshortname: { api: ['countryshortname'], kind: 'text' },
  status: { api: ['status', 'projectstatusdisplay'], kind: 'text' },
  last_stage_reached_name: { api: ['last_stage_reached_name'], kind: 'text' },
  project_name: { api: ['project_name'], kind: 'text' },
  pdo: { api: ['pdo'], kind: 'text' },
  impagency: { api: ['impagency'], kind: 'text' },
  public_disclosure_date: { api: ['public_disclosure_date'], kind: 'date' },
  boardapprovaldate: { api: ['boardapprovaldate'], kind: 'date' },
  loan_effective_date: { api: ['loan_effective_date'], kind: 'date' },
  closingdate: { api: ['closingdate'], kind: 'date' },
  curr_project_cost: { api: ['curr_project_cost'], kind: 'usd' },
  curr_ibrd_commitment: { api: ['curr_ibrd_commitment'], kind: 'usd' },
  idacommamt: { api: ['idacommamt'], kind: 'usd' },
  grantamt: { api: ['grantamt'], kind: 'usd' },
  curr_total_commitment: { api: ['curr_total_commitment'], kind: 'usd' },
  borrower: { api: ['borrower'], kind: 'text' },
  // Absent from v3; kept so a mirror that still sends it is read.
  lendinginstr: { api: ['lendinginstr'], kind: 'text' },
  envassesmentcategorycode: { api: ['envassesmentcategorycode'], kind: 'text' },
  projectfinancialtype: { api: ['projectfinancialtype'], kind: 'text' },
};

const ALL_FIELDS = Object.keys(FIELD_SOURCES) as WorldBankProjectField[];

const EMPTY_ROW: WorldBankProjectRow = {
  id: '',
  ...(Object.fromEntries(ALL_FIELDS.map((field) => [field, ''])) as Record<WorldBankProjectField, string>),
};

interface Filters {
  countries: string[];
  statuses: WorldBankApiStatus[];
}

function pageUrl(
  endpoint: string,
  query: Filters & { fields: readonly WorldBankProjectField[]; pageSize: number; offset: number },
): string {
  const url = new URL(endpoint);
  // id, countrycode and status always: they name the row and let the filters be checked. With an
  // amount, the totals it is checked against.
  const amounts = query.fields.some((field) => FIELD_SOURCES[field].kind === 'usd');
  const apiFields = new Set([
    'id',
    'countrycode',
    'status',
    ...query.fields.flatMap((field) => FIELD_SOURCES[field].api),
    ...(amounts ? UNIT_REFERENCE_FIELDS : []),
  ]);
  url.searchParams.set('format', 'json');
  url.searchParams.set('fl', [...apiFields].join(','));
  if (query.countries.length > 0) url.searchParams.set('countrycode_exact', query.countries.join('^'));
  if (query.statuses.length > 0) url.searchParams.set('status_exact', query.statuses.join('^'));
  url.searchParams.set('rows', String(query.pageSize));
  url.searchParams.set('os', String(query.offset));
  return url.href;
}

const UNIT_REFERENCE_FIELDS = [...new Set(UNIT_CHECKS.flatMap((check) => check.references))];

interface ApiPage {
  total: number | null;
  /** The page size the server says it served; null when it did not say. */
  rows: number | null;
  projects: Record<string, unknown>[];
}

function readPage(body: unknown, url: string, offset: number): ApiPage {
  const fail = (reason: string): never => {
    throw new InputError({ file: url, line: null }, `not a World Bank Projects API response: ${reason}`);
  };
  if (!isRecord(body)) return fail('the body is not a JSON object');
  const echoedOffset = body.os;
  if (echoedOffset !== undefined && Number(echoedOffset) !== offset) {
    // A server that ignores `os` would hand out the first page forever.
    fail(`asked for offset ${offset}, got "os": ${JSON.stringify(echoedOffset)}`);
  }
  const total = body.total === undefined ? null : Number(body.total);
  if (total !== null && !(Number.isInteger(total) && total >= 0)) fail(`"total" is ${JSON.stringify(body.total)}`);
  const rows = body.rows === undefined ? null : Number(body.rows);
  if (rows !== null && !(Number.isInteger(rows) && rows >= 0)) fail(`"rows" is ${JSON.stringify(body.rows)}`);
  // No results come as an empty object, or with `projects` left out.
  const projects = body.projects ?? {};
  if (!isRecord(projects)) return fail('"projects" is not an object keyed by project id');
  const entries = Object.entries(projects).map(([key, value]) => {
    if (!isRecord(value)) return fail(`project ${key} is not an object`);
    return { id: key, ...value };
  });
  return { total, rows, projects: entries };
}

/** The server must have applied the filters; one that ignores them returns every project there is. */
function checkFilters(row: WorldBankProjectRow, filters: Filters, url: string): void {
  if (
    filters.statuses.length > 0 &&
    row.status !== '' &&
    !filters.statuses.some((status) => status.toLowerCase() === row.status.toLowerCase())
  ) {
    throw new InputError(
      { file: url, line: null },
      `project ${row.id} has status ${JSON.stringify(row.status)}, which the status filter (${filters.statuses.join(', ')}) excludes: the server ignored the filter`,
    );
  }
  const codes = row.countrycodes ?? [];
  if (filters.countries.length > 0 && codes.length > 0 && !codes.some((code) => filters.countries.includes(code))) {
    throw new InputError(
      { file: url, line: null },
      `project ${row.id} is in ${codes.join(', ')}, which the country filter (${filters.countries.join(', ')}) excludes: the server ignored the filter`,
    );
  }
}

function resolveEndpoint(explicit: string | undefined): string {
  // resolveBaseUrl ends the path with '/', right for a folder but not for this endpoint.
  const url = new URL(resolveBaseUrl(explicit, WORLDBANK_API_URL_VARIABLE, WORLDBANK_API_DEFAULT_URL));
  url.pathname = url.pathname.replace(/\/+$/, '') || '/';
  return url.href;
}

function normaliseCountryCodes(codes: readonly string[]): string[] {
  const normalised = [...new Set(codes.map((code) => code.trim().toUpperCase()))];
  const bad = normalised.find((code) => !/^[A-Z0-9]{2}$/.test(code));
  if (bad !== undefined) throw new RangeError(`country ${JSON.stringify(bad)} is not a two-letter ISO 3166-1 code`);
  return normalised;
}

function normaliseStatuses(statuses: readonly string[]): WorldBankApiStatus[] {
  return [
    ...new Set(
      statuses.map((status) => {
        const known = WORLDBANK_API_STATUSES.find((candidate) => candidate.toLowerCase() === status.trim().toLowerCase());
        if (!known) throw new RangeError(`status ${JSON.stringify(status)} is not one of ${WORLDBANK_API_STATUSES.join(', ')}`);
        return known;
      }),
    ),
  ];
}

// --- values -----------------------------------------------------------------------------------

/** Text of a value: strings trimmed, lists joined, `{"cdata!": …}` wrappers opened. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value))
    return value
      .map(textOf)
      .filter((part) => part !== '')
      .join(', ');
  if (isRecord(value) && 'cdata!' in value) return textOf(value['cdata!']);
  return '';
}

function countryCodesOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return [
    ...new Set(
      list
        .map(textOf)
        .flatMap((text) => text.split(/[,;]\s*/))
        .map((code) => code.trim().toUpperCase()),
    ),
  ].filter((code) => code !== '');
}

interface Decimal {
  negative: boolean;
  integer: string;
  fraction: string;
}

function parseDecimal(text: string): Decimal | null {
  const compact = text.replace(/(?<=\d)[,\s\u00a0](?=\d{3})/g, '');
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(compact);
  if (!match || `${match[2]}${match[3] ?? ''}` === '') return null;
  const parsed = { negative: match[1] === '-', integer: match[2] ?? '', fraction: match[3] ?? '' };
  return match[4] === undefined ? parsed : shift(parsed, Number(match[4]));
}

/** Multiplies by 10^places by moving the decimal point. */
function shift(value: Decimal, places: number): Decimal {
  const digits = value.integer + value.fraction;
  const point = value.integer.length + places;
  if (point <= 0) return { ...value, integer: '0', fraction: '0'.repeat(-point) + digits };
  if (point >= digits.length) return { ...value, integer: digits + '0'.repeat(point - digits.length), fraction: '' };
  return { ...value, integer: digits.slice(0, point), fraction: digits.slice(point) };
}

function formatDecimal(value: Decimal): string {
  const integer = value.integer.replace(/^0+(?=\d)/, '') || '0';
  const fraction = value.fraction.replace(/0+$/, '');
  const text = fraction === '' ? integer : `${integer}.${fraction}`;
  return value.negative && /[1-9]/.test(text) ? `-${text}` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
