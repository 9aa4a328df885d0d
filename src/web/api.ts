// The HTTP API as the dashboard reads it: one fetch per question, answered in the shapes of
// src/model/answers.ts (the types the portfolio functions return and /openapi.json describes). The
// dashboard computes nothing itself: every figure is the API's.
import type {
  ActivityDetail,
  ActivityPage,
  Facets,
  ImportPage,
  LocationPage,
  LoggedWarning,
  Overview,
  SourceQuality,
  Summary,
} from '../model/answers.js';
import type { Programme } from '../model/programme.js';
import { DEFAULT_CURRENCY, displayCurrency } from './currency.js';

export type { Activity as ActivityRecord, Narrative } from '../model/activity.js';
export type {
  ActivityDetail,
  ActivityListItem,
  ActivityPage,
  CodeNames,
  FacetField,
  FacetRow,
  Facets,
  ImportPage,
  LocationPage,
  LoggedImport,
  LoggedWarning,
  Overview,
  ProjectLocation,
  SourceQuality,
  Summary,
  SummaryMeasures,
  SummaryRow,
} from '../model/answers.js';
export { FACET_FIELDS } from '../model/answers.js';
export type { Programme } from '../model/programme.js';
export { SECTOR_VOCABULARIES } from '../model/sectorVocabularies.js';

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

export function imports(limit: number): Promise<ImportPage> {
  return getJson(`/api/imports?limit=${limit}`);
}

export function activityWarnings(id: string): Promise<{ id: string; warnings: LoggedWarning[] }> {
  return getJson(`/api/data-quality/activities/${encodeURIComponent(id)}`);
}

export function status(): Promise<Overview> {
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
