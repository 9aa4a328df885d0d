// Headline figures: each one a link to the projects that make it.
import type { Measures } from '../api.js';
import { h } from '../dom.js';
import { behindLink } from '../filters.js';
import { count, usdFull, usdShort } from '../format.js';
import { t } from '../i18n.js';

export function headlineFigures(total: Measures, filter: URLSearchParams): HTMLElement {
  const figure = (name: keyof Measures, label: string, text: string, full: string, behind: Record<string, string> = {}) =>
    h(
      'li',
      {},
      h(
        'a',
        {
          class: 'figure',
          href: behindLink(filter, behind),
          'data-figure': name,
          'data-value': total[name],
          title: `${full} — ${t('behind')}`,
        },
        h('span', { class: 'figure-value' }, text),
        h('span', { class: 'figure-label' }, label),
      ),
    );
  return h(
    'ul',
    { class: 'figures', 'aria-label': t('headline') },
    figure('activities', t('projects'), count(total.activities), count(total.activities)),
    figure('active', t('active'), count(total.active), count(total.active), { status: 'active' }),
    figure('commitmentUsd', t('commitments'), usdShort(total.commitmentUsd), usdFull(total.commitmentUsd)),
    figure('disbursementUsd', t('disbursements'), usdShort(total.disbursementUsd), usdFull(total.disbursementUsd)),
  );
}

export function notesList(notes: readonly string[]): HTMLElement | null {
  if (notes.length === 0) return null;
  return h('aside', { class: 'notes', 'aria-label': t('notes') }, h('ul', {}, ...notes.map((n) => h('li', {}, n))));
}
