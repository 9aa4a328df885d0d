// Headline figures: each one a link to the projects that make it.
import type { Measures, Summary } from '../api.js';
import { h } from '../dom.js';
import { behindLink } from '../filters.js';
import { count, date, moneyFull, moneyShort } from '../format.js';
import { t } from '../i18n.js';

/**
 * The four headline figures of a summary. "Active" names the day statuses are read on and the rule;
 * a sum that covers only some projects says how many, and one that none report says so.
 */
export function headlineFigures(summary: Pick<Summary, 'total' | 'status'>, filter: URLSearchParams): HTMLElement {
  const { total, status } = summary;
  const money = (measure: 'commitment' | 'disbursement', label: string) => {
    const reported = total.reporting[measure];
    const part =
      total[measure] !== null && reported < total.activities ? ` (${t('reportedBy', { n: reported, total: total.activities })})` : '';
    return figure(measure, `${label}${part}`, moneyShort(total[measure]), moneyFull(total[measure]));
  };
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
          'data-value': String(total[name] ?? ''),
          title: `${full} — ${t('behind')}`,
        },
        h('span', { class: 'figure-value' }, text),
        h('span', { class: 'figure-label' }, label),
      ),
    );
  const figures = h(
    'ul',
    { class: 'figures', 'aria-label': t('headline') },
    figure('activities', t('projects'), count(total.activities), count(total.activities)),
    figure('active', t('activeOn', { day: date(status.day) }), count(total.active), `${count(total.active)} — ${status.definition}`, {
      status: 'active',
    }),
    money('commitment', t('commitments')),
    money('disbursement', t('disbursements')),
  );
  if (status.differing === 0) return figures;
  return h(
    'div',
    {},
    figures,
    h(
      'p',
      { class: 'note', 'data-status-differs': status.differing },
      h('a', { href: behindLink(filter, status.behind) }, t('statusDiffers', { n: count(status.differing) })),
    ),
  );
}

export function notesList(notes: readonly string[]): HTMLElement | null {
  if (notes.length === 0) return null;
  return h('aside', { class: 'notes', 'aria-label': t('notes') }, h('ul', {}, ...notes.map((n) => h('li', {}, n))));
}
