// The HTTP API as the dashboard reads it: the shapes of its answers (as /openapi.json describes
// them) and one fetch per question. The dashboard computes nothing itself: every figure is the API's.
import { DEFAULT_CURRENCY, displayCurrency } from './currency.js';

export interface Measures {
  activities: number;
  active: number;
  /** null: none of the activities reports the measure (not reported, not 0). */
  commitmentUsd: number | null;
  disbursementUsd: number | null;
  /** In the answer's currency; null also when none of the amounts converts to it. */
  commitment: number | null;
  disbursement: number | null;
  /** How many of the activities report each measure. */
  reporting: { commitment: number; disbursement: number };
}

/** The day statuses are read on and the projects whose source publishes another status. */
export interface StatusReading {
  day: string;
  rule: 'dates' | 'source';
  definition: string;
  differing: number;
  differingProjects: { id: string; sourceStatus: string; status: string; closingDate: string | null }[];
  behind: Record<string, string>;
}

export interface SummaryRow extends Measures {
  key: string;
  label: string;
  /** The parameters that, added to the same filter, list this row's projects; null when none can. */
  behind: Record<string, string> | null;
}

/** The sector vocabularies of `sector-vocabulary=` (src/model/sectorVocabularies.ts). */
export const SECTOR_VOCABULARIES = ['dac5', 'dac3', 'worldbank'] as const;

export interface Summary {
  currency: string;
  total: Measures;
  rows: SummaryRow[];
  shared?: { id: string; financiers: string[] }[];
  status: StatusReading;
  /** By sector: the vocabulary of the rows; the projects with no sector in it are the row "none". */
  vocabulary?: { key: string; name: string; chosen: 'asked' | 'default'; withoutSector: number };
  notes: string[];
}

export interface ActivityItem {
  id: string;
  title: string | null;
  status: string | null;
  sourceStatus: string | null;
  countries: string[];
  financiers: string[];
  approvalDate: string | null;
  closingDate: string | null;
  instrument: string | null;
  commitmentUsd: number | null;
  disbursementUsd: number | null;
  currency: string;
  commitment: number | null;
  disbursement: number | null;
}

export interface ActivityPage {
  items: ActivityItem[];
  limit: number;
  offset: number;
  next: string | null;
  notes: string[];
}

export interface Narrative {
  lang: string | null;
  text: string;
}

export interface Provenance {
  source: string;
  location: string;
  line?: number | null;
  importedAt: string;
  [key: string]: unknown;
}

/** A source record (and the merged project) as the API sends it: the fields the pages show. */
export interface ActivityRecord {
  id: string;
  titles: Narrative[];
  descriptions: { type: string | null; narratives: Narrative[] }[];
  status: string | null;
  statusCode: string | null;
  reportingOrg: { ref: string | null; type: string | null; names: Narrative[] };
  defaultCurrency: string | null;
  defaultLanguage: string | null;
  lastUpdated: string | null;
  approvalDate: string | null;
  instrument: string | null;
  dates: { type: string; date: string }[];
  recipientCountries: { code: string; percentage: number | null }[];
  recipientRegions: { code: string; vocabulary: string; percentage: number | null }[];
  sectors: { code: string; vocabulary: string; percentage: number | null; names: Narrative[] }[];
  themes: { name: string; percentage: number | null }[];
  participatingOrgs: { ref: string | null; names: Narrative[]; role: string | null }[];
  budgets: {
    type: string | null;
    status: string | null;
    periodStart: string | null;
    periodEnd: string | null;
    value: { amount: string; currency: string | null; valueDate: string | null };
  }[];
  transactions: { type: string; date: string | null; value: { amount: string; currency: string | null; valueDate: string | null } }[];
  locations: { ref: string | null; names: Narrative[]; point: { lat: number; lon: number } | null }[];
  relatedActivities: { ref: string; type: string | null }[];
  documents: { url: string; format: string | null; titles: Narrative[]; categories: string[] }[];
  financing: {
    financier: string;
    financierRef: string | null;
    role: string;
    label: string;
    amount: { amount: string; currency: string | null; valueDate: string | null };
  }[];
  extra: Record<string, string>;
  provenance: Provenance;
  [field: string]: unknown;
}

/** Codelist → code → name, for the codes a project's records use (English, from the loaded codelists). */
export type CodeNames = Record<string, Record<string, string>>;

export interface ActivityDetail {
  activity: ActivityRecord & { records: { id: string; provenance: Provenance }[]; fieldSources: Record<string, string> };
  records: ActivityRecord[];
  financiers: string[];
  status: { day: string; status: string | null; sourceStatus: string | null; statusDate: string | null; closingDate: string | null };
  codeNames: CodeNames;
  commitmentUsd: number | null;
  disbursementUsd: number | null;
  currency: string;
  commitment: number | null;
  disbursement: number | null;
  notes: string[];
}

