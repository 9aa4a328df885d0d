// Which vocabulary a sector breakdown is in: the one asked for, else the one that classifies the
// most of the filtered projects' money, so that a country's breakdown is in the words its main
// financiers use (World Bank names for a World Bank portfolio, DAC categories for IATI publishers').

import type { SectorVocabularyAnswer } from '../model/answers.js';
import type { ActivityFilter } from '../model/filter.js';
import { SECTOR_VOCABULARIES, SECTOR_VOCABULARY_NAMES, type SectorVocabulary } from '../model/sectorVocabularies.js';
import { countActivities, sumMeasures } from '../store/activityQueries.js';
import type { Store } from '../store/open.js';
import { ConversionNotes, moneyByKey } from './measures.js';
import { referenceData } from './referenceCache.js';

/** Preferred on a tie: DAC categories are the one vocabulary that every IATI publisher shares. */
const TIE_ORDER: SectorVocabulary[] = ['dac3', 'worldbank', 'dac5'];

/**
 * The vocabulary asked for, else the one in which the filtered projects' sectors cover the most
 * commitments (USD), then the most projects, then DAC 3-digit. DAC 5-digit never covers more than
 * DAC 3-digit (every 5-digit code has its category), so the default is DAC 3-digit or World Bank.
 */
export async function sectorVocabularyFor(
  store: Store,
  filter: ActivityFilter,
  asked: SectorVocabulary | undefined,
): Promise<Omit<SectorVocabularyAnswer, 'withoutSector'>> {
  if (asked) return { key: asked, name: SECTOR_VOCABULARY_NAMES[asked], chosen: 'asked' };
  const [{ converter }, counts, sums] = await Promise.all([
    referenceData(store),
    countActivities(store, filter, 'sector-vocabulary'),
    sumMeasures(store, filter, 'sector-vocabulary'),
  ]);
  const money = moneyByKey(sums, converter, new ConversionNotes());
  const coverage = (v: SectorVocabulary) => ({
    commitmentUsd: money.get(v)?.commitmentUsd ?? 0,
    activities: counts.find((c) => c.key === v)?.activities ?? 0,
  });
  const [key] = [...SECTOR_VOCABULARIES]
    .map((v) => ({ v, ...coverage(v) }))
    .sort((a, b) => b.commitmentUsd - a.commitmentUsd || b.activities - a.activities || TIE_ORDER.indexOf(a.v) - TIE_ORDER.indexOf(b.v))
    .map((c) => c.v);
  const vocabulary = key ?? 'dac3';
  return { key: vocabulary, name: SECTOR_VOCABULARY_NAMES[vocabulary], chosen: 'default' };
}
