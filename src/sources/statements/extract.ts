// extractStatement: a press release in, its entities, claims and events out (the contract in
// DESIGN.md). The text is cleaned of page furniture and datelines, split into sentences, and each
// sentence read for names, figures and events; the scope of a figure and the identity of "the
// bank" or "the country" come from the sentences before it.
import type { Claim, PersonMention, StatementEvent, StatementExtraction } from '../../model/statement.js';
import { type ClaimFound, findClaims } from './claims.js';
import { findPlaces, findRegions, isPlaceWord, type PlaceMention, type RegionMention } from './countries.js';
import { resolveAmbiguousCurrency } from './currencies.js';
import { timesIn } from './dates.js';
import { parseStatementText } from './document.js';
import { type EventMention, findEventMentions } from './events.js';
import { isPageFurniture, stripDateline } from './furniture.js';
import { findGazetteerMentions, isGazetteerWord, type NameMention } from './gazetteer.js';
import { findInstitutions, type InstitutionMention } from './institutions.js';
import { findPeople, type PersonFound } from './people.js';
import { findProgrammes, type ProgrammeMention } from './programmes.js';
import { type DocumentScope, periodOf, type SentenceScope, scopeOf } from './scope.js';
import { splitSentences } from './sentences.js';

export interface ExtractOptions {
  /** YYYY-MM-DD; wins over a `date:` line in the text. Relative days ("on Friday") are resolved against it. */
  publishedOn?: string;
}