/** A place with coordinates of one of the projects of a filter (/api/locations). */
export interface ProjectLocation {
  id: string;
  title: string | null;
  name: string | null;
  lat: number;
  lon: number;
}

export interface LocationPage {
  items: ProjectLocation[];
  limit: number;
  offset: number;
  next: string | null;
  /** How many projects the filter has, and how many of them have a place with coordinates. */
  projects: number;
  located: number;
}

export const FACET_FIELDS = ['country', 'financier', 'sector', 'status', 'year'] as const;
export type FacetField = (typeof FACET_FIELDS)[number];

export interface FacetRow {
  key: string;
  label: string;
  activities: number;
  active: number;
  behind: Record<string, string> | null;
}

export interface Facets {
  total: { activities: number; active: number };
  facets: Record<FacetField, FacetRow[]>;
}

export interface Programme {
  name: string;
  title: string;
  description?: string;
  /** Member countries, ISO 3166-1 alpha-2. */
  countries: string[];
  financiers?: string[];
}

export interface Status {
  store: string;
  activities: number;
  /** The first-start snapshot the store holds, with its date; null when it holds none. */
  snapshot: { asOf: string } | null;
  nextSteps: string[];
}

/** /api/data-quality: per source, coverage, freshness and warnings by kind. */
export interface SourceQuality {
  source: string;
  activities: number;
  countries: number;
  firstApproval: string | null;
  lastApproval: string | null;
  lastImport: string | null;
  imports: number;
  refused: number;
  warnings: Record<string, number>;
}

export interface LoggedImport {
  id: number;
  kind: 'import' | 'sync';
  location: string;
  actor: string;
  finishedAt: string;
  status: 'imported' | 'already-imported' | 'rejected';
  counts: { added: number; replaced: number; unchanged: number };
  warnings: number;
  error: { message: string; line: number | null } | null;
}

export interface DataWarning {
  file: string;
  line: number | null;
  kind: string;
  field: string | null;
  recordId: string | null;
  message: string;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new ApiFailure(response.status, body?.error?.message ?? `${response.status} ${response.statusText}`);
  }
  return (await response.json()) as T;
}

/** The API path for a question: /api/summary?country=KZ&by=year (suffix .csv or .xlsx for a download). */
export function apiPath(
  endpoint: 'summary' | 'activities' | 'locations' | 'facets',
  query: URLSearchParams,
  format?: 'csv' | 'xlsx',
): string {
  // Places and counts have no money: those endpoints take no currency.
  const asked = endpoint === 'locations' || endpoint === 'facets' ? withoutCurrency(query) : query;
  const text = asked.toString();
  return `/api/${endpoint}${format ? `.${format}` : ''}${text ? `?${text}` : ''}`;
}

function withoutCurrency(query: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(query);
  next.delete('currency');
  return next;
}

export function withParams(query: URLSearchParams, extra: Record<string, string>): URLSearchParams {
  const next = new URLSearchParams(query);
  for (const [name, value] of Object.entries(extra)) next.set(name, value);
  return next;
}

export function summary(filter: URLSearchParams, by: string): Promise<Summary> {
  return getJson(apiPath('summary', withParams(filter, { by })));
}

export function activities(filter: URLSearchParams, limit: number): Promise<ActivityPage> {
  return getJson(apiPath('activities', withParams(filter, { limit: String(limit) })));
}

export function activity(id: string): Promise<ActivityDetail> {
  const currency = displayCurrency();
  return getJson(`/api/activities/${encodeURIComponent(id)}${currency === DEFAULT_CURRENCY ? '' : `?currency=${currency}`}`);
}

export function dataQuality(): Promise<{ sources: SourceQuality[] }> {
  return getJson('/api/data-quality');
}

export function imports(limit: number): Promise<{ total: number; imports: LoggedImport[] }> {
  return getJson(`/api/imports?limit=${limit}`);
}

export function activityWarnings(id: string): Promise<{ id: string; warnings: DataWarning[] }> {
  return getJson(`/api/data-quality/activities/${encodeURIComponent(id)}`);
}

export function status(): Promise<Status> {
  return getJson('/api/status');
}

export function locations(filter: URLSearchParams, limit: number): Promise<LocationPage> {
  return getJson(apiPath('locations', withParams(filter, { limit: String(limit) })));
}

export function facets(filter: URLSearchParams): Promise<Facets> {
  return getJson(apiPath('facets', filter));
}

export function programme(name: string): Promise<Programme> {
  return getJson(`/api/programmes/${encodeURIComponent(name)}`);
}

/**
 * A programme's definition alone (its countries), from the list of definitions: without the
 * members and published figures that /api/programmes/{name} works out, which take the store a while.
 */
export async function programmeDefinition(name: string): Promise<Programme | undefined> {
  const { items } = await getJson<{ items: Programme[] }>('/api/programmes');
  return items.find((p) => p.name.toLowerCase() === name.toLowerCase());
}
