// One project as a reader outside the data team needs it: its figures, its fields by name with
// units, codes as names (the API names them from the loaded codelists), money with its currency and
// dates as the language writes them; every source record side by side, one column each, with its
// provenance; the records exactly as read only folded away under "Source record".
import * as Plot from '@observablehq/plot';
import * as api from '../api.js';
import { chartFigure } from '../components/barChart.js';
import { pointMap } from '../components/maps.js';
import { type Cell, dataTable as table } from '../components/table.js';
import { numericOf } from '../countries.js';
import { h, section } from '../dom.js';
import { amount, date, moneyFull, moneyShort } from '../format.js';
import { codeLabel, countryName, type Key, lang, numberLocale, statusLabel, t } from '../i18n.js';
import { projectWarningsSection } from './data.js';

type Narratives = api.Narrative[];
type SourceRecord = api.ActivityRecord;

/** The text in the page's language where the source gives one, else the first. */
function text(narratives: Narratives | undefined): string {
  if (!narratives || narratives.length === 0) return '';
  return (narratives.find((n) => n.lang === lang()) ?? narratives[0])?.text ?? '';
}

function percent(value: number | null): string {
  return value === null ? '' : new Intl.NumberFormat(numberLocale(), { style: 'percent', maximumFractionDigits: 2 }).format(value / 100);
}

/** A list of lines as one cell: nothing given is a dash, one line is text, more are a list. */
function lines(items: Cell[]): Cell {
  if (items.length === 0) return '—';
  if (items.length === 1) return items[0] as Cell;
  return h('ul', { class: 'plain' }, ...items.map((item) => h('li', {}, item)));
}

