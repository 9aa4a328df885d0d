// Facets for a search: how many of the filtered projects fall in each country, financier, sector,
// status and year of approval, in one answer, with the filter that narrows the search to each. Only
// counts: a search narrows by them, and counts need none of the money that summaries convert.

import { type BehindRow, FACET_FIELDS, type FacetField, type FacetRow, type Facets } from '../model/answers.js';
import type { ActivityFilter } from '../model/filter.js';
import { NO_SECTOR_KEY, NO_SECTOR_LABEL, type SectorVocabulary } from '../model/sectorVocabularies.js';
import { countActivities } from '../store/activityQueries.js';
import type { Store } from '../store/open.js';
import { referenceData } from './referenceCache.js';
import { sectorVocabularyFor } from './sectorVocabulary.js';

/** One facet's row as a flat record, for CSV and XLSX. */
export interface FacetTableRow extends FacetRow {
  facet: FacetField;
}

function behindFacet(field: FacetField, key: string): BehindRow | null {
  if (key === 'unknown' || (field === 'sector' && key === NO_SECTOR_KEY)) return null;
  return field === 'year' ? { from: `${key}-01-01`, to: `${key}-12-31` } : { [field]: key };
}

/** Years newest first; other groups with the most projects first (a project in two counts in both). */
function facetOrder(field: FacetField) {
  return (a: FacetRow, b: FacetRow) =>
    field === 'year' ? b.key.localeCompare(a.key) : b.activities - a.activities || a.key.localeCompare(b.key);
}

export async function portfolioFacets(store: Store, filter: ActivityFilter, sectorVocabulary?: SectorVocabulary): Promise<Facets> {
  const [{ labels }, vocabulary] = await Promise.all([referenceData(store), sectorVocabularyFor(store, filter, sectorVocabulary)]);
  const [totals, ...groups] = await Promise.all([
    countActivities(store, filter, null),
    ...FACET_FIELDS.map((field) => countActivities(store, filter, field, vocabulary.key)),
  ]);
  const facets = Object.fromEntries(
    FACET_FIELDS.map((field, i) => [
      field,
      (groups[i] ?? [])
        .map((g) => ({
          key: g.key,
          label: field === 'sector' && g.key === NO_SECTOR_KEY ? NO_SECTOR_LABEL : labels.groupLabel(field, g.key),
          activities: g.activities,
          active: g.active,
          behind: behindFacet(field, g.key),
        }))
        .sort(facetOrder(field)),
    ]),
  ) as Record<FacetField, FacetRow[]>;
  const total = totals[0];
  const withoutSector = facets.sector.find((r) => r.key === NO_SECTOR_KEY)?.activities ?? 0;
  return {
    total: { activities: total?.activities ?? 0, active: total?.active ?? 0 },
    vocabulary: { ...vocabulary, withoutSector },
    facets,
  };
}

/** Every row of every facet, in one table. */
export function facetTable(facets: Facets): FacetTableRow[] {
  return FACET_FIELDS.flatMap((facet) => facets.facets[facet].map((row) => ({ facet, ...row })));
}
