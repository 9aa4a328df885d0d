// What a figure covers, from its sentence and the ones before it: the financier ("the bank" is the
// last bank named), the country ("the country" is the last country named; "the region" the last
// region), the period ("over the past 30 years", "since 1995", "in 2024", "currently") and the
// status (active, planned, signed, closed, or all).
import type { ClaimScope, ClaimStatus } from '../model/statement.js';
import { DATE_PATTERN } from './furniture.js';
import { WORD_NUMBER_PATTERN } from './numbers.js';
import type { SentenceReading } from './reading.js';

export interface Positioned<T> {
  value: T;
  start: number;
}

/** What one sentence offers to the scope of its claims. */
export interface SentenceScope {
  text: string;
  financiers: Positioned<string>[];
  countries: Positioned<string>[];
  regions: Positioned<string>[];
  period: string | null;
}

const YEAR = String.raw`(?:1[89]\d\d|20\d\d)`;
const NUM = String.raw`(?:\d+(?:\.\d+)?|${WORD_NUMBER_PATTERN})`;
const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';

const PERIODS: [RegExp, (m: RegExpMatchArray, publishedOn: string | null) => string][] = [
  [
    new RegExp(String.raw`\b(?:over|in|during|for|within)\s+the\s+(past|last|next|coming)\s+(${NUM})\s+(years?|decades?|months?)`, 'i'),
    (m) => `${m[1]?.toLowerCase()} ${m[2]} ${m[3]}`,
  ],
  [
    new RegExp(String.raw`\bfor\s+((?:more\s+than|over|nearly|almost|about|some)\s+)?(${NUM}|a)\s+(years?|decades?)`, 'i'),
    (m) => `${m[1] ?? ''}${m[2]} ${m[3]}`.toLowerCase(),
  ],
  [new RegExp(String.raw`\bsince\s+(?:(?:${MONTHS})\s+)?(${YEAR})`, 'i'), (m) => `since ${m[1]}`],
  // "Since Mongolia joined the ADB in 1991, ..."
  [new RegExp(String.raw`\bsince\s+[^,.;]{1,60}?\bin\s+(?:(?:${MONTHS})\s+)?(${YEAR})`, 'i'), (m) => `since ${m[1]}`],
  [
    new RegExp(
      String.raw`\b(?:from|between)\s+(?:(?:${MONTHS})\s+)?(${YEAR})\s+(?:to|until|till|through|and)\s+(?:(?:${MONTHS})\s+)?(${YEAR})`,
      'i',
    ),
    (m) => `${m[1]}-${m[2]}`,
  ],
  [
    new RegExp(String.raw`(?<![\d-])(${YEAR})\s?[-–—]\s?(${YEAR}|\d\d)(?![\d-])`),
    (m) => `${m[1]}-${(m[2] as string).length === 2 ? `${(m[1] as string).slice(0, 2)}${m[2]}` : m[2]}`,
  ],
  [new RegExp(String.raw`\bas\s+of\s+(${DATE_PATTERN}|(?:${MONTHS})\s+${YEAR}|${YEAR})`, 'i'), (m) => `as of ${m[1]}`],
  [new RegExp(String.raw`\b(?:in|within|during|for|by)\s+(?:the\s+year\s+)?(${YEAR})(?![\d-])`, 'i'), (m) => m[1] as string],
  [/\bthis\s+year\b/i, (_m, publishedOn) => publishedOn?.slice(0, 4) ?? 'this year'],
  [/\b(?:currently|at present|presently|now|to date|so far|as of today|current)\b/i, () => 'current'],
];

/** The period a sentence gives its figures, as the text puts it; null when it gives none. */
export function periodOf(sentence: string, publishedOn: string | null): string | null {
  for (const [pattern, format] of PERIODS) {
    const match = pattern.exec(sentence);
    if (match) return format(match, publishedOn);
  }
  return null;
}

const STATUSES: [ClaimStatus, RegExp][] = [
  ['active', /\b(?:active|ongoing|on-going|in progress|under implementation|being implemented|underway|under way|current portfolio)\b/i],
  ['signed', /\bsign(?:ed|ing)\b/i],
  [
    'planned',
    /\b(?:will|shall|plans?|planned|planning|expected|expects|to be|pipeline|scheduled|intends?|aims? to|is to|are to|would|upcoming|proposed|prospective|to approve|to allocate|to attract|to provide)\b/i,
  ],
  ['closed', /\b(?:completed|closed)\b/i],
];

/** Active, signed, planned or closed as the clause (else the sentence) says; all otherwise. */
export function statusOf(clause: string, sentence: string): ClaimStatus {
  for (const [status, pattern] of STATUSES) if (pattern.test(clause)) return status;
  // "Active" describes the projects next to it; a future tense or a signing covers the whole sentence.
  for (const [status, pattern] of STATUSES) if (status !== 'active' && pattern.test(sentence)) return status;
  return 'all';
}

/** The nearest before `at`, else the first after it. */
function nearest<T>(items: Positioned<T>[], at: number): T | null {
  const before = items.filter((i) => i.start <= at);
  if (before.length > 0) return (before[before.length - 1] as Positioned<T>).value;
  return items[0]?.value ?? null;
}

