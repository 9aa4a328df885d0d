// The events of a statement: each mention of a meeting, conference, signing, approval, visit or
// ratification, with its day, place and participants; a later mention of an event already told
// ("the agreements were signed during ...", "during the talks") adds to it instead of counting twice.
import type { PersonMention, StatementEvent } from '../model/statement.js';
import type { PlaceMention } from './countries.js';
import { timesIn } from './dates.js';
import { type EventMention, findEventMentions } from './eventMentions.js';
import { unique } from './lists.js';
import type { SentenceReading } from './reading.js';

interface EventDraft extends StatementEvent {
  /** The time the text gives, even one coarser than a day ("in August of the previous year"). */
  timed: boolean;
  /** The people among the participants. */
  people: string[];
  /** The year the event is placed in, when the text says. */
  year: number | null;
}

/** The events the sentences report, in order of first mention. */
export function statementEvents(readings: SentenceReading[], people: PersonMention[], publishedOn: string | null): StatementEvent[] {
  const events: EventDraft[] = [];
  const fullName = (name: string) => people.find((p) => p.name === name || p.name.split(/\s+/).pop() === name)?.name ?? name;
  // A headline announces what the article then tells: its events are read last, to join the article's.
  const body = readings.filter((r) => !r.headline);
  const headlines = readings.filter((r) => r.headline);
  for (const reading of [...body, ...headlines]) {
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
          (reading.headline && e.type === mention.type) ||
          (e.type === mention.type &&
            !(date && e.date && date !== e.date) &&
            !(year && e.year && year !== e.year) &&
            !(timed && !e.timed) &&
            (mention.anaphoric || sameParties(e, peopleHere, participants))),
      );
      if (earlier) {
        earlier.participants = unique([...earlier.participants, ...participants]);
        earlier.people = unique([...earlier.people, ...peopleHere]);
        earlier.date ??= date;
        earlier.place ??= place;
        earlier.year ??= year;
        continue;
      }
      const event = { type: mention.type, date, place, participants, text: reading.text, timed, people: peopleHere, year };
      if (reading.headline) events.unshift(event);
      else events.push(event);
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
