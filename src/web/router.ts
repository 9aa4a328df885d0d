// Pages are paths (/country/KZ, /project/P179204) and their filters the query string. Links inside
// the app change the page without reloading; the back button works; every view has its own URL.
import { withReaderParams } from './urlState.js';

export interface Route {
  page: string;
  /** The path segment after the page's name, decoded: the country code, the financier's name… */
  param: string;
  query: URLSearchParams;
}

let onChange: (route: Route) => void = () => {};

export function currentRoute(): Route {
  const [, page = '', ...rest] = location.pathname.split('/');
  return { page, param: decodeURIComponent(rest.join('/')), query: new URLSearchParams(location.search) };
}

/**
 * Goes to `url`, keeping the reader's parameters (language, currency) unless `asIs`: a URL made from
 * the current one that changes a reader parameter itself (the currency selector) is taken as it is.
 */
export function navigate(url: string, { asIs = false } = {}): void {
  history.pushState(null, '', asIs ? url : withReaderParams(url, new URLSearchParams(location.search)));
  onChange(currentRoute());
}

/** Changes the query without a new history entry or a re-render (a table's sort order). Null removes. */
export function replaceQuery(changes: Record<string, string | null>): void {
  const query = new URLSearchParams(location.search);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) query.delete(name);
    else query.set(name, value);
  }
  const text = query.toString();
  history.replaceState(null, '', `${location.pathname}${text ? `?${text}` : ''}`);
}

/** Starts routing: renders now, on back/forward, and on clicks of the app's own links. */
export function startRouter(render: (route: Route) => void): void {
  onChange = render;
  window.addEventListener('popstate', () => render(currentRoute()));
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest('a');
    // SVG links (chart bars, map shapes) have no .href string: read the attribute.
    const href = link?.getAttribute('href');
    if (!href?.startsWith('/') || href.startsWith('//') || link?.hasAttribute('download') || link?.getAttribute('target')) return;
    if (href.startsWith('/api') || href === '/openapi.json') return;
    event.preventDefault();
    navigate(href);
  });
  render(currentRoute());
}

function addReaderParams(root: Element): void {
  const from = new URLSearchParams(location.search);
  const links = root.matches('a[href]') ? [root, ...root.querySelectorAll('a[href]')] : root.querySelectorAll('a[href]');
  for (const link of links) {
    // SVG links (chart bars, map shapes) have no .href string: read and write the attribute.
    const href = link.getAttribute('href');
    if (!href) continue;
    const kept = withReaderParams(href, from);
    if (kept !== href) link.setAttribute('href', kept);
  }
}

/**
 * Keeps the reader's parameters on every link under `root`, now and whenever links are added (blocks
 * that fill in later, charts drawn once their code has loaded, a table re-sorted).
 */
export function keepReaderParams(root: Element): void {
  addReaderParams(root);
  new MutationObserver((changes) => {
    for (const change of changes) for (const node of change.addedNodes) if (node instanceof Element) addReaderParams(node);
  }).observe(root, { childList: true, subtree: true });
}