function clauseOf(text: string, start: number, end: number): { start: number; end: number } {
  const before = text.slice(0, start);
  const from = Math.max(before.lastIndexOf(', '), before.lastIndexOf(';'), before.lastIndexOf(' while ')) + 1;
  const rest = text.slice(end).search(/, |;| while /);
  return { start: from, end: rest < 0 ? text.length : end + rest };
}

export interface DocumentScope {
  mainFinancier: string | null;
  mainCountry: string | null;
  publishedOn: string | null;
}

/** The scope of a claim at [start, end) of sentence `index`. */
export function scopeOf(sentences: SentenceScope[], index: number, start: number, end: number, document: DocumentScope): ClaimScope {
  const sentence = sentences[index] as SentenceScope;
  const clause = clauseOf(sentence.text, start, end);
  const inClause = <T>(items: Positioned<T>[]) => items.filter((i) => i.start >= clause.start && i.start < clause.end);

  let financier = nearest(inClause(sentence.financiers), start) ?? nearest(sentence.financiers, start);
  let country =
    nearest(
      inClause(sentence.countries).filter((c) => c.start >= end),
      end,
    ) ?? nearest(inClause(sentence.countries), start);
  if (!country)
    country = nearest(inClause(sentence.regions), start) ?? nearest(sentence.countries, start) ?? nearest(sentence.regions, start);
  let period = sentence.period;
  for (let back = index - 1; back >= 0 && back >= index - 4 && (!financier || !country || !period); back--) {
    const earlier = sentences[back] as SentenceScope;
    financier ??= earlier.financiers[earlier.financiers.length - 1]?.value ?? null;
    country ??= earlier.countries[earlier.countries.length - 1]?.value ?? null;
    if (back >= index - 2) period ??= earlier.period;
  }
  const status = statusOf(sentence.text.slice(clause.start, clause.end), sentence.text);
  return {
    financier: financier ?? document.mainFinancier,
    country: country ?? document.mainCountry,
    period: period ?? (status === 'active' ? 'current' : null),
    status,
  };
}

const BANK_ANAPHORA = /(?<![\p{L}])[Tt]he\s+(?:[Bb]ank|[Ll]ender|Organi[sz]ation|[Ii]nstitution)(?![\p{L}])/gu;
const PROGRAMME_ANAPHORA = /(?<![\p{L}])[Tt]he\s+(?:Programme|Program|programme|program)(?![\p{L}])/gu;
const COUNTRY_ANAPHORA = /(?<![\p{L}])(?:the|its)\s+(?:country|country['’]s|republic)(?![\p{L}])/giu;

/** Per sentence: financiers, countries and regions with positions (references resolved), and the period. */
export function sentenceScopes(readings: SentenceReading[], publishedOn: string | null): SentenceScope[] {
  let lastBank: string | null = null;
  let lastFinancier: string | null = null;
  let lastProgramme: string | null = null;
  let lastCountry: string | null = null;
  let lastRegion: string | null = null;
  return readings.map((reading) => {
    const financiers: { value: string; start: number }[] = [];
    const countries: { value: string; start: number }[] = [];
    const regions: { value: string; start: number }[] = [];
    const events: { start: number; apply: () => void }[] = [];
    for (const name of reading.names) {
      if (!name.entry.financier) continue;
      events.push({
        start: name.start,
        apply: () => {
          financiers.push({ value: name.entry.name, start: name.start });
          lastFinancier = name.entry.name;
          if (name.entry.kind === 'programme') lastProgramme = name.entry.name;
          else if (/Bank|Fund|Corporation/.test(name.entry.name)) lastBank = name.entry.name;
        },
      });
    }
    for (const match of reading.text.matchAll(BANK_ANAPHORA)) {
      events.push({
        start: match.index ?? 0,
        apply: () => {
          const value = lastBank ?? lastFinancier;
          if (value) financiers.push({ value, start: match.index ?? 0 });
        },
      });
    }
    for (const match of reading.text.matchAll(PROGRAMME_ANAPHORA)) {
      events.push({
        start: match.index ?? 0,
        apply: () => {
          if (lastProgramme) financiers.push({ value: lastProgramme, start: match.index ?? 0 });
        },
      });
    }
    for (const place of reading.places) {
      if (place.kind === 'city') continue;
      events.push({
        start: place.start,
        apply: () => {
          countries.push({ value: place.code, start: place.start });
          lastCountry = place.code;
        },
      });
    }
    for (const match of reading.text.matchAll(COUNTRY_ANAPHORA)) {
      events.push({
        start: match.index ?? 0,
        apply: () => {
          if (lastCountry) countries.push({ value: lastCountry, start: match.index ?? 0 });
        },
      });
    }
    for (const region of reading.regions) {
      events.push({
        start: region.start,
        apply: () => {
          // "The region" with no region named before it says nothing about the scope.
          const value = region.name === 'the region' ? lastRegion : region.name;
          if (value) regions.push({ value, start: region.start });
          if (region.name !== 'the region') lastRegion = region.name;
        },
      });
    }
    for (const event of events.sort((a, b) => a.start - b.start)) event.apply();
    const byStart = (a: { start: number }, b: { start: number }) => a.start - b.start;
    return {
      text: reading.text,
      financiers: financiers.sort(byStart),
      countries: countries.sort(byStart),
      regions: regions.sort(byStart),
      period: periodOf(reading.text, publishedOn),
    };
  });
}
