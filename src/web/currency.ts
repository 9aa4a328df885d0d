// The currency the dashboard shows money in: the page URL's `currency` (kept there like the filters,
// so a link reproduces the view), USD when none is given. The API converts; the page only formats.

/** The choices of the selector: USD, the euro, and the currencies of the Central Asian countries. */
export const DISPLAY_CURRENCIES = ['USD', 'EUR', 'KZT', 'KGS', 'UZS', 'TJS'] as const;

export const DEFAULT_CURRENCY = 'USD';

/** The currency of the current page's figures (any ISO 4217 code the URL names; the API refuses one without rates). */
export function displayCurrency(search: URLSearchParams = new URLSearchParams(location.search)): string {
  const asked = search.get('currency')?.trim().toUpperCase();
  return asked && /^[A-Z]{3}$/.test(asked) ? asked : DEFAULT_CURRENCY;
}

/** The `currency` parameter of the page's figures for an API question built without the page's query; none for USD. */
export function currencyParam(): [string, string][] {
  const code = displayCurrency();
  return code === DEFAULT_CURRENCY ? [] : [['currency', code]];
}

/** The current page's URL with another currency (USD, the default, leaves the URL without one). */
export function withCurrency(code: string): string {
  const query = new URLSearchParams(location.search);
  if (code === DEFAULT_CURRENCY) query.delete('currency');
  else query.set('currency', code);
  const text = query.toString();
  return `${location.pathname}${text ? `?${text}` : ''}`;
}
