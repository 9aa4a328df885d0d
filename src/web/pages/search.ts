// Search: words in titles and objectives, narrowed by facets (country, financier, sector, status,
// year of approval) whose counts are the API's /api/facets of the same filter, in one answer; the
// projects as a table. It is also where every "projects behind this number" link leads.
import * as api from '../api.js';
import { activityTable } from '../components/activityTable.js';
import { rowLabel } from '../components/breakdown.js';
import { downloadLinks } from '../components/downloads.js';
import { headlineFigures, notesList } from '../components/figures.js';
import { filterChips } from '../components/filterForm.js';
import { h, section } from '../dom.js';
import { behindLink, filterOf } from '../filters.js';
import { count } from '../format.js';
import { type Key, t } from '../i18n.js';
import { navigate, type Route } from '../router.js';

const FACETS: { by: api.FacetField; label: Key }[] = [
  { by: 'country', label: 'country' },
  { by: 'financier', label: 'financier' },
  { by: 'sector', label: 'sector' },
  { by: 'status', label: 'status' },
  { by: 'year', label: 'year' },
];

const FACET_ROWS = 8;
const TABLE_LIMIT = 1000;

export async function searchPage(route: Route): Promise<HTMLElement> {
  const filter = filterOf(route.query);
  // Three questions at once: the projects, the facets' counts, and the money for the headline.
  const [list, facets, summary] = await Promise.all([
    api.activities(filter, TABLE_LIMIT),
    api.facets(filter),
    api.summary(filter, 'status'),
  ]);
  const total = summary.total;
  return h(
    'div',
    {},
    h('h1', { tabindex: '-1' }, t('searchTitle')),
    searchForm(filter),
    filterChips(filter, ['q']),
    headlineFigures(summary, filter),
    h(
      'div',
      { class: 'search-layout' },
      h(
        'nav',
        { class: 'facets', 'aria-label': t('facets') },
        h('h2', {}, t('facets')),
        ...FACETS.map((facet) => facetList(facet.by, t(facet.label), facets.facets[facet.by], filter)),
        downloadLinks('facets', filter),
      ),
      section(
        t('results'),
        activityTable({ items: list.items, caption: t('results'), total: total.activities }),
        downloadLinks('activities', api.withParams(filter, { limit: '10000' })),
      ),
    ),
    notesList(list.notes),
  );
}

function searchForm(filter: URLSearchParams): HTMLElement {
  const input = h('input', { id: 'search-q', type: 'search', name: 'q', value: filter.get('q') ?? '' });
  const form = h(
    'form',
    { class: 'filters', role: 'search' },
    h('div', { class: 'field wide' }, h('label', { for: 'search-q' }, t('searchLabel')), input),
    h('button', { type: 'submit' }, t('search')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams(filter);
    const words = input.value.trim();
    if (words) next.set('q', words);
    else next.delete('q');
    navigate(`/search${next.size ? `?${next}` : ''}`);
  });
  return form;
}

function facetList(by: api.FacetField, title: string, rows: api.FacetRow[], filter: URLSearchParams): HTMLElement {
  // The API orders them: years newest first, other groups with the most projects first.
  const shown = rows.filter((r) => r.behind).slice(0, FACET_ROWS);
  return h(
    'div',
    { class: 'facet', 'data-facet': by },
    h('h3', {}, title),
    h(
      'ul',
      {},
      ...shown.map((row) =>
        h(
          'li',
          {},
          h(
            'a',
            { href: behindLink(filter, row.behind ?? {}), 'data-count': row.activities },
            h('span', {}, rowLabel(by, row)),
            h('span', { class: 'n' }, count(row.activities)),
          ),
        ),
      ),
    ),
    rows.length > shown.length ? h('p', { class: 'more' }, t('otherGroups', { n: rows.length - shown.length })) : null,
  );
}
