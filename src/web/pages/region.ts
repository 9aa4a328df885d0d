// Region: the CAREC countries on a map coloured by active commitments, their totals, and the
// financiers across the region.

import * as api from '../api.js';
import { breakdownSection, summaryTable } from '../components/breakdown.js';
import { downloadLinks } from '../components/downloads.js';
import { headlineFigures, notesList } from '../components/figures.js';
import { currencyParam } from '../currency.js';
import { h, section } from '../dom.js';
import { longDate } from '../format.js';
import { t } from '../i18n.js';
import { firstStartPage } from './firstStart.js';

/** The programme whose members the region page shows. */
const REGION = 'CAREC';

export async function regionPage(): Promise<HTMLElement> {
  // The map's code (d3-geo, the shapes) loads while the API answers.
  const maps = import('../components/maps.js');
  const [status, programme] = await Promise.all([api.status(), api.programmeDefinition(REGION)]);
  if (status.activities === 0) return firstStartPage(status);
  if (!programme) throw new Error(`no programme definition named ${REGION}`);
  const filter = new URLSearchParams([...programme.countries.map((c) => ['country', c]), ...currencyParam()]);
  const active = new URLSearchParams([...filter, ['status', 'active']]);
  const [byCountry, activeByCountry, byFinancier] = await Promise.all([
    api.summary(filter, 'country'),
    api.summary(active, 'country'),
    api.summary(filter, 'financier'),
  ]);
  // A project in several countries appears under each; the rows of non-members are left out here.
  const members = new Set(programme.countries);
  const keep = (s: api.Summary): api.Summary => ({ ...s, rows: s.rows.filter((r) => members.has(r.key)) });
  const values = new Map(keep(activeByCountry).rows.flatMap((r) => (r.commitment === null ? [] : [[r.key, r.commitment] as const])));
  const map = await (await maps).regionMap(programme.countries, values);
  return h(
    'div',
    {},
    h('h1', { tabindex: '-1' }, t('regionTitle')),
    h('p', { class: 'intro' }, t('regionIntro')),
    status.snapshot && snapshotNote(status.snapshot.asOf),
    headlineFigures(byCountry, filter),
    section(
      t('activeCommitments'),
      map,
      h(
        'details',
        { class: 'table-alt' },
        h('summary', {}, t('showTable')),
        summaryTable('country', keep(activeByCountry), active, t('activeCommitments')),
      ),
      downloadLinks('summary', api.withParams(active, { by: 'country' })),
    ),
    section(
      t('byCountry'),
      summaryTable('country', keep(byCountry), filter, t('byCountry')),
      downloadLinks('summary', api.withParams(filter, { by: 'country' })),
    ),
    breakdownSection({ title: t('byFinancier'), by: 'financier', summary: byFinancier, filter }),
    notesList(byCountry.notes),
  );
}

/** Says that the figures are the shipped snapshot's, of which day, and how to refresh them. */
function snapshotNote(asOf: string): HTMLElement {
  const [before, after] = t('snapshotNote', { day: longDate(asOf), command: '\u0000' }).split('\u0000');
  return h('p', { class: 'snapshot-note', role: 'note' }, before ?? '', h('code', {}, 'devfin sync'), after ?? '');
}
