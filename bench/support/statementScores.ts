// How well an extraction agrees with a hand-made annotation: precision and recall of claims,
// entities and events. The bench prints these figures and the integration test holds them, with
// this one definition of a match:
// - claim: the same measure and value, and for amounts, durations and shares the same unit;
// - entity: countries by code; organisations, programmes and people by name, where two names
//   match when, after normalising case, accents, punctuation, British/American spelling and
//   little words (the, of, for, and), the words of one contain all the words of the other and
//   the shorter has at least two words, or when one is the acronym of the other ("ADB");
// - event: the same type and the same date (both without a date counts as the same).
// Each annotated item is matched at most once.
import type { Claim, StatementEvent, StatementExtraction } from '../../src/model/statement.js';

export interface Score {
  /** Predicted items that match an annotated one. */
  matched: number;
  predicted: number;
  expected: number;
}

export interface ExtractionScore {
  claims: Score;
  entities: Score;
  organisations: Score;
  countries: Score;
  people: Score;
  programmes: Score;
  events: Score;
}

export function precision(score: Score): number {
  return score.predicted === 0 ? (score.expected === 0 ? 1 : 0) : score.matched / score.predicted;
}

export function recall(score: Score): number {
  return score.expected === 0 ? 1 : score.matched / score.expected;
}

export function addScores(a: Score, b: Score): Score {
  return { matched: a.matched + b.matched, predicted: a.predicted + b.predicted, expected: a.expected + b.expected };
}

/** Greedy one-to-one matching: each expected item takes the first unused predicted item that agrees. */
function matchCount<P, E>(predicted: P[], expected: E[], agree: (p: P, e: E) => boolean): Score {
  const used = new Set<number>();
  let matched = 0;
  for (const e of expected) {
    const at = predicted.findIndex((p, i) => !used.has(i) && agree(p, e));
    if (at >= 0) {
      used.add(at);
      matched++;
    }
  }
  return { matched, predicted: predicted.length, expected: expected.length };
}

/** Like matchCount, but exact agreements are paired before looser ones, so a loose match cannot steal an exact one. */
function matchInPasses<P, E>(predicted: P[], expected: E[], passes: ((p: P, e: E) => boolean)[]): Score {
  const usedPredicted = new Set<number>();
  const usedExpected = new Set<number>();
  for (const agree of passes) {
    expected.forEach((e, j) => {
      if (usedExpected.has(j)) return;
      const at = predicted.findIndex((p, i) => !usedPredicted.has(i) && agree(p, e));
      if (at >= 0) {
        usedPredicted.add(at);
        usedExpected.add(j);
      }
    });
  }
  return { matched: usedExpected.size, predicted: predicted.length, expected: expected.length };
}

/** Values agree when equal up to the rounding of a fraction written in words (66.67 for two-thirds). */
export function valuesAgree(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(0.005, Math.abs(b) * 1e-9);
}

const UNIT_MATTERS = new Set(['amount', 'duration', 'share']);

function normaliseUnit(unit: string): string {
  return unit.trim().toLowerCase().replace(/s$/, '');
}

export function claimsAgree(
  predicted: Pick<Claim, 'measure' | 'value' | 'unit'>,
  expected: Pick<Claim, 'measure' | 'value' | 'unit'>,
): boolean {
  if (predicted.measure !== expected.measure || !valuesAgree(predicted.value, expected.value)) return false;
  return !UNIT_MATTERS.has(expected.measure) || normaliseUnit(predicted.unit) === normaliseUnit(expected.unit);
}

const SPELLING: Record<string, string> = {
  programme: 'program',
  programmes: 'programs',
  organisation: 'organization',
  organisations: 'organizations',
  centre: 'center',
  labour: 'labor',
  defence: 'defense',
  stabilisation: 'stabilization',
};
const LITTLE_WORDS = new Set(['the', 'of', 'for', 'and', 'a', 'an', 'in', 'on', 'to', 'with', 'between']);

function words(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’`]s\b/g, '')
    .replace(/['’`]/g, '')
    .split(/[^\p{L}\d]+/u)
    .filter((w) => w !== '' && !LITTLE_WORDS.has(w))
    .map((w) => SPELLING[w] ?? w);
}

/** The acronyms a name is known by: its capitalised tokens ("IsDB", "ADB") and the initials of its words. */
function acronyms(name: string): Set<string> {
  const found = new Set<string>();
  for (const token of name.split(/[^\p{L}\d]+/u))
    if (/^\p{Lu}[\p{L}]*\p{Lu}[\p{L}]*$/u.test(token) && token.length >= 2) found.add(token.toLowerCase());
  const initials = name
    .replace(/\([^)]*\)/g, ' ')
    .split(/[^\p{L}]+/u)
    .filter((w) => /^\p{Lu}/u.test(w))
    .map((w) => w[0])
    .join('')
    .toLowerCase();
  if (initials.length >= 2) found.add(initials);
  return found;
}

/** True when two names of an organisation, programme or person are the same name (see the header). */
export function namesMatch(a: string, b: string): boolean {
  const wa = new Set(words(a));
  const wb = new Set(words(b));
  if (wa.size === 0 || wb.size === 0) return false;
  const [small, large] = wa.size <= wb.size ? [wa, wb] : [wb, wa];
  const contained = [...small].every((w) => large.has(w));
  if (contained && (small.size >= 2 || small.size === large.size)) return true;
  // An acronym alone ("ADB", "CAREC") matches the name it abbreviates.
  const single = small.size === 1 ? [...small][0] : null;
  if (single) {
    const longName = small === wa ? b : a;
    if (acronyms(longName).has(single)) return true;
  }
  return false;
}

function normalisedEqual(a: string, b: string): boolean {
  return words(a).join(' ') === words(b).join(' ');
}

function eventsAgree(p: StatementEvent, e: StatementEvent): boolean {
  return p.type === e.type && (p.date ?? null) === (e.date ?? null);
}

export function scoreExtraction(predicted: StatementExtraction, expected: StatementExtraction): ExtractionScore {
  const names = [normalisedEqual, namesMatch];
  const organisations = matchInPasses(predicted.entities.organisations, expected.entities.organisations, names);
  const programmes = matchInPasses(predicted.entities.programmes, expected.entities.programmes, names);
  const people = matchInPasses(
    predicted.entities.people.map((p) => p.name),
    expected.entities.people.map((p) => p.name),
    names,
  );
  const countries = matchCount(predicted.entities.countries, expected.entities.countries, (p, e) => p.toUpperCase() === e.toUpperCase());
  return {
    claims: matchCount(predicted.claims, expected.claims, claimsAgree),
    entities: [organisations, countries, people, programmes].reduce(addScores),
    organisations,
    countries,
    people,
    programmes,
    events: matchCount(predicted.events, expected.events, eventsAgree),
  };
}

export function emptyExtractionScore(): ExtractionScore {
  const zero = (): Score => ({ matched: 0, predicted: 0, expected: 0 });
  return { claims: zero(), entities: zero(), organisations: zero(), countries: zero(), people: zero(), programmes: zero(), events: zero() };
}

export function addExtractionScores(a: ExtractionScore, b: ExtractionScore): ExtractionScore {
  const keys = Object.keys(a) as (keyof ExtractionScore)[];
  return Object.fromEntries(keys.map((k) => [k, addScores(a[k], b[k])])) as unknown as ExtractionScore;
}
