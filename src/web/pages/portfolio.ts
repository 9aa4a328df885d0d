// Country, financier and programme pages: one filter (the page's own plus the URL's), the same
// building blocks: headline figures, commitments by year, by sector, by financier or country, the
// active projects, a map of their locations (countries), and every project in a sortable table.
import * as api from '../api.js';
import { activityTable } from '../components/activityTable.js';
import { breakdownSection } from '../components/breakdown.js';
import { downloadLinks } from '../components/downloads.js';
import { headlineFigures, notesList } from '../components/figures.js';
import { filterForm } from '../components/filterForm.js';
import { h, section } from '../dom.js';
import { filterOf } from '../filters.js';
import { countryName, t } from '../i18n.js';
import { markReadiness } from '../readiness.js';
import type { Route } from '../router.js';

export type PortfolioKind = 'country' | 'financier' | 'programme';

type MapsModule = typeof import('../components/maps.js');

/** The table holds at most this many projects; the CSV link gives every one. */
const TABLE_LIMIT = 2000;
/** Places on the map at most (KZ's active projects have about a hundred). */
const LOCATION_LIMIT = 5000;

export function portfolioTitle(kind: PortfolioKind, param: string): string {
  return kind === 'country' ? countryName(param) : param;
}

export async function portfolioPage(kind: PortfolioKind, route: Route): Promise<HTMLElement> {
  const own = kind === 'country' ? param(route.param.toUpperCase()) : param(route.param);
  const filter = filterOf(route.query);
  filter.set(kind, own);
  const active = api.withParams(filter, { status: 'active' });
  const other = kind === 'country' ? 'financier' : 'country';
  const listFilter = api.withParams(filter, { limit: String(TABLE_LIMIT) });
  // Every question at once, in the order the page needs the answers: the server answers them one
  // after another without waiting for the browser to ask the next. The country shapes come too.
  const byYearAnswer = api.summary(filter, 'year');
  const allAnswer = api.activities(filter, TABLE_LIMIT);
  const activeAnswer = api.activities(active, 500);
  // The sector block's vocabulary is the view's own choice, kept in its URL; the API chooses otherwise.
  const sectorVocabulary = route.query.get('sector-vocabulary');
  const bySectorAnswer = api.summary(
    sectorVocabulary ? api.withParams(filter, { 'sector-vocabulary': sectorVocabulary }) : filter,
    'sector',
  );
  const vocabularyLink = (vocabulary: string) => {
    const query = new URLSearchParams(route.query);
    query.set('sector-vocabulary', vocabulary);
    return `${location.pathname}?${query}`;
  };
  const byOtherAnswer = api.summary(filter, other);
  const placesAnswer = kind === 'country' ? api.locations(active, LOCATION_LIMIT) : null;
  const programmeAnswer = kind === 'programme' ? api.programme(own) : null;
  // The map's code and the country shapes load meanwhile, for the location map.
  const maps = placesAnswer ? import('../components/maps.js') : null;
  if (maps) void maps.then((loaded) => loaded.countryShapes()).catch(() => undefined);
  // Should the first answer fail, the page shows that error: the others are not waited for.
  for (const answer of [allAnswer, activeAnswer, bySectorAnswer, byOtherAnswer, placesAnswer, programmeAnswer, maps])
    answer?.catch(() => undefined);
  // The figures and the year chart come first; the other blocks fill in as their answers arrive,
  // so the page is usable while the slower questions are still being answered.
  const byYear = await byYearAnswer;
  const blocks: Promise<unknown>[] = [];
  const allProjects = later(
    allAnswer,
    (all) =>
      section(
        t('allProjects'),
        activityTable({ items: all.items, caption: t('allProjects'), sortParam: 'sort', total: byYear.total.activities }),
        downloadLinks('activities', listFilter),
      ),
    blocks,
  );
  const locations = placesAnswer
    ? later(
        placesAnswer,
        async (places) => locationsSection(places, own, active, (await (maps as Promise<MapsModule>)).pointMap),
        blocks,
        h('div', { class: 'locations' }),
      )
    : null;
  const page = h(
    'div',
    {},
    h('p', { class: 'kicker' }, t(kind)),
    h('h1', { tabindex: '-1' }, portfolioTitle(kind, own)),
    programmeAnswer ? later(programmeAnswer, programmeMembers, blocks) : null,
    filterForm(route.query, [kind]),
    headlineFigures(byYear, filter),
    breakdownSection({ title: t('byYear'), by: 'year', summary: byYear, filter }),
    later(
      bySectorAnswer,
      (bySector) => breakdownSection({ title: t('bySector'), by: 'sector', summary: bySector, filter, vocabularyLink }),
      blocks,
    ),
    later(
      byOtherAnswer,
      (byOther) => breakdownSection({ title: t(other === 'financier' ? 'byFinancier' : 'byCountry'), by: other, summary: byOther, filter }),
      blocks,
    ),
    later(
      activeAnswer,
      (list) =>
        section(
          t('activeProjects'),
          activityTable({ items: list.items, caption: t('activeProjects'), sortParam: 'sortActive', total: byYear.total.active }),
          downloadLinks('activities', api.withParams(active, { limit: '10000' })),
        ),
      blocks,
    ),
    locations ? section(t('locations'), h('p', { class: 'note' }, t('locationsNote')), locations) : null,
    allProjects,
    notesList(byYear.notes),
  );
  // Interactive: the headline figures (above) and the table of all projects; complete: every block.
  return markReadiness(page, { ready: blocks[0] as Promise<unknown>, complete: Promise.all(blocks) });
}

