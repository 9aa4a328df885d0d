// What the reader chose for every page rather than what one view shows: the language (?lang=kk) and
// the display currency (?currency=KZT).
// It stays in the URL from page to page, so any link copied from the app opens as the reader saw
// it. Pages build their links without it; the router adds it (navigate, keepReaderParams). Plain
// functions, so that a test can run them without a browser.

/** Query parameters that belong to the reader, kept on every internal link. */
export const READER_PARAMS: readonly string[] = ['lang', 'currency'];

/** True for a link that the app itself renders (not the API, its files or its reference). */
function isAppPath(href: string): boolean {
  if (!href.startsWith('/') || href.startsWith('//')) return false;
  return !(href === '/api' || href.startsWith('/api/') || href.startsWith('/api?') || href.startsWith('/openapi.json'));
}

/** `href` with the reader's parameters of `from` (the current URL's query) set on it; other links unchanged. */
export function withReaderParams(href: string, from: URLSearchParams): string {
  if (!isAppPath(href)) return href;
  const kept = READER_PARAMS.flatMap((name) => {
    const value = from.get(name);
    return value ? [[name, value] as const] : [];
  });
  if (kept.length === 0) return href;
  const url = new URL(href, 'http://app.invalid');
  for (const [name, value] of kept) url.searchParams.set(name, value);
  return `${url.pathname}${url.search}${url.hash}`;
}
