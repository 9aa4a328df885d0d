// Data: per source, what the store holds (activities, countries, approval dates), how fresh it is
// (last import), and what the imports warned about; then the latest imports, each as the import
// log keeps it (/api/data-quality and /api/imports).
import * as api from '../api.js';
import { dataTable as table } from '../components/table.js';
import { h, section } from '../dom.js';
import { count, date } from '../format.js';
import { t } from '../i18n.js';

const RECENT_IMPORTS = 50;

function warningsText(warnings: Record<string, number>): string {
  const entries = Object.entries(warnings).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? '—' : entries.map(([kind, n]) => `${kind} ${count(n)}`).join(', ');
}

export async function dataPage(): Promise<HTMLElement> {
  const [quality, log] = await Promise.all([api.dataQuality(), api.imports(RECENT_IMPORTS)]);
  return h(
    'div',
    {},
    h('h1', { tabindex: '-1' }, t('dataTitle')),
    h('p', {}, t('dataIntro')),
    section(
      t('dataSources'),
      table(
        t('dataSources'),
        [
          t('dataSource'),
          t('dataActivities'),
          t('dataCountries'),
          t('dataApproved'),
          t('dataLastImport'),
          t('dataImports'),
          t('dataRefused'),
          t('dataWarnings'),
        ],
        quality.sources.map((s) => [
          s.source,
          count(s.activities),
          count(s.countries),
          s.firstApproval ? `${date(s.firstApproval)} – ${date(s.lastApproval)}` : '—',
          s.lastImport ? date(s.lastImport) : '—',
          count(s.imports),
          count(s.refused),
          warningsText(s.warnings),
        ]),
        [1, 2, 5, 6],
      ),
    ),
    section(
      `${t('dataRecentImports')} (${count(log.imports.length)} / ${count(log.total)})`,
      table(
        t('dataRecentImports'),
        [
          '#',
          t('dataWhen'),
          t('dataBy'),
          t('dataOutcome'),
          t('dataAdded'),
          t('dataReplaced'),
          t('dataUnchanged'),
          t('dataWarnings'),
          t('dataFile'),
        ],
        log.imports.map((i) => [
          String(i.id),
          date(i.finishedAt),
          i.actor,
          i.error ? `${i.status}: ${i.error.message}` : i.status,
          count(i.counts.added),
          count(i.counts.replaced),
          count(i.counts.unchanged),
          h('a', { href: `/api/imports/${i.id}` }, count(i.warnings)),
          i.location,
        ]),
        [0, 4, 5, 6, 7],
      ),
    ),
  );
}

/** The warnings the imports gave about a project's records, for its page. */
export async function projectWarningsSection(id: string): Promise<HTMLElement> {
  const { warnings } = await api.activityWarnings(id);
  if (warnings.length === 0) return section(t('dataProjectWarnings'), h('p', {}, t('dataNoWarnings')));
  return section(
    t('dataProjectWarnings'),
    h(
      'ul',
      { class: 'data-warnings' },
      ...warnings.map((w) =>
        h(
          'li',
          { 'data-kind': w.kind },
          `${w.kind}${w.field ? ` (${w.field})` : ''}: ${w.message} — ${w.file}${w.line != null ? `:${w.line}` : ''}`,
        ),
      ),
    ),
  );
}
