// A breakdown of a summary (by year, sector, financier, country, status): a chart, the same rows as a
// table whose every figure links to its projects, and the rows as CSV / XLSX.
import { SECTOR_VOCABULARIES, type Summary, type SummaryRow, withParams } from '../api.js';
import { h, section } from '../dom.js';
import { behindLink } from '../filters.js';
import { count, moneyFull, moneyShort } from '../format.js';
import { countryName, type Key, statusLabel, t } from '../i18n.js';
import { whileDrawing } from '../readiness.js';
import { yearRanges, yearSpan } from '../years.js';
import type { Bar } from './barChart.js';
import { downloadLinks } from './downloads.js';

/** A row's name for people: countries and statuses in the page's language, other groups as the API names them. */
export function rowLabel(by: string, row: Pick<SummaryRow, 'key' | 'label'>): string {
  if (row.key === 'unknown') return t('unknownGroup');
  if (by === 'sector' && row.key === 'none') return t('noSectorGroup');
  if (by === 'country') return countryName(row.key);
  if (by === 'status') return statusLabel(row.key);
  return row.label;
}

/** The link to a row's projects, or null when no filter expresses the row. */
export function rowLink(filter: URLSearchParams, row: SummaryRow): string | null {
  return row.behind ? behindLink(filter, row.behind) : null;
}

/** Where a row's own page is, for groups that have one (a country, a financier). */
function groupPage(by: string, row: SummaryRow): string | null {
  if (row.key === 'unknown') return null;
  if (by === 'country') return `/country/${encodeURIComponent(row.key)}`;
  if (by === 'financier') return `/financier/${encodeURIComponent(row.key)}`;
  return null;
}

/** The rows as a table; each count and amount a link to the projects behind it. At most `limit` rows. */
export function summaryTable(by: string, summary: Summary, filter: URLSearchParams, caption: string, limit = 50): HTMLElement {
  const rows = summary.rows.slice(0, limit);
  const cell = (row: SummaryRow, text: string, value: number | null, extra: Record<string, string> = {}) => {
    const href = row.behind ? behindLink(filter, { ...row.behind, ...extra }) : null;
    return h('td', { class: 'num', 'data-value': value }, href ? h('a', { href, title: t('behind') }, text) : text);
  };
  const name = (row: SummaryRow) => {
    const page = groupPage(by, row);
    const label = rowLabel(by, row);
    return h('th', { scope: 'row' }, page ? h('a', { href: page }, label) : label);
  };
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { 'data-by': by },
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h(
            'th',
            { scope: 'col' },
            t(
              by === 'year' || by === 'amount-year'
                ? 'year'
                : by === 'country'
                  ? 'country'
                  : by === 'financier'
                    ? 'financier'
                    : by === 'status'
                      ? 'status'
                      : 'sector',
            ),
          ),
          h('th', { scope: 'col', class: 'num' }, t('projects')),
          h('th', { scope: 'col', class: 'num' }, t('active')),
          h('th', { scope: 'col', class: 'num' }, t('commitments')),
          h('th', { scope: 'col', class: 'num' }, t('disbursements')),
        ),
      ),
      h(
        'tbody',
        {},
        ...rows.map((row) =>
          h(
            'tr',
            {},
            name(row),
            cell(row, count(row.activities), row.activities),
            cell(row, count(row.active), row.active, { status: 'active' }),
            cell(row, moneyShort(row.commitment), row.commitment),
            cell(row, moneyShort(row.disbursement), row.disbursement),
          ),
        ),
      ),
    ),
    summary.rows.length > limit ? h('p', { class: 'more' }, t('otherGroups', { n: summary.rows.length - limit })) : null,
  );
}

type Charts = typeof import('./barChart.js');

/** Observable Plot is most of the app's script: it loads with the first chart, so pages show their figures and tables first. */
let charts: Promise<Charts> | null = null;

/** A chart's place on the page, drawn once the charting code has arrived. */
function lazyChart(draw: (charts: Charts) => Element): HTMLElement {
  const figure = h('figure', { class: 'chart', 'aria-busy': 'true' });
  charts ??= import('./barChart.js');
  whileDrawing(
    charts.then((loaded) => {
      figure.replaceChildren(draw(loaded));
      figure.removeAttribute('aria-busy');
    }),
  );
  return figure;
}

export interface BreakdownOptions {
  title: string;
  by: string;
  summary: Summary;
  filter: URLSearchParams;
  /** How many groups the chart shows (the largest); years always all. */
  top?: number;
  /** Show the table open rather than folded under the chart. */
  openTable?: boolean;
  /** By sector: the link to the same view with the sectors in another vocabulary. */
  vocabularyLink?: (vocabulary: string) => string;
}

/** Which vocabulary the sector rows are in, how many projects have none in it, and links to the others. */
function vocabularyNote(vocabulary: NonNullable<Summary['vocabulary']>, link: (vocabulary: string) => string): HTMLElement {
  const name = (key: string) => t(`vocabulary_${key}` as Key);
  return h(
    'p',
    { class: 'note vocabulary', 'data-vocabulary': vocabulary.key },
    `${t('sectorVocabulary', { name: name(vocabulary.key), n: count(vocabulary.withoutSector) })} `,
    ...SECTOR_VOCABULARIES.flatMap((key, i) => [
      i > 0 ? ' · ' : '',
      key === vocabulary.key ? h('strong', {}, name(key)) : h('a', { href: link(key), 'data-vocabulary': key }, name(key)),
    ]),
  );
}

export function breakdownSection({
  title,
  by,
  summary,
  filter,
  top = 12,
  openTable = false,
  vocabularyLink,
}: BreakdownOptions): HTMLElement {
  const byYear = by === 'year' || by === 'amount-year';
  // Rows with no reported commitment have no bar (their table row says "—"), rather than a bar of 0.
  const charted = summary.rows.filter((r) => r.commitment !== null);
  const chartRows = byYear ? charted.filter((r) => r.key !== 'unknown') : charted.slice(0, top);
  const bars: Bar[] = chartRows.map((row) => ({ label: rowLabel(by, row), value: row.commitment ?? 0, href: rowLink(filter, row) }));
  const description = `${title}: ${chartRows.map((r) => `${rowLabel(by, r)} ${moneyFull(r.commitment)}`).join('; ')}`;
  // By year the axis has every year from the first to the last, so a year without projects shows as a gap, named below.
  const years = byYear ? yearSpan(summary.rows) : { all: [], empty: [] };
  const chart =
    bars.length > 0
      ? lazyChart((charts) => (byYear ? charts.yearChart(bars, description, years.all) : charts.rankChart(bars, description)))
      : h('p', {}, t('noData'));
  const vocabulary = summary.vocabulary;
  return section(
    title,
    vocabulary && vocabularyLink ? vocabularyNote(vocabulary, vocabularyLink) : null,
    chart,
    byYear && bars.length > 0
      ? h(
          'p',
          { class: 'note years', 'data-empty-years': years.empty.join(' ') },
          years.empty.length > 0 ? `${t('yearsEmpty', { years: yearRanges(years.empty) })} ` : '',
          t('yearsAxis'),
        )
      : null,
    h('details', { class: 'table-alt', open: openTable }, h('summary', {}, t('showTable')), summaryTable(by, summary, filter, title)),
    downloadLinks('summary', withParams(filter, vocabulary ? { by, 'sector-vocabulary': vocabulary.key } : { by })),
  );
}
