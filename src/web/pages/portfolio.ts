// Country, financier and programme pages: one filter (the page's own plus the URL's), the same
// building blocks: headline figures, commitments by year, by sector, by financier or country, the
// active projects, a map of their locations (countries), and every project in a sortable table.
import * as api from '../api.js';
import { activityTable } from '../components/activityTable.js';
import { breakdownSection } from '../components/breakdown.js';
import { downloadLinks } from '../components/downloads.js';
import { headlineFigures, notesList } from '../components/figures.js';
import { filterForm } from '../components/filterForm.js';
import { type MapPoint, pointMap } from '../components/maps.js';
import { h, section } from '../dom.js';
import { filterOf } from '../filters.js';
import { countryName, t } from '../i18n.js';
import type { Route } from '../router.js';

export type PortfolioKind = 'country' | 'financier' | 'programme';

/** The table holds at most this many projects; the CSV link gives every one. */
const TABLE_LIMIT = 2000;

export function portfolioTitle(kind: PortfolioKind, param: string): string {
  return kind === 'country' ? countryName(param) : param;
}

export async function portfolioPage(kind: PortfolioKind, route: Route): Promise<HTMLElement> {
  const own = kind === 'country' ? param(route.param.toUpperCase()) : param(route.param);
  const filter = filterOf(route.query);
  filter.set(kind, own);
  const active = api.withParams(filter, { status: 'active' });
  const other = kind === 'country' ? 'financier' : 'country';
  // The figures and the year chart come first; the other blocks fill in as their answers arrive,
  // so the page is usable while the slower questions are still being answered.
  const byYear = await api.summary(filter, 'year');
  const listFilter = api.withParams(filter, { limit: String(TABLE_LIMIT) });
  const locations = kind === 'country' ? h('div', { class: 'locations' }, h('p', {}, t('loading'))) : null;
  const activeList = api.activities(active, 500);
  const page = h(
    'div',
    {},
    h('p', { class: 'kicker' }, t(kind)),
    h('h1', { tabindex: '-1' }, portfolioTitle(kind, own)),
    filterForm(route.query, [kind]),
    headlineFigures(byYear.total, filter),
    breakdownSection({ title: t('byYear'), by: 'year', summary: byYear, filter }),
    later(api.summary(filter, 'sector'), (bySector) => breakdownSection({ title: t('bySector'), by: 'sector', summary: bySector, filter })),
    later(api.summary(filter, other), (byOther) =>
      breakdownSection({ title: t(other === 'financier' ? 'byFinancier' : 'byCountry'), by: other, summary: byOther, filter }),
    ),
    later(activeList, (list) =>
      section(
        t('activeProjects'),
        activityTable({ items: list.items, caption: t('activeProjects'), sortParam: 'sortActive', total: byYear.total.active }),
        downloadLinks('activities', api.withParams(active, { limit: '10000' })),
      ),
    ),
    locations ? section(t('locations'), h('p', { class: 'note' }, t('locationsNote')), locations) : null,
    later(api.activities(filter, TABLE_LIMIT), (all) =>
      section(
        t('allProjects'),
        activityTable({ items: all.items, caption: t('allProjects'), sortParam: 'sort', total: byYear.total.activities }),
        downloadLinks('activities', listFilter),
      ),
    ),
    notesList(byYear.notes),
  );
  if (locations) void activeList.then((list) => fillLocations(locations, list.items, own));
  return page;
}

/** A block that shows "Loading…" until its answer arrives, then itself (or what went wrong). */
function later<T>(answer: Promise<T>, render: (value: T) => HTMLElement): HTMLElement {
  const slot = h('div', { class: 'later', 'aria-busy': 'true' }, h('p', { class: 'loading' }, t('loading')));
  answer.then(
    (value) => slot.replaceWith(render(value)),
    (error: Error) => slot.replaceChildren(h('p', { role: 'alert' }, `${t('error')}: ${error.message}`)),
  );
  return slot;
}

function param(value: string): string {
  return value.trim();
}

/**
 * The locations of the active projects. The API gives coordinates only with each project's detail,
 * so this reads the details of (at most 60) active projects, six at a time, after the page is shown.
 */
async function fillLocations(target: HTMLElement, items: api.ActivityItem[], country: string): Promise<void> {
  const points: (MapPoint & { project: string; place: string })[] = [];
  const queue = items.slice(0, 60);
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const detail = await api.activity(item.id).catch(() => null);
      for (const location of detail?.activity.locations ?? []) {
        if (!location.point) continue;
        const place = location.names[0]?.text ?? `${location.point.lat}, ${location.point.lon}`;
        const title = item.title ?? item.id;
        points.push({
          ...location.point,
          label: `${place} — ${title}`,
          href: `/project/${encodeURIComponent(item.id)}`,
          project: item.id,
          place,
        });
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  if (points.length === 0) {
    target.replaceChildren(h('p', {}, t('noLocations')));
    return;
  }
  const map = await pointMap(points, country, t('locations'));
  target.replaceChildren(
    map,
    h(
      'details',
      { class: 'table-alt' },
      h('summary', {}, t('showTable')),
      h(
        'table',
        {},
        h('caption', {}, t('locations')),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, t('place')),
            h('th', { scope: 'col' }, t('project')),
            h('th', { scope: 'col' }, 'lat, lon'),
          ),
        ),
        h(
          'tbody',
          {},
          ...points.map((p) =>
            h('tr', {}, h('td', {}, p.place), h('td', {}, h('a', { href: p.href }, p.project)), h('td', {}, `${p.lat}, ${p.lon}`)),
          ),
        ),
      ),
    ),
  );
}
