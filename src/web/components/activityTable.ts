// The list of projects as a sortable table. Sorting happens in the page (the API lists newest
// approval first) over the rows loaded; the order is kept in the URL (?sort=-commitment) so a
// link reproduces it. Long lists show a page at a time.
import type { ActivityItem } from '../api.js';
import { append, h } from '../dom.js';
import { count, date, moneyFull, moneyShort } from '../format.js';
import { countryName, type Key, statusLabel, t } from '../i18n.js';
import { replaceQuery } from '../router.js';

type SortKey = 'id' | 'title' | 'status' | 'approvalDate' | 'closingDate' | 'commitment' | 'disbursement';

/** Orders of links made before amounts came in the page's currency: the same columns. */
const FORMER_KEYS: Record<string, SortKey> = { commitmentUsd: 'commitment', disbursementUsd: 'disbursement' };

const COLUMNS: { key: SortKey | 'countries' | 'financiers'; label: Key; numeric?: boolean }[] = [
  { key: 'id', label: 'project' },
  { key: 'title', label: 'title' },
  { key: 'status', label: 'status' },
  { key: 'countries', label: 'country' },
  { key: 'financiers', label: 'financier' },
  { key: 'approvalDate', label: 'approval' },
  { key: 'closingDate', label: 'closing' },
  { key: 'commitment', label: 'commitments', numeric: true },
  { key: 'disbursement', label: 'disbursements', numeric: true },
];

const PAGE = 50;

function compare(key: SortKey): (a: ActivityItem, b: ActivityItem) => number {
  return (a, b) => {
    const x = a[key];
    const y = b[key];
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    // Missing values sort last whichever the direction, handled by the caller.
    return String(x ?? '').localeCompare(String(y ?? ''));
  };
}

export function sortItems(items: readonly ActivityItem[], sort: string | null): ActivityItem[] {
  if (!sort) return [...items];
  const descending = sort.startsWith('-');
  const named = descending ? sort.slice(1) : sort;
  const key = (FORMER_KEYS[named] ?? named) as SortKey;
  if (!COLUMNS.some((c) => c.key === key)) return [...items];
  const present = items.filter((i) => i[key] !== null && i[key] !== '');
  const missing = items.filter((i) => i[key] === null || i[key] === '');
  const sorted = present.sort(compare(key));
  return [...(descending ? sorted.reverse() : sorted), ...missing];
}

export interface ActivityTableOptions {
  items: ActivityItem[];
  caption: string;
  /** The URL parameter that holds this table's order (two tables on a page keep separate orders). */
  sortParam?: string;
  /** How many projects the filter has in all (the table may hold fewer). */
  total?: number;
}

export function activityTable({ items, caption, sortParam = 'sort', total }: ActivityTableOptions): HTMLElement {
  const wrap = h('div', { class: 'table-wrap' });
  let shown = PAGE;
  const render = () => {
    const sort = new URLSearchParams(location.search).get(sortParam);
    const rows = sortItems(items, sort);
    const header = COLUMNS.map((column) => {
      const sortable = column.key !== 'countries' && column.key !== 'financiers';
      const state = sort === column.key ? 'ascending' : sort === `-${column.key}` ? 'descending' : 'none';
      const next =
        state === 'ascending' ? `-${column.key}` : state === 'descending' ? null : column.numeric ? `-${column.key}` : column.key;
      const label = t(column.label);
      const content = sortable
        ? h(
            'button',
            {
              type: 'button',
              class: 'sort',
              'data-sort': column.key,
              'aria-label': `${t('sortBy')} ${label}`,
              onclick: () => {
                replaceQuery({ [sortParam]: next });
                render();
                (wrap.querySelector(`button[data-sort="${column.key}"]`) as HTMLElement | null)?.focus();
              },
            },
            label,
            h('span', { 'aria-hidden': 'true', class: 'arrow' }, state === 'ascending' ? ' ▲' : state === 'descending' ? ' ▼' : ''),
          )
        : label;
      return h('th', { scope: 'col', class: column.numeric ? 'num' : '', 'aria-sort': sortable ? state : false }, content);
    });
    const body = rows
      .slice(0, shown)
      .map((item) =>
        h(
          'tr',
          { 'data-id': item.id },
          h('td', {}, h('a', { href: `/project/${encodeURIComponent(item.id)}` }, item.id)),
          h('td', {}, item.title ?? '—'),
          h('td', {}, statusLabel(item.status)),
          h('td', {}, item.countries.map((c) => countryName(c)).join(', ')),
          h('td', {}, item.financiers.slice(0, 3).join('; ') + (item.financiers.length > 3 ? ' …' : '')),
          h('td', { class: 'date' }, date(item.approvalDate)),
          h('td', { class: 'date' }, date(item.closingDate)),
          h('td', { class: 'num', title: moneyFull(item.commitment), 'data-value': item.commitment }, moneyShort(item.commitment)),
          h('td', { class: 'num', title: moneyFull(item.disbursement), 'data-value': item.disbursement }, moneyShort(item.disbursement)),
        ),
      );
    const all = total ?? items.length;
    wrap.replaceChildren();
    append(wrap, [
      h('table', { class: 'projects' }, h('caption', {}, caption), h('thead', {}, h('tr', {}, ...header)), h('tbody', {}, ...body)),
      h('p', { class: 'count', 'aria-live': 'polite' }, t('showing', { shown: count(Math.min(shown, rows.length)), total: count(all) })),
      rows.length > shown
        ? h(
            'button',
            {
              type: 'button',
              class: 'more',
              onclick: () => {
                shown += PAGE * 4;
                render();
              },
            },
            t('showMore'),
          )
        : null,
      all > items.length ? h('p', { class: 'capped' }, t('capped', { n: count(items.length) })) : null,
    ]);
  };
  render();
  return wrap;
}
