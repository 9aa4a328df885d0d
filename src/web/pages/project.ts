// One project: its figures, every field with the record that gave it, all its source records side by
// side with their provenance, financing lines, transactions over time, locations, documents and
// related projects.
import * as Plot from '@observablehq/plot';
import * as api from '../api.js';
import { chartFigure } from '../components/barChart.js';
import { pointMap } from '../components/maps.js';
import { numericOf } from '../countries.js';
import { h, section } from '../dom.js';
import { amount, date, usdFull, usdShort } from '../format.js';
import { countryName, lang, statusLabel, t } from '../i18n.js';
import { projectWarningsSection } from './data.js';

type Narratives = api.Narrative[];

/** The text in the page's language where the source gives one, else the first. */
function text(narratives: Narratives | undefined): string {
  if (!narratives || narratives.length === 0) return '';
  return (narratives.find((n) => n.lang === lang()) ?? narratives[0])?.text ?? '';
}

/** IATI transaction types (TransactionType codelist) that the sources use. */
const TRANSACTION_TYPES: Record<string, [string, string]> = {
  '1': ['Incoming funds', 'Входящие средства'],
  '2': ['Commitment', 'Обязательство'],
  '3': ['Disbursement', 'Выплата'],
  '4': ['Expenditure', 'Расход'],
  '11': ['Incoming commitment', 'Входящее обязательство'],
  '12': ['Outgoing pledge', 'Обещание'],
};

function transactionType(code: string): string {
  const names = TRANSACTION_TYPES[code];
  return names ? names[lang() === 'ru' ? 1 : 0] : code;
}