interface SentenceReading {
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

const isKnownName = (word: string) => isGazetteerWord(word) || isPlaceWord(word);

/** Lines of content, datelines removed, as paragraphs of sentences. */
export function contentSentences(text: string): { text: string; headline: boolean }[] {
  const sentences: { text: string; headline: boolean }[] = [];
  let paragraphs = 0;
  for (const line of unwrapLines(text)) {
    if (isPageFurniture(line, isKnownName)) continue;
    const paragraph = paragraphs < 3 ? stripDateline(line.trim(), isKnownName) : line.trim();
    paragraphs++;
    const parts = splitSentences(paragraph);
    const headline = parts.length === 1 && !/[.!?"”]$/.test(paragraph) && isTitleLike(paragraph);
    for (const part of parts) sentences.push({ text: part, headline });
  }
  return sentences;
}

/**
 * Lines of a hard-wrapped text joined back into paragraphs: a line that does not end a sentence
 * continues on the next when that one starts in lower case, with a digit or a currency sign.
 */
function unwrapLines(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const previous = lines[lines.length - 1];
    if (previous && line !== '' && !/[.!?:;"”’')\]]$/.test(previous) && /^[\p{Ll}\d$€£(]/u.test(line))
      lines[lines.length - 1] = `${previous} ${line}`;
    else lines.push(line);
  }
  return lines;
}

/** Most words capitalised, as in a headline ("Asian Development Bank (ADB) To Approve 390 Mln USD For Mongolia"). */
function isTitleLike(line: string): boolean {
  const words = line.split(/\s+/).filter((w) => /^\p{L}/u.test(w) && w.length > 3);
  if (words.length === 0) return true;
  return words.filter((w) => /^\p{Lu}/u.test(w)).length / words.length >= 0.6;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

function readSentence(index: number, text: string, headline: boolean): SentenceReading {
  const names = findGazetteerMentions(text);
  const claims = findClaims(text, names);
  const amounts = claims.filter((c) => c.measure === 'amount');
  // A country in an organisation's name (Export-Import Bank of Korea) or a currency (U.S. dollars) is not a country named.
  const places = findPlaces(text).filter((p) => !names.some((n) => overlaps(n, p)) && !amounts.some((a) => overlaps(a, p)));
  const institutions = findInstitutions(text, places);
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

/** The most frequent value, the first seen on a tie. */
function mostFrequent(values: string[]): string | null {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: string | null = null;
  for (const [value, count] of counts) if (best == null || count > (counts.get(best) ?? 0)) best = value;
  return best;
}

function unique(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = v.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The entities, claims and events of a statement. */
export function extractStatement(text: string, options: ExtractOptions = {}): StatementExtraction {
  const document = parseStatementText(text);
  const publishedOn = options.publishedOn ?? document.publishedOn;
  const readings = contentSentences(document.text).map((s, i) => readSentence(i, s.text, s.headline));

  const countryMentions = readings.flatMap((r) => r.places.filter((p) => p.kind !== 'city').map((p) => p.code));
  const mainCountry = mostFrequent(countryMentions);
  const financierNames = readings.flatMap((r) => r.names.filter((n) => n.entry.financier).map((n) => n.entry.name));

  // People, with what "its" refers to and the country a government title belongs to.
  let lastOrganisation: string | null = null;
  for (const reading of readings) {
    if (!reading.headline) {
      reading.people = findPeople(reading.text, {
        organisations: reading.names,
        institutions: reading.institutions,
        places: reading.places,
        previousOrganisation: lastOrganisation,
        defaultCountry: mainCountry,
      });
    }
    const organisations = reading.names.filter((n) => n.entry.kind !== 'programme');
    if (organisations.length > 0) lastOrganisation = (organisations[organisations.length - 1] as NameMention).entry.name;
  }

  const people = mergePeople(readings.flatMap((r) => r.people));
  const scopes = sentenceScopes(readings, publishedOn);
  const documentScope: DocumentScope = { mainFinancier: mostFrequent(financierNames), mainCountry, publishedOn };

  const claims: Claim[] = readings.flatMap((reading) =>
    reading.claims.map((found) => ({
      text: found.text,
      subject: found.subject,
      measure: found.measure,
      value: found.value,
      unit: found.ambiguousCurrency ? resolveAmbiguousCurrency(found.ambiguousCurrency, mainCountry) : found.unit,
      qualifier: found.qualifier,
      scope: scopeOf(scopes, reading.index, found.start, found.end, documentScope),
    })),
  );

  const organisations = unique(
    readings.flatMap((r) =>
      [
        ...r.names.filter((n) => n.entry.kind !== 'programme').map((n) => ({ name: n.entry.name, start: n.start })),
        ...r.institutions.map((i) => ({ name: i.name, start: i.start })),
        ...r.people.filter((p) => p.organisation).map((p) => ({ name: p.organisation as string, start: p.start })),
      ]
        .sort((a, b) => a.start - b.start)
        .map((o) => o.name),
    ),
  );
  const programmes = unique(
    readings.flatMap((r) =>
      [
        ...r.names.filter((n) => n.entry.kind === 'programme').map((n) => ({ name: n.entry.name, start: n.start, end: n.end })),
        ...r.programmes.map((p) => ({ name: p.name, start: p.start, end: p.end })),
      ]
        .sort((a, b) => a.start - b.start || b.end - a.end)
        .map((p) => p.name),
    ),
  );

  return {
    entities: { organisations, people, countries: unique(countryMentions), programmes },
    claims,
    events: extractEvents(readings, people, publishedOn),
  };
}

/** "Smailov" after "Alikhan Smailov" is the same person; the first role and organisation given win. */
function mergePeople(found: PersonFound[]): PersonMention[] {
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

const BANK_ANAPHORA = /(?<![\p{L}])[Tt]he\s+(?:[Bb]ank|[Ll]ender|Organi[sz]ation|[Ii]nstitution)(?![\p{L}])/gu;
const PROGRAMME_ANAPHORA = /(?<![\p{L}])[Tt]he\s+(?:Programme|Program|programme|program)(?![\p{L}])/gu;
const COUNTRY_ANAPHORA = /(?<![\p{L}])(?:the|its)\s+(?:country|country['’]s|republic)(?![\p{L}])/giu;

/** Per sentence: financiers, countries and regions with positions (references resolved), and the period. */
function sentenceScopes(readings: SentenceReading[], publishedOn: string | null): SentenceScope[] {
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
          const value = region.name === 'the region' ? (lastRegion ?? 'region') : region.name;
          regions.push({ value, start: region.start });
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

interface EventDraft extends StatementEvent {
  /** The time the text gives, even one coarser than a day ("in August of the previous year"). */
  timed: boolean;
  /** The people among the participants. */
  people: string[];
  /** The year the event is placed in, when the text says. */
  year: number | null;
}

function extractEvents(readings: SentenceReading[], people: PersonMention[], publishedOn: string | null): StatementEvent[] {
  const events: EventDraft[] = [];
  const fullName = (name: string) => people.find((p) => p.name === name || p.name.split(/\s+/).pop() === name)?.name ?? name;
  for (const reading of readings) {
    const mentions = findEventMentions(reading.text);
    if (mentions.length === 0) continue;
    const { days, year: sentenceYear, timed } = timesIn(reading.text, publishedOn);
    const participants = unique([
      ...reading.people.map((p) => fullName(p.name)),
      ...reading.names.filter((n) => n.entry.kind !== 'programme').map((n) => n.entry.name),
      ...reading.institutions.map((i) => i.name),
      ...reading.people.filter((p) => p.organisation).map((p) => p.organisation as string),
    ]);
    const peopleHere = reading.people.map((p) => fullName(p.name));
    for (const mention of mentions) {
      const date = nearestDay(days, mention);
      const year = date ? Number(date.slice(0, 4)) : sentenceYear;
      // What happens during a visit ("during her visit to Dushanbe, she signed ...") happens where the visit is.
      const visit = mentions.find((m) => m.type === 'visit');
      const place = placeOf(reading, mention) ?? (visit ? placeOf(reading, visit) : null);
      const earlier = events.find(
        (e) =>
          e.type === mention.type &&
          !(date && e.date && date !== e.date) &&
          !(year && e.year && year !== e.year) &&
          !(timed && !e.timed) &&
          (mention.anaphoric || sameParties(e, peopleHere, participants)),
      );
      if (earlier) {
        earlier.participants = unique([...earlier.participants, ...participants]);
        earlier.people = unique([...earlier.people, ...peopleHere]);
        earlier.date ??= date;
        earlier.place ??= place;
        earlier.year ??= year;
        continue;
      }
      events.push({ type: mention.type, date, place, participants, text: reading.text, timed, people: peopleHere, year });
    }
  }
  return events.map(({ timed: _timed, people: _people, year: _year, ...event }) => event);
}

/**
 * Whether a mention without a definite article can be an event already told: the same people, or
 * when the people do not tell, an organisation in common (or no parties named at all).
 */
function sameParties(event: EventDraft, people: string[], participants: string[]): boolean {
  if (participants.length === 0) return true;
  if (people.length > 0 && event.people.length > 0) return people.some((p) => event.people.includes(p));
  return participants.some((p) => event.participants.includes(p));
}

function nearestDay(days: { date: string; start: number; end: number }[], mention: EventMention): string | null {
  let best: { date: string; distance: number } | null = null;
  for (const day of days) {
    const distance = day.end <= mention.start ? mention.start - day.end : Math.max(0, day.start - mention.end);
    if (!best || distance < best.distance) best = { date: day.date, distance };
  }
  return best?.date ?? null;
}

/** "held in Astana", "a visit to Kyrgyzstan": a city (or else a country) after in, at or to. */
function placeOf(reading: SentenceReading, mention: EventMention): string | null {
  // "visit to Dushanbe" names the place of a visit; "lend $5 billion to Kazakhstan" names no place of a meeting.
  const preposition = mention.type === 'visit' ? /\b(?:in|at|to)\s+(?:the\s+)?$/i : /\b(?:in|at)\s+(?:the\s+)?$/i;
  const candidates = reading.places.filter((p) => preposition.test(reading.text.slice(0, p.start)));
  const after = (p: PlaceMention) => (p.start >= mention.start ? 0 : 1);
  const ranked = [...candidates].sort(
    (a, b) =>
      (a.kind === 'city' ? 0 : 1) - (b.kind === 'city' ? 0 : 1) ||
      after(a) - after(b) ||
      Math.abs(a.start - mention.start) - Math.abs(b.start - mention.start),
  );
  return ranked[0]?.text ?? null;
}
