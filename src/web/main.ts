// The dashboard: a header with navigation and the language switch, and the page the URL names.
import './style.css';
import { ApiFailure } from './api.js';
import { DISPLAY_CURRENCIES, displayCurrency, withCurrency } from './currency.js';
import { h } from './dom.js';
import { LANG_NAMES, LANGS, type Lang, lang, langOfQuery, setLang, t } from './i18n.js';
import { dataPage } from './pages/data.js';
import { portfolioPage, portfolioTitle } from './pages/portfolio.js';
import { regionPage } from './pages/region.js';
import { searchPage } from './pages/search.js';
import { drawingsDone, readinessOf } from './readiness.js';
import { currentRoute, keepReaderParams, navigate, type Route, replaceQuery, startRouter } from './router.js';

const main = document.getElementById('main') as HTMLElement;
const header = document.getElementById('header') as HTMLElement;
const footer = document.getElementById('footer') as HTMLElement;

/** Each render has a number; a slow answer for a page the user has already left is dropped. */
let renders = 0;

function pageFor(route: Route): { title: string; build: () => Promise<HTMLElement> } {
  switch (route.page) {
    case '':
      return { title: t('regionTitle'), build: regionPage };
    case 'country':
    case 'financier':
    case 'programme':
      return { title: portfolioTitle(route.page, route.param), build: () => portfolioPage(route.page as 'country', route) };
    case 'project':
      // The project page alone draws its own charts and maps: its code loads when it is opened.
      return { title: route.param, build: () => import('./pages/project.js').then((page) => page.projectPage(route.param)) };
    case 'search':
      return { title: t('searchTitle'), build: () => searchPage(route) };
    case 'data':
      return { title: t('dataTitle'), build: dataPage };
    default:
      return { title: t('notFound'), build: async () => h('h1', { tabindex: '-1' }, t('notFound')) };
  }
}

/**
 * The URL's language wins (a shared link, the back button); without one, a language other than
 * English is written into the URL, so the address bar can always be shared as it is.
 */
function followLanguage(route: Route): void {
  const asked = langOfQuery(route.query);
  if (asked && asked !== lang()) setLang(asked);
  else if (!asked && lang() !== 'en') replaceQuery({ lang: lang() });
}

async function render(route: Route): Promise<void> {
  const mine = ++renders;
  followLanguage(route);
  renderChrome(route);
  const { title, build } = pageFor(route);
  document.title = `${title} — devfin`;
  main.setAttribute('aria-busy', 'true');
  main.removeAttribute('data-ready');
  main.removeAttribute('data-complete');
  main.replaceChildren(h('p', { class: 'loading' }, t('loading')));
  let content: HTMLElement;
  try {
    content = await build();
  } catch (error) {
    const message = error instanceof ApiFailure && error.status === 404 ? t('notFound') : t('error');
    content = h('div', { role: 'alert' }, h('h1', { tabindex: '-1' }, message), h('p', {}, (error as Error).message));
  }
  if (mine !== renders) return;
  main.replaceChildren(content);
  main.removeAttribute('aria-busy');
  main.dataset.page = route.page || 'region';
  const { ready, complete } = readinessOf(content);
  void ready.then(() => {
    if (mine === renders) main.dataset.ready = '';
  });
  void complete.then(drawingsDone).then(() => {
    if (mine === renders) main.dataset.complete = '';
  });
  // After a change of page, keyboard and screen-reader users start at its heading.
  if (renders > 1) (main.querySelector('h1') as HTMLElement | null)?.focus();
}

function renderChrome(route: Route): void {
  const link = (href: string, label: string, current: boolean) => h('a', { href, 'aria-current': current ? 'page' : false }, label);
  const select = h(
    'select',
    {
      id: 'lang',
      onchange: (event: Event) => {
        const next = (event.target as HTMLSelectElement).value as Lang;
        setLang(next);
        replaceQuery({ lang: next });
        void render(currentRoute());
      },
    },
    ...LANGS.map((code) => h('option', { value: code, lang: code, selected: code === lang() }, LANG_NAMES[code])),
  );
  // The currency is part of the page's URL, like a filter: choosing one is a new view with its own address.
  const shown = displayCurrency();
  const currencies = DISPLAY_CURRENCIES.some((c) => c === shown) ? DISPLAY_CURRENCIES : [...DISPLAY_CURRENCIES, shown];
  const currencySelect = h(
    'select',
    { id: 'currency', onchange: (event: Event) => navigate(withCurrency((event.target as HTMLSelectElement).value), { asIs: true }) },
    ...currencies.map((code) => h('option', { value: code, selected: code === shown }, code)),
  );
  header.replaceChildren(
    h(
      'div',
      { class: 'bar' },
      h('a', { class: 'brand', href: '/' }, 'devfin'),
      h(
        'nav',
        { 'aria-label': 'devfin' },
        link('/', t('navRegion'), route.page === ''),
        link('/programme/CAREC', 'CAREC', route.page === 'programme'),
        link('/search', t('navSearch'), route.page === 'search'),
        link('/data', t('navData'), route.page === 'data'),
        h('a', { href: '/api/docs' }, t('navApi')),
      ),
      h('div', { class: 'lang' }, h('label', { for: 'currency' }, t('currency')), currencySelect),
      h('div', { class: 'lang' }, h('label', { for: 'lang' }, t('language')), select),
    ),
  );
  footer.replaceChildren(h('p', {}, t('tagline'), ' · ', h('a', { href: '/openapi.json' }, 'OpenAPI')));
  const skip = document.querySelector('.skip');
  if (skip) skip.textContent = t('skip');
}

document.documentElement.lang = lang();
keepReaderParams(document.body);
startRouter((route) => void render(route));
