// People named with a role: "Prime Minister Alikhan Smailov", "the World Bank Regional Director for
// Central Asia, Tatiana Proskuryakova", "Declan Magee, ADB senior country economist for Mongolia".
// A person is only taken where a title anchors the name, so bylines, photo credits and the news
// agency's staff are not taken for people the statement is about.
import type { PersonMention } from '../model/statement.js';
import { countryOf, type PlaceMention } from './countries.js';
import { isGazetteerWord, type NameMention } from './gazetteer.js';
import { governmentOf, type InstitutionMention } from './institutions.js';
import { GOVERNMENT_TITLES, NAME_PARTICLES, NOT_NAME_WORDS, OFFICE_WORD_SET, TITLES } from './vocabulary.js';

export interface PersonFound {
  name: string;
  role: string;
  /** Canonical organisation name, or null when the text does not tie the person to one. */
  organisation: string | null;
  /** The country the role is of, when the role is a government's. */
  country: string | null;
  start: number;
  end: number;
}

/** What the rest of the sentence gives to tie a person to an organisation. */
export interface SentenceNames {
  organisations: NameMention[];
  institutions: InstitutionMention[];
  places: PlaceMention[];
  /** The organisation "its" or "the bank's" refers to when the sentence names none before it. */
  previousOrganisation: string | null;
  /** The country a government title belongs to when the sentence names none (the statement's main country). */
  defaultCountry: string | null;
}

const TITLE_PATTERN = new RegExp(String.raw`(?<![\p{L}])(?:${TITLES.map((t) => t.replace(/[ -]/g, '[ -]')).join('|')})(?![\p{L}])`, 'giu');
const MODIFIERS = new Set([
  'senior',
  'principal',
  'lead',
  'chief',
  'acting',
  'deputy',
  'first',
  'vice',
  'regional',
  'country',
  'resident',
  'executive',
  'managing',
  'general',
  'special',
  'permanent',
]);
const CONNECTORS = new Set(['of', 'for', 'on', 'and', 'the', 'to', 'at', 'in']);