/** A name from Intl in the page's language (a currency, a language), with the code; the code alone if Intl has none. */
function displayName(type: 'currency' | 'language', code: string | null): string {
  if (!code) return '—';
  try {
    const name = new Intl.DisplayNames([lang(), 'en'], { type }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** How to show one field of a record, under its name. */
interface Field {
  name: keyof api.ActivityRecord;
  label: Key;
  value: (record: SourceRecord, names: api.CodeNames) => Cell;
  /** Shown in its own section of the page, so only in the side-by-side comparison. */
  ownSection?: boolean;
}

const orgName = (org: { ref: string | null; names: Narratives }) => text(org.names) || org.ref || '—';

const FIELDS: Field[] = [
  { name: 'titles', label: 'f_titles', value: (r) => text(r.titles) || '—', ownSection: true },
  {
    name: 'descriptions',
    label: 'f_descriptions',
    value: (r) => lines(r.descriptions.map((d) => text(d.narratives)).filter((line) => line !== '')),
    ownSection: true,
  },
  { name: 'reportingOrg', label: 'f_reportingOrg', value: (r) => orgName(r.reportingOrg) },
  {
    name: 'status',
    label: 'f_status',
    value: (r, names) =>
      r.statusCode ? `${codeLabel('ActivityStatus', r.statusCode, names)} (${r.statusCode})` : statusLabel(r.status as string | null),
  },
  { name: 'approvalDate', label: 'f_approvalDate', value: (r) => date(r.approvalDate) },
  {
    name: 'dates',
    label: 'f_dates',
    value: (r, names) => lines(r.dates.map((d) => `${codeLabel('ActivityDateType', d.type, names)}: ${date(d.date)}`)),
  },
  { name: 'instrument', label: 'f_instrument', value: (r) => r.instrument ?? '—' },
  {
    name: 'recipientCountries',
    label: 'f_recipientCountries',
    value: (r) => lines(r.recipientCountries.map((c) => [countryName(c.code), percent(c.percentage)].filter(Boolean).join(' — '))),
  },
  {
    name: 'recipientRegions',
    label: 'f_recipientRegions',
    value: (r, names) =>
      lines(r.recipientRegions.map((g) => [codeLabel('Region', g.code, names), percent(g.percentage)].filter(Boolean).join(' — '))),
  },
  {
    name: 'sectors',
    label: 'f_sectors',
    value: (r, names) =>
      lines(
        r.sectors.map((s) => {
          const list = s.vocabulary === '1' ? 'Sector' : s.vocabulary === '2' ? 'SectorCategory' : '';
          const name = text(s.names) || (list ? codeLabel(list, s.code, names) : s.code);
          return [name === s.code ? name : `${name} (${s.code})`, percent(s.percentage)].filter(Boolean).join(' — ');
        }),
      ),
  },
  {
    name: 'themes',
    label: 'f_themes',
    value: (r) => lines(r.themes.map((theme) => [theme.name, percent(theme.percentage)].filter(Boolean).join(' — '))),
  },
  {
    name: 'participatingOrgs',
    label: 'f_participatingOrgs',
    value: (r, names) =>
      lines(r.participatingOrgs.map((o) => `${orgName(o)}${o.role ? ` — ${codeLabel('OrganisationRole', o.role, names)}` : ''}`)),
  },
  {
    name: 'financing',
    label: 'f_financing',
    value: (r) =>
      lines(r.financing.map((f) => `${f.financier}, ${f.label} (${financingRole(f.role)}): ${amount(f.amount.amount, f.amount.currency)}`)),
    ownSection: true,
  },
  {
    name: 'budgets',
    label: 'f_budgets',
    value: (r, names) =>
      lines(
        r.budgets.map(
          (b) =>
            `${date(b.periodStart)} – ${date(b.periodEnd)}: ${amount(b.value.amount, b.value.currency)}${b.type ? ` (${codeLabel('BudgetType', b.type, names)})` : ''}`,
        ),
      ),
  },
  { name: 'transactions', label: 'f_transactions', value: (r) => listed(r.transactions), ownSection: true },
  { name: 'locations', label: 'f_locations', value: (r) => listed(r.locations), ownSection: true },
  { name: 'documents', label: 'f_documents', value: (r) => listed(r.documents), ownSection: true },
  { name: 'relatedActivities', label: 'f_relatedActivities', value: (r) => listed(r.relatedActivities), ownSection: true },
  { name: 'defaultCurrency', label: 'f_defaultCurrency', value: (r) => displayName('currency', r.defaultCurrency) },
  { name: 'defaultLanguage', label: 'f_defaultLanguage', value: (r) => displayName('language', r.defaultLanguage) },
  { name: 'lastUpdated', label: 'f_lastUpdated', value: (r) => date(r.lastUpdated) },
];

function listed(items: unknown[]): string {
  return items.length === 0 ? '—' : t('listed', { n: items.length });
}

function financingRole(role: string): string {
  return role === 'lead' ? t('role_lead') : role === 'co-financing' ? t('role_cofinancing') : role;
}

/** The source-specific facts (extra) that the app knows by name. */
const EXTRA_LABELS: Readonly<Record<string, Key>> = {
  region: 'x_region',
  country: 'x_country',
  status: 'x_status',
  lastStage: 'x_lastStage',
  implementingAgency: 'x_implementingAgency',
  borrower: 'x_borrower',
  publicDisclosureDate: 'x_publicDisclosureDate',
  projectCostUsd: 'x_projectCostUsd',
  totalCommitmentUsd: 'x_totalCommitmentUsd',
  grantAmountUsd: 'x_grantAmountUsd',
  environmentalCategory: 'x_environmentalCategory',
  financingType: 'x_financingType',
  projectNumber: 'x_projectNumber',
  publicationDate: 'x_publicationDate',
  financingAsPublished: 'x_financingAsPublished',
};

/** An extra fact's label: its name in the language, or its key in words ("someFact" → "some fact"). */
function extraLabel(key: string): string {
  const known = EXTRA_LABELS[key];
  return known ? t(known) : key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** An extra fact's value: amounts in US dollars by their name (…Usd), dates (…Date) per language. */
function extraValue(key: string, value: string): string {
  if (/Usd$/.test(key) && Number.isFinite(Number(value)) && value.trim() !== '') return amount(value, 'USD');
  if (/Date$/.test(key) && /^\d{4}-\d{2}-\d{2}/.test(value)) return date(value.slice(0, 10));
  return value;
}

export async function projectPage(id: string): Promise<HTMLElement> {
  const detail = await api.activity(id);
  const project = detail.activity;
  const names = detail.codeNames ?? {};
  const title = text(project.titles) || project.id;
  const countries = project.recipientCountries.map((c) => c.code);
  const fact = (label: string, value: string | HTMLElement, data: Record<string, string | number | null> = {}) =>
    h('div', { class: 'fact' }, h('dt', {}, label), h('dd', data, value));
  return h(
    'div',
    {},
    h('p', { class: 'kicker' }, t('project'), ' ', h('span', { class: 'id' }, project.id)),
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
      fact(t('commitments'), moneyShort(detail.commitment), { title: moneyFull(detail.commitment), 'data-value': detail.commitment }),
      fact(t('disbursements'), moneyShort(detail.disbursement), {
        title: moneyFull(detail.disbursement),
        'data-value': detail.disbursement,
      }),
      fact(t('approval'), date(project.approvalDate)),
      // The closing date is the API's (the status rule reads it); the page does not work it out.
      fact(t('closing'), date(detail.status.closingDate), { 'data-closing': detail.status.closingDate }),
      fact(t('instrument'), project.instrument ?? '—'),
    ),
    ...project.descriptions.map((d) => h('p', { class: 'objective' }, text(d.narratives))),
    financingSection(project),
    transactionsSection(project, names),
    await locationsSection(project, countries[0] ?? null),
    documentsSection(project, names),
    relatedSection(project, names),
    detailsSection(project, names),
    sourcesSection(detail.records, names),
    await projectWarningsSection(project.id),
    detail.notes.length ? h('aside', { class: 'notes' }, h('ul', {}, ...detail.notes.map((n) => h('li', {}, n)))) : null,
  );
}

function financingSection(project: SourceRecord): HTMLElement {
  if (project.financing.length === 0) return section(t('financing'), h('p', {}, t('none')));
  return section(
    t('financing'),
    table(
      t('financing'),
      [t('financier'), t('financingLine'), t('role'), t('amount'), t('date')],
      project.financing.map((f) => [
        h('a', { href: `/financier/${encodeURIComponent(f.financier)}` }, f.financier),
        f.label,
        financingRole(f.role),
        amount(f.amount.amount, f.amount.currency),
        h('span', { class: 'date' }, date(f.amount.valueDate)),
      ]),
      [3],
    ),
  );
}

function transactionsSection(project: SourceRecord, names: api.CodeNames): HTMLElement {
  const transactions = project.transactions.filter((tx) => tx.date || tx.value.valueDate);
  if (transactions.length === 0) return section(t('transactions'), h('p', {}, t('none')));
  // The chart shows amounts as the source states them, in its currency: converting is the API's job.
  const currency = transactions[0]?.value.currency ?? null;
  const sameCurrency = transactions.every((tx) => tx.value.currency === currency);
  const bars = transactions.map((tx) => ({
    year: (tx.date ?? tx.value.valueDate ?? '').slice(0, 4),
    type: codeLabel('TransactionType', tx.type, names),
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
          y: {
            label: currency,
            grid: true,
            tickFormat: (n: number) => new Intl.NumberFormat(numberLocale(), { notation: 'compact' }).format(n),
          },
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
          h('span', { class: 'date' }, date(tx.date ?? tx.value.valueDate)),
          codeLabel('TransactionType', tx.type, names),
          amount(tx.value.amount, tx.value.currency),
        ]),
        [2],
      ),
    ),
  );
}

async function locationsSection(project: SourceRecord, country: string | null): Promise<HTMLElement> {
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

function documentsSection(project: SourceRecord, names: api.CodeNames): HTMLElement {
  if (project.documents.length === 0) return section(t('documents'), h('p', {}, t('none')));
  return section(
    t('documents'),
    h(
      'ul',
      {},
      ...project.documents.map((d) => {
        const categories = d.categories.map((c) => codeLabel('DocumentCategory', c, names)).join(', ');
        return h(
          'li',
          {},
          h('a', { href: d.url, rel: 'noopener noreferrer' }, text(d.titles) || d.url),
          categories ? ` — ${categories}` : '',
          d.format ? ` (${d.format})` : '',
        );
      }),
    ),
  );
}

function relatedSection(project: SourceRecord, names: api.CodeNames): HTMLElement {
  if (project.relatedActivities.length === 0) return section(t('related'), h('p', {}, t('none')));
  return section(
    t('related'),
    h(
      'ul',
      {},
      ...project.relatedActivities.map((r) =>
        h(
          'li',
          {},
          h('a', { class: 'id', href: `/project/${encodeURIComponent(r.ref)}` }, r.ref),
          r.type ? ` (${codeLabel('RelatedActivityType', r.type, names)})` : '',
        ),
      ),
    ),
  );
}

/** Which record gave a field of the merged project: its id, and its source. */
function recordName(project: api.ActivityDetail['activity'], id: string | undefined): Cell {
  if (!id) return '—';
  const record = project.records.find((r) => r.id === id);
  return h('span', {}, h('span', { class: 'id' }, id), record ? ` (${record.provenance.source})` : '');
}

/** The merged project's fields by name, each with the record that gave it; the source's own facts after. */
function detailsSection(project: api.ActivityDetail['activity'], names: api.CodeNames): HTMLElement {
  const empty = (cell: Cell) => cell === '—';
  const rows: Cell[][] = FIELDS.filter((field) => !field.ownSection)
    .map((field) => [t(field.label), field.value(project, names), recordName(project, project.fieldSources[field.name])])
    .filter(([, value]) => !empty(value as Cell));
  const extra = Object.entries(project.extra ?? {}).map(([key, value]): Cell[] => [
    extraLabel(key),
    extraValue(key, value),
    recordName(project, project.fieldSources.extra),
  ]);
  return section(
    t('details'),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'fields' },
        h('caption', {}, t('details')),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, t('field')),
            h('th', { scope: 'col' }, t('value')),
            h('th', { scope: 'col' }, t('fromRecord')),
          ),
        ),
        h(
          'tbody',
          {},
          ...[...rows, ...extra].map(([label, value, from]) =>
            h('tr', {}, h('th', { scope: 'row' }, label as Cell), h('td', {}, value as Cell), h('td', {}, from as Cell)),
          ),
        ),
      ),
    ),
  );
}

