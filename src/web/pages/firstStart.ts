// The first page of an empty store: how to load data (the server's own next steps, and the commands).
import type { Overview } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';

export function firstStartPage(status: Overview): HTMLElement {
  const code = (text: string) => h('pre', {}, h('code', {}, text));
  return h(
    'div',
    { class: 'first-start' },
    h('h1', { tabindex: '-1' }, t('emptyTitle')),
    h('p', {}, t('emptyIntro')),
    code(
      'npx devfin import path/to/projects.csv        # a World Bank projects export\nnpx devfin import path/to/iati-folder          # IATI activity files',
    ),
    h('p', {}, t('emptySync')),
    code('npx devfin serve --sync'),
    h('h2', {}, t('emptySteps')),
    h('ul', { class: 'next-steps' }, ...status.nextSteps.map((step) => h('li', {}, h('code', {}, step)))),
    h('p', {}, h('small', {}, status.store)),
  );
}