/** Any field's value as a line of text: lists by their items, narratives by their text. */
function describe(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    return value.map((item) => describe(item)).join('; ');
  }
  const object = value as Record<string, unknown>;
  if (typeof object.text === 'string') return object.text;
  if (Array.isArray(object.narratives)) return text(object.narratives as Narratives);
  if (Array.isArray(object.names) && object.names.length > 0) {
    const extra = Object.entries(object).filter(([k, v]) => k !== 'names' && v !== null && typeof v !== 'object');
    return [text(object.names as Narratives), ...extra.map(([k, v]) => `${k} ${v}`)].join(', ');
  }
  if ('code' in object) return `${object.code}${object.percentage != null ? ` (${object.percentage}%)` : ''}`;
  return Object.entries(object)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${describe(v)}`)
    .join(', ');
}

const HIDDEN = new Set(['records', 'fieldSources', 'provenance', 'extra']);
const SIDE_BY_SIDE = [
  'titles',
  'status',
  'approvalDate',
  'instrument',
  'dates',
  'recipientCountries',
  'sectors',
  'financing',
  'transactions',
  'locations',
  'documents',
];

export async function projectPage(id: string): Promise<HTMLElement> {
  const detail = await api.activity(id);
  const project = detail.activity;
  const title = text(project.titles) || project.id;
  const countries = project.recipientCountries.map((c) => c.code);
  const closing = detail.status.closingDate;
  const fact = (label: string, value: string | HTMLElement, data: Record<string, string | number | null> = {}) =>
    h('div', { class: 'fact' }, h('dt', {}, label), h('dd', data, value));
  return h(
    'div',
    {},
    h('p', { class: 'kicker' }, `${t('project')} ${project.id}`),
    h('h1', { tabindex: '-1' }, title),
    h(
      'dl',
      { class: 'facts' },
      fact(
        t('status'),
        detail.status.status === detail.status.sourceStatus
          ? statusLabel(detail.status.status)
          : t('statusByDates', {
              status: statusLabel(detail.status.status),
              day: date(detail.status.day),
              source: statusLabel(detail.status.sourceStatus),
              when: date(detail.status.statusDate),
            }),
        { 'data-status': detail.status.status, 'data-source-status': detail.status.sourceStatus },
      ),
      fact(
        t('country'),
        h(
          'span',
          {},
          ...countries.flatMap((c, i) => [
            i > 0 ? ', ' : '',
            numericOf(c) ? h('a', { href: `/country/${c}` }, countryName(c)) : countryName(c),
          ]),
        ),
      ),
      fact(
        t('financier'),
        h(
          'span',
          {},
          ...detail.financiers.flatMap((f, i) => [i > 0 ? '; ' : '', h('a', { href: `/financier/${encodeURIComponent(f)}` }, f)]),
        ),
      ),
      fact(t('commitments'), usdShort(detail.commitmentUsd), { title: usdFull(detail.commitmentUsd), 'data-value': detail.commitmentUsd }),
      fact(t('disbursements'), usdShort(detail.disbursementUsd), {
        title: usdFull(detail.disbursementUsd),
        'data-value': detail.disbursementUsd,
      }),
      fact(t('approval'), date(project.approvalDate)),
      fact(t('closing'), date(closing)),
      fact(t('instrument'), project.instrument ?? '—'),
    ),
    ...project.descriptions.map((d) => h('p', { class: 'objective' }, text(d.narratives))),
    financingSection(project),
    transactionsSection(project),
    await locationsSection(project, countries[0] ?? null),
    documentsSection(project),
    relatedSection(project),
    fieldsSection(project),
    sourcesSection(detail.records),
    await projectWarningsSection(project.id),
    detail.notes.length ? h('aside', { class: 'notes' }, h('ul', {}, ...detail.notes.map((n) => h('li', {}, n)))) : null,
  );
}

function table(caption: string, headers: string[], rows: (string | Node)[][], numeric: number[] = []): HTMLElement {
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

function financingSection(project: api.ActivityRecord): HTMLElement {
  if (project.financing.length === 0) return section(t('financing'), h('p', {}, t('none')));
  return section(
    t('financing'),
    table(
      t('financing'),
      [t('financier'), t('type'), t('role'), t('amount'), t('date')],
      project.financing.map((f) => [
        h('a', { href: `/financier/${encodeURIComponent(f.financier)}` }, f.financier),
        f.label,
        f.role,
        amount(f.amount.amount, f.amount.currency),
        date(f.amount.valueDate),
      ]),
      [3],
    ),
  );
}

function transactionsSection(project: api.ActivityRecord): HTMLElement {
  const transactions = project.transactions.filter((tx) => tx.date || tx.value.valueDate);
  if (transactions.length === 0) return section(t('transactions'), h('p', {}, t('none')));
  // The chart shows amounts as the source states them, in its currency: converting is the API's job.
  const currency = transactions[0]?.value.currency ?? null;
  const sameCurrency = transactions.every((tx) => tx.value.currency === currency);
  const bars = transactions.map((tx) => ({
    year: (tx.date ?? tx.value.valueDate ?? '').slice(0, 4),
    type: transactionType(tx.type),
    value: Number(tx.value.amount),
  }));
  const chart = sameCurrency
    ? chartFigure(
        Plot.plot({
          ariaLabel: t('transactions'),
          height: 240,
          marginLeft: 70,
          color: { legend: true, range: ['#1d5b94', '#d9822b', '#3a8f5c', '#7a4fa0'] },
          x: { label: null, type: 'band' },
          y: { label: currency, grid: true, tickFormat: (n: number) => new Intl.NumberFormat(lang(), { notation: 'compact' }).format(n) },
          marks: [Plot.barY(bars, Plot.groupX({ y: 'sum' }, { x: 'year', y: 'value', fill: 'type' })), Plot.ruleY([0])],
        }),
      )
    : null;
  return section(
    t('transactions'),
    chart,
    h(
      'details',
      { class: 'table-alt', open: !chart },
      h('summary', {}, t('showTable')),
      table(
        t('transactions'),
        [t('date'), t('type'), t('amount')],
        transactions.map((tx) => [
          date(tx.date ?? tx.value.valueDate),
          transactionType(tx.type),
          amount(tx.value.amount, tx.value.currency),
        ]),
        [2],
      ),
    ),
  );
}

async function locationsSection(project: api.ActivityRecord, country: string | null): Promise<HTMLElement> {
  const located = project.locations.filter((l) => l.point);
  if (project.locations.length === 0) return section(t('locations'), h('p', {}, t('none')));
  const points = located.map((l) => ({
    lat: l.point?.lat ?? 0,
    lon: l.point?.lon ?? 0,
    label: text(l.names),
    href: `/project/${encodeURIComponent(project.id)}`,
  }));
  const map =
    points.length > 0 ? await pointMap(points, country && numericOf(country) ? country : null, t('locations')).catch(() => null) : null;
  return section(
    t('locations'),
    map,
    table(
      t('locations'),
      [t('place'), 'lat, lon'],
      project.locations.map((l) => [text(l.names) || (l.ref ?? '—'), l.point ? `${l.point.lat}, ${l.point.lon}` : '—']),
    ),
  );
}

function documentsSection(project: api.ActivityRecord): HTMLElement {
  if (project.documents.length === 0) return section(t('documents'), h('p', {}, t('none')));
  return section(
    t('documents'),
    h(
      'ul',
      {},
      ...project.documents.map((d) =>
        h('li', {}, h('a', { href: d.url, rel: 'noopener noreferrer' }, text(d.titles) || d.url), d.format ? ` (${d.format})` : ''),
      ),
    ),
  );
}

function relatedSection(project: api.ActivityRecord): HTMLElement {
  if (project.relatedActivities.length === 0) return section(t('related'), h('p', {}, t('none')));
  return section(
    t('related'),
    h(
      'ul',
      {},
      ...project.relatedActivities.map((r) =>
        h('li', {}, h('a', { href: `/project/${encodeURIComponent(r.ref)}` }, r.ref), r.type ? ` (${r.type})` : ''),
      ),
    ),
  );
}

function fieldsSection(project: api.ActivityDetail['activity']): HTMLElement {
  const rows = Object.entries(project)
    .filter(([name]) => !HIDDEN.has(name))
    .map(([name, value]) => [name, describe(value), project.fieldSources[name] ?? '—']);
  const extra = Object.entries(project.extra ?? {}).map(([name, value]) => [`extra.${name}`, value, project.fieldSources.extra ?? '—']);
  return section(t('everyField'), table(t('everyField'), [t('field'), t('value'), t('fromRecord')], [...rows, ...extra]));
}

function sourcesSection(records: api.ActivityRecord[]): HTMLElement {
  const provenance: [string, (r: api.ActivityRecord) => string][] = [
    [t('source'), (r) => r.provenance.source],
    [t('file'), (r) => r.provenance.location],
    [t('line'), (r) => (r.provenance.line != null ? String(r.provenance.line) : '—')],
    [t('importedAt'), (r) => date(r.provenance.importedAt)],
  ];
  const fields: [string, (r: api.ActivityRecord) => string][] = SIDE_BY_SIDE.map((name) => [name, (r) => describe(r[name])]);
  return section(
    t('sources'),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'side-by-side' },
        h('caption', {}, `${t('sources')} (${t('provenance')})`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, t('field')),
            ...records.map((r) => h('th', { scope: 'col' }, `${r.id} (${r.provenance.source})`)),
          ),
        ),
        h(
          'tbody',
          {},
          ...[...provenance, ...fields].map(([label, value]) =>
            h('tr', {}, h('th', { scope: 'row' }, label), ...records.map((r) => h('td', {}, value(r)))),
          ),
        ),
      ),
    ),
  );
}