/** Every source record in a column of its own, field by field; each record as read, folded, underneath. */
function sourcesSection(records: SourceRecord[], names: api.CodeNames): HTMLElement {
  const provenance: [string, (r: SourceRecord) => Cell][] = [
    [t('source'), (r) => r.provenance.source],
    [t('file'), (r) => h('span', { class: 'file' }, r.provenance.location)],
    [t('line'), (r) => (r.provenance.line != null ? String(r.provenance.line) : '—')],
    [t('importedAt'), (r) => date(r.provenance.importedAt)],
  ];
  const fields: [string, (r: SourceRecord) => Cell][] = FIELDS.map((field) => [t(field.label), (r) => field.value(r, names)]);
  const extraKeys = [...new Set(records.flatMap((r) => Object.keys(r.extra ?? {})))];
  const extras: [string, (r: SourceRecord) => Cell][] = extraKeys.map((key) => [
    extraLabel(key),
    (r) => (r.extra?.[key] !== undefined ? extraValue(key, r.extra[key] as string) : '—'),
  ]);
  return section(
    t('sources'),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'side-by-side', 'data-records': records.length },
        h('caption', {}, `${t('sources')} (${t('provenance')})`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, t('field')),
            ...records.map((r) => h('th', { scope: 'col' }, h('span', { class: 'id' }, r.id), ` (${r.provenance.source})`)),
          ),
        ),
        h(
          'tbody',
          {},
          ...[...provenance, ...fields, ...extras].map(([label, value]) =>
            h('tr', {}, h('th', { scope: 'row' }, label), ...records.map((r) => h('td', {}, value(r)))),
          ),
        ),
      ),
    ),
    h('h3', {}, t('sourceRecords')),
    h('p', { class: 'note' }, t('sourceRecordsNote')),
    ...records.map((r) =>
      h(
        'details',
        { class: 'source-record', 'data-record': r.id },
        h('summary', {}, t('sourceRecord', { id: r.id, source: r.provenance.source })),
        h('pre', {}, JSON.stringify(r, null, 2)),
      ),
    ),
  );
}