/** An office word in any case: "the EBRD office in Kazakhstan" as well as "Office". */
function isOfficeWord(word: string): boolean {
  return OFFICE_WORD_SET.has(word) || OFFICE_WORD_SET.has(word.charAt(0).toUpperCase() + word.slice(1));
}
const WORD = /\s*(,|[\p{L}][\p{L}'’.-]*)/uy;

interface Token {
  text: string;
  start: number;
  end: number;
}

function tokenAt(text: string, at: number): Token | null {
  WORD.lastIndex = at;
  const match = WORD.exec(text);
  if (!match) return null;
  const word = (match[1] as string).replace(/\.$/, '');
  const end = WORD.lastIndex;
  return { text: word, start: end - (match[1] as string).length, end: end - ((match[1] as string).length - word.length) };
}

function isNameWord(word: string): boolean {
  if (NAME_PARTICLES.has(word.toLowerCase()) && word.length <= 3) return true;
  if (!/^\p{Lu}[\p{L}'’-]*$/u.test(word)) return false;
  if (/^\p{Lu}{3,}$/u.test(word)) return false;
  return !OFFICE_WORD_SET.has(word) && !NOT_NAME_WORDS.has(word) && !isGazetteerWord(word) && countryOf(word) == null;
}

/** Up to four name words from `at`; particles only inside the name. */
function readName(text: string, at: number): { name: string; start: number; end: number } | null {
  const words: Token[] = [];
  let position = at;
  for (;;) {
    const token = tokenAt(text, position);
    if (!token || token.text === ',' || !isNameWord(token.text)) break;
    words.push(token);
    position = token.end;
    if (words.length > 4) return null;
  }
  while (words.length > 0 && NAME_PARTICLES.has((words[words.length - 1] as Token).text.toLowerCase())) words.pop();
  if (words.length === 0 || NAME_PARTICLES.has((words[0] as Token).text.toLowerCase())) return null;
  const first = words[0] as Token;
  const last = words[words.length - 1] as Token;
  if (words.length === 1 && first.text.length < 3) return null;
  return { name: text.slice(first.start, last.end), start: first.start, end: last.end };
}

interface TitleSpan {
  title: string;
  start: number;
  end: number;
}

/** Where the words after a title that still describe the office end ("for Central Asia", "of the State Committee ..."). */
function complementEnd(text: string, from: number, titles: TitleSpan[], organisations: NameMention[]): number {
  let end = from;
  let at = from;
  for (;;) {
    const org = organisations.find((o) => o.start >= at && text.slice(at, o.start).trim() === '');
    if (org) {
      at = end = org.end;
      continue;
    }
    const token = tokenAt(text, at);
    if (!token) break;
    if (token.text === ',') {
      // A comma continues the office only into more office words, never into the next title.
      const next = tokenAt(text, token.end);
      if (!next || titles.some((t) => t.start === next.start) || !(isOfficeWord(next.text) || countryOf(next.text))) break;
      at = token.end;
      continue;
    }
    if (CONNECTORS.has(token.text)) {
      at = token.end;
      continue;
    }
    if (isOfficeWord(token.text) || countryOf(token.text)) {
      at = end = token.end;
      continue;
    }
    break;
  }
  return end;
}

/** Where the words before a title that belong to the role begin: "ADB senior", "the World Bank", "Uzbek", "its". */
function roleStart(text: string, titleStart: number, organisations: NameMention[]): { start: number; pronoun: boolean } {
  let start = titleStart;
  let pronoun = false;
  for (;;) {
    const before = text.slice(0, start);
    const org = organisations.find((o) => o.end <= start && before.slice(o.end).replace(/['’]s/, '').trim() === '');
    if (org) {
      start = org.start;
      continue;
    }
    const match = /(\p{L}[\p{L}'’-]*)\s+$/u.exec(before);
    if (!match) break;
    const word = match[1] as string;
    const bare = word.replace(/['’]s$/, '');
    if (MODIFIERS.has(word.toLowerCase()) || countryOf(bare) || OFFICE_WORD_SET.has(bare)) {
      start = before.length - match[0].length;
      continue;
    }
    if (/^(?:its|their|the bank['’]s|bank['’]s)$/i.test(word)) pronoun = true;
    break;
  }
  if (!pronoun && /\b(?:its|the bank['’]s)\s+$/i.test(text.slice(0, start))) pronoun = true;
  return { start, pronoun };
}

/** People with a title in one sentence. */
export function findPeople(text: string, names: SentenceNames): PersonFound[] {
  const titles: TitleSpan[] = [...text.matchAll(TITLE_PATTERN)].map((m) => ({
    title: m[0],
    start: m.index ?? 0,
    end: (m.index ?? 0) + m[0].length,
  }));
  const found: PersonFound[] = [];
  const add = (person: PersonFound) => {
    if (!found.some((p) => p.start === person.start)) found.push(person);
  };

  for (const title of titles) {
    const role = roleStart(text, title.start, names.organisations);
    const officeEnd = complementEnd(text, title.end, titles, names.organisations);
    let nameAt = officeEnd;
    const comma = tokenAt(text, nameAt);
    if (comma?.text === ',') nameAt = comma.end;
    const person = readName(text, nameAt);
    if (person) {
      // "Prime Minister Alikhan Smailov of Kazakhstan": the country after the name is part of the role.
      const after = /^\s+of\s+(?:the\s+)?(\p{Lu}[\p{L}]+(?:\s+\p{Lu}[\p{L}]+)?)/u.exec(text.slice(person.end));
      const afterCountry = after ? countryOf(after[1] as string) : null;
      add(describe(text, title, role, officeEnd, person, afterCountry, names));
      continue;
    }
    // "Declan Magee, ADB senior country economist for Mongolia": the name before the role.
    const before = /(?:^|[\s"“(])((?:\p{Lu}[\p{L}'’-]*\s+){1,3}\p{Lu}[\p{L}'’-]*),\s+(?:the\s+|an?\s+)?$/u.exec(text.slice(0, role.start));
    if (before) {
      const nameStart = (before.index ?? 0) + before[0].indexOf(before[1] as string);
      const candidate = readName(text, nameStart);
      if (candidate && candidate.end === nameStart + (before[1] as string).length && candidate.name.includes(' ')) {
        add(describe(text, title, role, officeEnd, candidate, null, names));
      }
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

function describe(
  text: string,
  title: TitleSpan,
  role: { start: number; pronoun: boolean },
  officeEnd: number,
  person: { name: string; start: number; end: number },
  afterCountry: string | null,
  names: SentenceNames,
): PersonFound {
  const inRole = (span: { start: number; end: number }) => span.start >= role.start && span.end <= officeEnd;
  const organisation = names.organisations.find(inRole);
  const institution = names.institutions.find((i) => i.kind === 'institution' && i.start < officeEnd && i.end > title.end);
  const roleCountry = names.places.find((p) => inRole(p) && p.kind !== 'city')?.code ?? afterCountry;
  const isGovernment = GOVERNMENT_TITLES.has(title.title.toLowerCase().replace(/-/g, ' '));

  let owner: string | null = null;
  let country: string | null = null;
  if (organisation) owner = organisation.entry.name;
  else if (institution) owner = institution.name;
  else if (role.pronoun) owner = lastOrganisationBefore(names, role.start);
  if (!owner && isGovernment) {
    country = roleCountry ?? names.places.find((p) => p.kind !== 'city')?.code ?? names.defaultCountry;
    owner = country ? governmentOf(country) : null;
  }
  // The role as written, without the organisation that opens it ("Asian Development Bank President" → "President").
  let roleText = text.slice(organisation && organisation.start === role.start ? organisation.end : role.start, officeEnd);
  roleText = roleText
    .replace(/^['’]s\s+/, '')
    .replace(/^(?:the|its)\s+/i, '')
    .replace(/[\s,]+$/, '')
    .trim();
  if (afterCountry) roleText += ` of ${text.slice(person.end).match(/^\s+of\s+(?:the\s+)?(\p{Lu}[\p{L}]+(?:\s+\p{Lu}[\p{L}]+)?)/u)?.[1]}`;
  return { name: person.name, role: roleText, organisation: owner, country, start: person.start, end: person.end };
}

function lastOrganisationBefore(names: SentenceNames, at: number): string | null {
  const before = names.organisations.filter((o) => o.end <= at && o.entry.kind !== 'programme');
  return before.length > 0 ? (before[before.length - 1] as NameMention).entry.name : names.previousOrganisation;
}

/** "Smailov" after "Alikhan Smailov" is the same person; the first role and organisation given win. */
export function mergePeople(found: PersonFound[]): PersonMention[] {
  const people: PersonMention[] = [];
  const full = found.filter((p) => p.name.includes(' '));
  for (const person of found) {
    const name = person.name.includes(' ')
      ? person.name
      : (full.find((f) => f.name.split(/\s+/).pop() === person.name)?.name ?? person.name);
    const known = people.find((p) => p.name === name);
    if (known) {
      known.organisation ??= person.organisation;
      known.role ??= person.role || null;
      continue;
    }
    people.push({ name, role: person.role || null, organisation: person.organisation });
  }
  return people;
}
