// National institutions that no gazetteer can list in full: governments ("the Kazakh government",
// "Government of Uzbekistan"), ministries ("Kyrgyz Ministry of Finance"), state committees,
// presidential offices, central banks. Each gets one canonical name that says whose it is:
// "Ministry of Finance of Kyrgyzstan", "Government of Kazakhstan".
import { countryName, countryOf, type PlaceMention } from './countries.js';
import { OFFICE_WORD_SET } from './vocabulary.js';

export interface InstitutionMention {
  name: string;
  kind: 'government' | 'institution';
  country: string | null;
  start: number;
  end: number;
}

export function governmentOf(code: string): string {
  return `Government of ${countryName(code)}`;
}

const HEADS = [
  'Office of the President',
  'Presidential Administration',
  'Administration of the President',
  'Cabinet of Ministers',
  'State Committee',
  'National Bank',
  'Central Bank',
  'Ministry',
  'Committee',
  'Agency',
];
/** Heads that name nothing on their own ("the committee"): they need a field after them. */
const NEEDS_FIELD = new Set(['Ministry', 'Committee', 'Agency', 'State Committee']);
const HEAD_PATTERN = new RegExp(String.raw`(?<![\p{L}])(?:${HEADS.map((h) => h.replace(/ /g, '\\s+')).join('|')})(?![\p{L}])`, 'gu');
const GOVERNMENT_OF = /(?<![\p{L}])Government\s+of\s+(?:the\s+)?(\p{Lu}[\p{L}]+(?:\s+\p{Lu}[\p{L}]+)?)/gu;
const NATIONAL_GOVERNMENT = /(?<![\p{L}])(\p{Lu}[\p{L}]+(?:\s+\p{Lu}[\p{L}]+)?)(?:['’]s)?\s+[Gg]overnment(?![\p{L}])/gu;
const FIELD_MINISTRY = /(?<![\p{L}])((?:\p{Lu}[\p{L}]+\s+){1,2})Ministry(?![\p{L}])/gu;

const CONNECTORS = new Set(['of', 'for', 'on', 'and', 'the', '&', 'to']);
const TOKEN = /\s*(,|&|[\p{L}][\p{L}'’-]*)/uy;

/** Where the office words after a head end: "Ministry of National Economy| Serik ...". */
function fieldEnd(text: string, from: number): number {
  let end = from;
  let at = from;
  for (;;) {
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(text);
    if (!match) break;
    const word = match[1] as string;
    at = TOKEN.lastIndex;
    if (word === ',') {
      // A comma continues the field only into another field word ("Economy, Trade and Industry").
      TOKEN.lastIndex = at;
      const next = TOKEN.exec(text)?.[1] ?? '';
      if (!OFFICE_WORD_SET.has(next)) break;
      continue;
    }
    if (CONNECTORS.has(word)) continue;
    if (OFFICE_WORD_SET.has(word) || countryOf(word)) {
      end = at;
      continue;
    }
    break;
  }
  return end;
}

/** The country a place word before an institution gives ("Kyrgyz", "Kazakhstan's"). */
function countryBefore(text: string, start: number): { code: string; start: number } | null {
  const match = /(\p{Lu}[\p{L}]+(?:\s+\p{Lu}[\p{L}]+)?)(?:['’]s)?\s+$/u.exec(text.slice(Math.max(0, start - 40), start));
  if (!match) return null;
  const code = countryOf(match[1] as string) ?? countryOf((match[1] as string).split(/\s+/).pop() as string);
  return code ? { code, start: start - match[0].length } : null;
}

function countryInside(places: PlaceMention[], start: number, end: number): string | null {
  return places.find((p) => p.start >= start && p.end <= end && p.kind !== 'city')?.code ?? null;
}

/** Governments, ministries and other national bodies in `text` (one sentence). */
export function findInstitutions(text: string, places: PlaceMention[]): InstitutionMention[] {
  const found: InstitutionMention[] = [];
  for (const match of text.matchAll(GOVERNMENT_OF)) {
    const code = countryOf(match[1] as string);
    if (code)
      found.push({
        name: governmentOf(code),
        kind: 'government',
        country: code,
        start: match.index ?? 0,
        end: (match.index ?? 0) + match[0].length,
      });
  }
  for (const match of text.matchAll(NATIONAL_GOVERNMENT)) {
    const written = match[1] as string;
    const code = countryOf(written) ?? countryOf(written.split(/\s+/).pop() as string);
    if (code)
      found.push({
        name: governmentOf(code),
        kind: 'government',
        country: code,
        start: match.index ?? 0,
        end: (match.index ?? 0) + match[0].length,
      });
  }
  for (const match of text.matchAll(HEAD_PATTERN)) {
    const head = match[0].replace(/\s+/g, ' ');
    const start = match.index ?? 0;
    const headEnd = start + match[0].length;
    const end = fieldEnd(text, headEnd);
    if (NEEDS_FIELD.has(head) && end === headEnd) continue;
    const before = countryBefore(text, start);
    const written = text.slice(start, end).replace(/\s+/g, ' ');
    const inside = countryInside(places, start, end);
    const country = inside ?? before?.code ?? null;
    const name = inside || !before ? written : `${written} of ${countryName(before.code)}`;
    found.push({ name, kind: 'institution', country, start: before?.start ?? start, end });
  }
  for (const match of text.matchAll(FIELD_MINISTRY)) {
    // "Finance Ministry", "Kazakh Finance Ministry": the field before the head.
    const words = (match[1] as string).trim().split(/\s+/);
    const fieldWords = words.filter((w) => OFFICE_WORD_SET.has(w));
    if (fieldWords.length === 0) continue;
    const code = words.map((w) => countryOf(w)).find((c) => c != null) ?? null;
    const name = `Ministry of ${fieldWords.join(' ')}${code ? ` of ${countryName(code)}` : ''}`;
    found.push({ name, kind: 'institution', country: code, start: match.index ?? 0, end: (match.index ?? 0) + match[0].length });
  }
  return dropContained(found);
}

/** A mention inside a longer one is the same institution seen twice ("Government" in "Office of the ... Government"). */
function dropContained(mentions: InstitutionMention[]): InstitutionMention[] {
  return mentions
    .filter((m) => !mentions.some((o) => o !== m && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start))
    .sort((a, b) => a.start - b.start);
}
