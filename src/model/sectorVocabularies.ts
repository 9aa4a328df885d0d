// Sector breakdowns are in one vocabulary at a time: shares of one classification add up to a
// project, shares of two different classifications (or of sectors and themes) do not.
import type { Activity, SectorShare } from './activity.js';
import type { MergedActivity } from './project.js';

/**
 * The vocabularies a sector breakdown can be in: DAC 5-digit codes (IATI SectorVocabulary 1), DAC
 * 3-digit categories (vocabulary 2, and 5-digit codes rolled up to their category), and the World
 * Bank's own sector names (from its export or API, with the fiscal-year prefixes merged).
 */
export const SECTOR_VOCABULARIES = ['dac5', 'dac3', 'worldbank'] as const;
export type SectorVocabulary = (typeof SECTOR_VOCABULARIES)[number];

export const SECTOR_VOCABULARY_NAMES: Record<SectorVocabulary, string> = {
  dac5: 'DAC 5-digit sectors',
  dac3: 'DAC 3-digit sector categories',
  worldbank: 'World Bank sectors',
};

export function isSectorVocabulary(value: string): value is SectorVocabulary {
  return (SECTOR_VOCABULARIES as readonly string[]).includes(value);
}

/** The group key of the projects that have no sector in the breakdown's vocabulary. */
export const NO_SECTOR_KEY = 'none';
export const NO_SECTOR_LABEL = 'no sector in this vocabulary';

/**
 * The World Bank renamed its sector taxonomy in fiscal year 2017 and writes the new names with a
 * "FY17 - " prefix; newer projects give the same names without it. One sector, one name.
 */
export function worldBankSectorName(name: string): string {
  return name.replace(/^FY\d{2}\s*-\s*/i, '').trim();
}

export interface VocabularyShare {
  vocabulary: SectorVocabulary;
  code: string;
  /** 0..1; a project's shares in one vocabulary add up to 1. */
  share: number;
}

/** A vocabulary whose percentages, as the source gave them, add up to more than 100. */
export interface PercentageExcess {
  vocabulary: SectorVocabulary;
  /** The sum of the percentages given. */
  percent: number;
}

type Sourced = Activity | MergedActivity;

/** Whether the activity's sectors come from a World Bank record (export or API), whose vocabulary 99 is the Bank's sector names. */
function sectorsFromWorldBank(activity: Sourced): boolean {
  if ('fieldSources' in activity) {
    const giver = activity.fieldSources.sectors;
    const record = activity.records.find((r) => r.id === giver) ?? activity.records[0];
    return record?.provenance.source === 'worldbank' || record?.provenance.source === 'worldbank-api';
  }
  return activity.provenance.source === 'worldbank' || activity.provenance.source === 'worldbank-api';
}

interface Given {
  code: string;
  percentage: number | null;
}

/**
 * The sectors the activity gives in each vocabulary it gives (DAC 3-digit only when given as such),
 * codes as the breakdown keys them.
 */
function givenByVocabulary(activity: Sourced): Map<SectorVocabulary, Given[]> {
  // Sectors on the activity; IATI allows them on transactions instead (then with no percentages).
  const sectors: Pick<SectorShare, 'code' | 'vocabulary' | 'percentage'>[] =
    activity.sectors.length > 0
      ? activity.sectors
      : activity.transactions.flatMap((t) => t.sectors.map((s) => ({ ...s, percentage: null })));
  const of = (vocabulary: string) => sectors.filter((s) => s.vocabulary === vocabulary);
  const byVocabulary = new Map<SectorVocabulary, Given[]>();
  const given = (vocabulary: SectorVocabulary, list: Given[]) => {
    if (list.length > 0) byVocabulary.set(vocabulary, list);
  };
  given('dac5', of('1'));
  given('dac3', of('2'));
  if (sectorsFromWorldBank(activity))
    given(
      'worldbank',
      of('99').map((s) => ({ code: worldBankSectorName(s.code), percentage: s.percentage })),
    );
  return byVocabulary;
}

/** Shares 0..1 that add up to 1: percentages normalised, equal shares where none are given; a code given twice is one entry. */
function shares(given: Given[]): { code: string; share: number }[] {
  const byCode = new Map<string, Given>();
  for (const { code, percentage } of given) {
    const seen = byCode.get(code);
    const added = seen && (seen.percentage != null || percentage != null) ? (seen.percentage ?? 0) + (percentage ?? 0) : percentage;
    byCode.set(code, { code, percentage: seen ? added : percentage });
  }
  const entries = [...byCode.values()];
  const total = entries.reduce((sum, e) => sum + (e.percentage ?? 0), 0);
  return entries.map((e) => ({ code: e.code, share: total > 0 ? (e.percentage ?? 0) / total : 1 / entries.length }));
}

/** DAC 5-digit shares rolled up to their 3-digit categories (a code's category is its first three digits). */
function rolledUp(dac5: { code: string; share: number }[]): { code: string; share: number }[] {
  const byCategory = new Map<string, number>();
  for (const { code, share } of dac5) {
    const category = /^\d{5}$/.test(code) ? code.slice(0, 3) : code;
    byCategory.set(category, (byCategory.get(category) ?? 0) + share);
  }
  return [...byCategory].map(([code, share]) => ({ code, share }));
}

/**
 * The activity's sectors in every vocabulary it has, with shares that add up to 1 per vocabulary:
 * percentages normalised (publishers' do not always add up to 100), equal shares where none are
 * given. DAC 3-digit categories are the source's own where it gives them, else its 5-digit codes rolled up.
 */
export function sectorSharesByVocabulary(activity: Sourced): VocabularyShare[] {
  const given = givenByVocabulary(activity);
  const byVocabulary = new Map([...given].map(([vocabulary, list]) => [vocabulary, shares(list)]));
  const dac5 = byVocabulary.get('dac5');
  if (!byVocabulary.has('dac3') && dac5) byVocabulary.set('dac3', rolledUp(dac5));
  return SECTOR_VOCABULARIES.flatMap((vocabulary) => (byVocabulary.get(vocabulary) ?? []).map((s) => ({ vocabulary, ...s })));
}

/** Vocabularies in which the source's percentages add up to more than 100 (their shares are rescaled to 100). */
export function sectorPercentageExcess(activity: Sourced): PercentageExcess[] {
  return [...givenByVocabulary(activity)].flatMap(([vocabulary, given]) => {
    const percent = given.reduce((sum, s) => sum + (s.percentage ?? 0), 0);
    // Decimal percentages (33.33 three times) may miss 100 by a rounding; more than that is an excess.
    return percent > 100.5 ? [{ vocabulary, percent: Math.round(percent * 100) / 100 }] : [];
  });
}

/** What to tell about a record whose sector percentages were rescaled (after its id). */
export function excessMessage(excess: PercentageExcess): string {
  return `sector percentages (${SECTOR_VOCABULARY_NAMES[excess.vocabulary]}) add up to ${excess.percent}%; shares rescaled to 100%`;
}
