// Countries, regions and cities in a statement (countries.json). Countries come from names and
// adjectives ("Kazakh government" → KZ); cities only say where an event took place, and regions
// ("Central Asia", "the region") scope a regional figure.
import data from '../model/countries.json' with { type: 'json' };

export interface CountryEntry {
  code: string;
  names: string[];
  adjectives: string[];
  cities: string[];
}

export interface PlaceMention {
  /** ISO alpha-2 code of the country named or the country of the city. */
  code: string;
  kind: 'name' | 'adjective' | 'city';
  start: number;
  end: number;
  text: string;
}

export interface RegionMention {
  name: string;
  start: number;
  end: number;
}

const COUNTRIES = data.countries as CountryEntry[];
const byCode = new Map(COUNTRIES.map((c) => [c.code, c]));

function escapePattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const index = new Map<string, { code: string; kind: PlaceMention['kind'] }>();
for (const country of COUNTRIES) {
  for (const city of country.cities) index.set(city, { code: country.code, kind: 'city' });
  for (const adjective of country.adjectives) index.set(adjective, { code: country.code, kind: 'adjective' });
  for (const name of country.names) index.set(name, { code: country.code, kind: 'name' });
}

// Names are matched as written (case-sensitive: "US" the country, not "us"), longest first, not
// inside a longer word; "US$" and "U.S. dollars" are currencies, masked by the caller.
const PLACES = new RegExp(
  String.raw`(?<![\p{L}\d])(?:${[...index.keys()]
    .sort((a, b) => b.length - a.length)
    .map(escapePattern)
    .join('|')})(?![\p{L}\d$])`,
  'gu',
);

/** Country names, country adjectives and cities in `text`, in order. */
export function findPlaces(text: string): PlaceMention[] {
  const found: PlaceMention[] = [];
  for (const match of text.matchAll(PLACES)) {
    const known = index.get(match[0]);
    if (!known) continue;
    // "U.S" inside "U.S.-based" is still the country; a trailing dot of "U.S." belongs to the name.
    found.push({ ...known, start: match.index ?? 0, end: (match.index ?? 0) + match[0].length, text: match[0] });
  }
  return found;
}

const REGIONS = [...(data.regions as string[])].sort((a, b) => b.length - a.length);
const REGION_PATTERN = new RegExp(
  String.raw`(?<![\p{L}])(?:${REGIONS.map(escapePattern).join('|')}|Central Asian region|Central Asian countries)(?![\p{L}])`,
  'giu',
);

/** Regions in `text`: "Central Asia", "the region", "CAREC region". "Central Asian" counts as Central Asia. */
export function findRegions(text: string): RegionMention[] {
  const found: RegionMention[] = [];
  for (const match of text.matchAll(REGION_PATTERN)) {
    const written = match[0];
    const name = /^central asian/i.test(written)
      ? 'Central Asia'
      : (REGIONS.find((r) => r.toLowerCase() === written.toLowerCase()) ?? written);
    found.push({ name, start: match.index ?? 0, end: (match.index ?? 0) + written.length });
  }
  return found;
}

/** The usual English name of a country: "Kazakhstan" for KZ. */
export function countryName(code: string): string {
  return byCode.get(code)?.names[0] ?? code;
}

/** True for a word that is a country name, adjective or city ("Kazakh", "Astana"). */
export function isPlaceWord(word: string): boolean {
  return index.has(word);
}

/** The country of a name, adjective or city as written, or null. */
export function countryOf(written: string): string | null {
  return index.get(written)?.code ?? null;
}
