// A view's filter lives in its URL's query string, under the API's own parameter names, so a link
// reproduces the view and the same parameters go unchanged to the API.

/**
 * The API's filter parameters (src/api/params.ts), and the currency of the figures, which links and
 * downloads keep like a filter; anything else in the URL is the view's own (sort, page).
 */
export const FILTER_NAMES = [
  'country',
  'financier',
  'sector',
  'status',
  'from',
  'to',
  'q',
  'region',
  'instrument',
  'programme',
  'include-dropped',
  'as-of',
  'currency',
] as const;

/** The filter parameters of a URL query, in a stable order. */
export function filterOf(search: URLSearchParams): URLSearchParams {
  const filter = new URLSearchParams();
  for (const name of FILTER_NAMES) for (const value of search.getAll(name)) if (value !== '') filter.append(name, value);
  return filter;
}

/** The search page listing the projects of `filter` narrowed by a row's `behind` parameters. */
export function behindLink(filter: URLSearchParams, behind: Record<string, string> = {}): string {
  const query = new URLSearchParams(filter);
  for (const [name, value] of Object.entries(behind)) query.set(name, value);
  const text = query.toString();
  return `/search${text ? `?${text}` : ''}`;
}

/** A year from a filter's from/to date (the form shows years; the API takes dates). */
export function yearOf(value: string | null): string {
  return value ? value.slice(0, 4) : '';
}
