// One sentence read for everything the extractor needs from it: gazetteer names, places, regions,
// national institutions, claims, programmes (people are added once the whole text is read, as
// "its President" may point to an earlier sentence).
import { type ClaimFound, type CountAntecedent, findClaims } from './claims.js';
import { findPlaces, findRegions, type PlaceMention, type RegionMention } from './countries.js';
import { findGazetteerMentions, type NameMention } from './gazetteer.js';
import { findInstitutions, governmentOf, type InstitutionMention } from './institutions.js';
import type { PersonFound } from './people.js';
import { findProgrammes, type ProgrammeMention } from './programmes.js';

export interface SentenceReading {
  index: number;
  text: string;
  /** A headline or a title-case line: figures count, but its capitals are no names of people. */
  headline: boolean;
  names: NameMention[];
  places: PlaceMention[];
  regions: RegionMention[];
  institutions: InstitutionMention[];
  claims: ClaimFound[];
  programmes: ProgrammeMention[];
  people: PersonFound[];
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

/**
 * What one sentence says, before the sentences around it are taken into account; but for
 * `antecedent`, the last count of the sentence before, which a bare number may be part of.
 */
export function readSentence(index: number, text: string, headline: boolean, antecedent?: CountAntecedent): SentenceReading {
  const names = findGazetteerMentions(text);
  const claims = findClaims(text, names, antecedent);
  const amounts = claims.filter((c) => c.measure === 'amount');
  // A country in an organisation's name (Export-Import Bank of Korea) or a currency (U.S. dollars) is not a country named.
  const places = findPlaces(text).filter((p) => !names.some((n) => overlaps(n, p)) && !amounts.some((a) => overlaps(a, p)));
  const institutions = [...findInstitutions(text, places), ...signingCountries(text, names, places)].sort((a, b) => a.start - b.start);
  // A programme found by its shape that is a gazetteer name (maybe with its acronym in brackets) is that name.
  const programmes = headline
    ? []
    : findProgrammes(text).filter((p) => {
        const bare = { start: p.start, end: p.start + p.name.replace(/\s*\([^)]*\)$/, '').length };
        return !names.some((n) => n.start <= bare.start && n.end >= bare.end);
      });
  // "the new country partnership strategy for 2024-2028" is one programme, not also the generic "Country Partnership Strategy".
  const described = programmes.filter((p) => /^\p{Ll}/u.test(p.name));
  const namesKept = names.filter(
    (n) =>
      !(
        n.entry.kind === 'programme' &&
        /^\p{Ll}/u.test(n.text) &&
        described.some((p) => p.start <= n.start && p.end >= n.end && p.end - p.start > n.end - n.start)
      ),
  );
  const regions = findRegions(text).filter((r) => !names.some((n) => overlaps(n, r)));
  return { index, text, headline, names: namesKept, places, regions, institutions, claims, programmes, people: [] };
}

const SIGNING = /\b(?:sign(?:ed|s|ing)?|inked|agreed)\b/i;

/**
 * "Kazakhstan and AIIB signed a Framework Partnership Agreement": a country that signs beside an
 * organisation signs through its government.
 */
function signingCountries(text: string, names: NameMention[], places: PlaceMention[]): InstitutionMention[] {
  if (!SIGNING.test(text)) return [];
  const organisations = names.filter((n) => n.entry.kind !== 'programme');
  return places
    .filter((p) => p.kind === 'name')
    .filter(
      (p) =>
        organisations.some((o) => /^\s+and\s+(?:the\s+)?$/.test(text.slice(p.end, o.start))) ||
        organisations.some((o) => /^(?:\s*\([^)]*\))?\s+and\s+$/.test(text.slice(o.end, p.start))),
    )
    .map((p) => ({ name: governmentOf(p.code), kind: 'government' as const, country: p.code, start: p.start, end: p.end }));
}

/**
 * The count the next sentence may go on about: the last count of this sentence that is not a part
 * of another, or, when this sentence only told parts of the count before it, that count still.
 */
export function countGoneOn(reading: SentenceReading, before: CountAntecedent | undefined): CountAntecedent | undefined {
  const counts = reading.claims.filter((c) => c.measure === 'count');
  if (counts.length === 0) return undefined;
  return counts.findLast((c) => !c.partOf) ?? before;
}
