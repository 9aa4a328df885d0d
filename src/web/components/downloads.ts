// "Download CSV / XLSX" of what a block shows: links to the API's own CSV and XLSX answers of the
// same question, so the file holds exactly the rows on the screen (and the API's column names).
import { apiPath } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';

export function downloadLinks(endpoint: Parameters<typeof apiPath>[0], query: URLSearchParams): HTMLElement {
  const link = (format: 'csv' | 'xlsx') =>
    h('a', { href: apiPath(endpoint, query, format), download: '', 'data-download': format, class: 'download' }, format.toUpperCase());
  return h('p', { class: 'downloads' }, `${t('download')}: `, link('csv'), ' · ', link('xlsx'));
}
