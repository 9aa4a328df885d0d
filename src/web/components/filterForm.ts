// The filters of a page: words, status and approval years in a form, and every other filter in the
// URL (a sector, a financier picked from a breakdown) as a chip that removes it. Applying navigates:
// the new URL is the new view.
import { h } from '../dom.js';
import { yearOf } from '../filters.js';
import { countryName, type Key, statusLabel, t } from '../i18n.js';
import { navigate } from '../router.js';
import { READER_PARAMS } from '../urlState.js';

const STATUSES = ['pipeline', 'active', 'closed', 'dropped', 'suspended'];
/** The words for the filters a chip can show; others show their parameter's name. */
const CHIP_NAMES: Readonly<Record<string, Key>> = {
  country: 'country',
  financier: 'financier',
  sector: 'sector',
  status: 'status',
  programme: 'programme',
  instrument: 'instrument',
};
const FORM_FIELDS = ['q', 'status', 'from', 'to'];

let formCount = 0;

/** `fixed` are the page's own filters (the country of a country page): shown by the page, not removable. */
export function filterForm(query: URLSearchParams, fixed: string[] = []): HTMLElement {
  const id = `f${++formCount}`;
  const input = (name: string, label: string, props: Record<string, string>) =>
    h('div', { class: 'field' }, h('label', { for: `${id}-${name}` }, label), h('input', { id: `${id}-${name}`, name, ...props }));
  const status = query.get('status') ?? '';
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': t('filters') },
    input('q', t('text'), { type: 'search', value: query.get('q') ?? '' }),
    h(
      'div',
      { class: 'field' },
      h('label', { for: `${id}-status` }, t('status')),
      h(
        'select',
        { id: `${id}-status`, name: 'status' },
        h('option', { value: '' }, t('anyStatus')),
        ...STATUSES.map((s) => h('option', { value: s, selected: s === status }, statusLabel(s))),
      ),
    ),
    input('from', t('fromYear'), { type: 'number', min: '1940', max: '2100', inputmode: 'numeric', value: yearOf(query.get('from')) }),
    input('to', t('toYear'), { type: 'number', min: '1940', max: '2100', inputmode: 'numeric', value: yearOf(query.get('to')) }),
    h('button', { type: 'submit' }, t('apply')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const next = new URLSearchParams(query);
    for (const name of [...FORM_FIELDS, 'sort', 'sortAll']) next.delete(name);
    const text = String(data.get('q') ?? '').trim();
    if (text) next.set('q', text);
    const chosen = String(data.get('status') ?? '');
    if (chosen) next.set('status', chosen);
    const from = String(data.get('from') ?? '').trim();
    const to = String(data.get('to') ?? '').trim();
    if (/^\d{4}$/.test(from)) next.set('from', `${from}-01-01`);
    if (/^\d{4}$/.test(to)) next.set('to', `${to}-12-31`);
    const search = next.toString();
    navigate(`${location.pathname}${search ? `?${search}` : ''}`);
  });
  // Select menus apply at once: one less step with the keyboard too.
  form.querySelector('select')?.addEventListener('change', () => form.requestSubmit());
  return h('div', { class: 'filter-bar' }, form, filterChips(query, [...FORM_FIELDS, ...fixed]));
}

/** The filters not in the form, each a link to the same view without it. */
export function filterChips(query: URLSearchParams, skip: string[]): HTMLElement | null {
  const chips: HTMLElement[] = [];
  for (const [name, value] of query) {
    // The language and the currency are no filters: the header's switches show and change them.
    if (skip.includes(name) || READER_PARAMS.includes(name) || name === 'sort' || name === 'sortAll') continue;
    const without = new URLSearchParams(query);
    without.delete(name, value);
    const text = without.toString();
    const shown = name === 'country' ? countryName(value) : name === 'status' ? statusLabel(value) : value;
    const word = CHIP_NAMES[name];
    const label = word ? t(word) : name;
    chips.push(
      h(
        'li',
        {},
        h(
          'a',
          { class: 'chip', href: `${location.pathname}${text ? `?${text}` : ''}`, 'aria-label': `${t('remove')}: ${label} ${shown}` },
          `${label}: ${shown} ✕`,
        ),
      ),
    );
  }
  return chips.length > 0 ? h('ul', { class: 'chips' }, ...chips) : null;
}
