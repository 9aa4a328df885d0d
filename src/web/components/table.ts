// A plain table of figures with its caption, scrolling inside its block when wide; the columns
// listed in `numeric` are aligned as numbers.
import { h } from '../dom.js';

export type Cell = string | Node;

export function dataTable(caption: string, headers: string[], rows: Cell[][], numeric: number[] = []): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, ...headers.map((label, i) => h('th', { scope: 'col', class: numeric.includes(i) ? 'num' : '' }, label)))),
      h(
        'tbody',
        {},
        ...rows.map((cells) => h('tr', {}, ...cells.map((cell, i) => h('td', { class: numeric.includes(i) ? 'num' : '' }, cell)))),
      ),
    ),
  );
}