/**
 * A block that shows "Loading…" until its answer arrives, then itself (or what went wrong). The
 * work of filling it joins `blocks`.
 */
function later<T>(
  answer: Promise<T>,
  render: (value: T) => HTMLElement | Promise<HTMLElement>,
  blocks: Promise<unknown>[],
  slot: HTMLElement = h('div', { class: 'later' }),
): HTMLElement {
  slot.setAttribute('aria-busy', 'true');
  slot.classList.add('later');
  slot.replaceChildren(h('p', { class: 'loading' }, t('loading')));
  blocks.push(
    answer.then(render).then(
      (content) => {
        if (content === slot) return;
        slot.replaceWith(content);
      },
      (error: Error) => {
        slot.classList.remove('later');
        slot.removeAttribute('aria-busy');
        slot.replaceChildren(h('p', { role: 'alert' }, `${t('error')}: ${error.message}`));
      },
    ),
  );
  return slot;
}

/** What the programme is, and its members (as /api/programmes/{name} gives them), each a link to its country page. */
function programmeMembers(programme: api.Programme): HTMLElement {
  return h(
    'div',
    { class: 'programme' },
    h('p', { class: 'intro' }, programme.title),
    h(
      'p',
      { class: 'members' },
      `${t('members')}: `,
      ...programme.countries.flatMap((code, i) => [
        i > 0 ? ', ' : '',
        h('a', { href: `/country/${code}`, 'data-country': code }, countryName(code)),
      ]),
    ),
  );
}

function param(value: string): string {
  return value.trim();
}

/** The places of the active projects that have coordinates (one question: /api/locations), on a map and as a table. */
async function locationsSection(
  places: api.LocationPage,
  country: string,
  active: URLSearchParams,
  pointMap: MapsModule['pointMap'],
): Promise<HTMLElement> {
  const target = h('div', { class: 'locations', 'data-located': places.located, 'data-projects': places.projects });
  if (places.items.length === 0) {
    target.append(h('p', {}, t('noLocations')));
    return target;
  }
  const points = places.items.map((p) => {
    const place = p.name ?? `${p.lat}, ${p.lon}`;
    return {
      lat: p.lat,
      lon: p.lon,
      label: `${place} — ${p.title ?? p.id}`,
      href: `/project/${encodeURIComponent(p.id)}`,
      project: p.id,
      place,
    };
  });
  const map = await pointMap(points, country, t('locations'));
  target.append(
    map,
    h('p', { class: 'note' }, t('locatedOf', { located: places.located, projects: places.projects })),
    h(
      'details',
      { class: 'table-alt' },
      h('summary', {}, t('showTable')),
      h(
        'div',
        { class: 'table-wrap' },
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
              h(
                'tr',
                {},
                h('td', {}, p.place),
                h('td', {}, h('a', { class: 'id', href: p.href }, p.project)),
                h('td', {}, `${p.lat}, ${p.lon}`),
              ),
            ),
          ),
        ),
      ),
    ),
    downloadLinks('locations', api.withParams(active, { limit: '10000' })),
  );
  return target;
}
