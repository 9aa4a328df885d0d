// Days in a sentence, for event dates: chrono-node finds the date expressions; a day without a year
// ("on March 4") or a weekday ("on Friday") is placed against the publication date, forward when
// the sentence speaks of what will happen, backward when it reports what happened. Only the day
// counts: "in August of the previous year" gives an event no date.
import * as chrono from 'chrono-node';

export interface DayFound {
  /** YYYY-MM-DD */
  date: string;
  start: number;
  end: number;
}

const FUTURE = /\b(?:will|shall|is to|are to|scheduled|plans? to|planned|to be held|upcoming|expected to)\b/i;
const RELATIVE = /\b(?:yesterday|today|tonight|tomorrow|last|next|this|ago|later|earlier)\b/i;
const DAY_MS = 86_400_000;
const BARE_YEAR = /\b(?:in|of|since|during|until|by)\s+((?:19|20)\d\d)(?![\d-])/i;

function isoOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function utcDay(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day, 12));
}

export function speaksOfFuture(sentence: string): boolean {
  return FUTURE.test(sentence);
}

/** What a sentence says about time, from one pass of chrono. */
export interface SentenceTimes {
  /** Day-level dates, resolved against the publication date where they need it. */
  days: DayFound[];
  /** The first year named outright ("in 2017", "on 5 March 2023"), or null. */
  year: number | null;
  /** True when any time is named: a day, a month, a year, "last week". */
  timed: boolean;
}

/** The times of `sentence`; `publishedOn` (YYYY-MM-DD) places days without a year and relative days. */
export function timesIn(sentence: string, publishedOn: string | null): SentenceTimes {
  const reference = publishedOn ? new Date(`${publishedOn}T12:00:00Z`) : null;
  const results = chrono.parse(sentence, reference ?? new Date(0));
  const days: DayFound[] = [];
  let year: number | null = null;
  for (const result of results) {
    const start = result.start;
    const span = { start: result.index, end: result.index + result.text.length };
    const relative = RELATIVE.test(result.text);
    if (year == null && start.isCertain('year') && !relative) year = start.get('year');
    // The tense of the words around the date, not of the whole sentence: "will allocate ..., he announced on April 12".
    const future = speaksOfFuture(sentence.slice(Math.max(0, span.start - 60), span.end + 60));
    if (start.isCertain('day') && start.isCertain('month')) {
      const month = start.get('month') as number;
      const day = start.get('day') as number;
      if (start.isCertain('year') && !relative) {
        days.push({ date: isoOf(utcDay(start.get('year') as number, month, day)), ...span });
        continue;
      }
      if (!reference) continue;
      if (relative) {
        days.push({ date: isoOf(start.date()), ...span });
        continue;
      }
      const referenceYear = reference.getUTCFullYear();
      let candidate = utcDay(referenceYear, month, day);
      if (future && candidate.getTime() < reference.getTime() - DAY_MS) candidate = utcDay(referenceYear + 1, month, day);
      if (!future && candidate.getTime() > reference.getTime() + DAY_MS) candidate = utcDay(referenceYear - 1, month, day);
      days.push({ date: isoOf(candidate), ...span });
    } else if (start.isCertain('weekday') && reference) {
      const weekday = start.get('weekday') as number;
      const offset = future ? (weekday - reference.getUTCDay() + 7) % 7 : -((reference.getUTCDay() - weekday + 7) % 7);
      days.push({ date: isoOf(new Date(reference.getTime() + offset * DAY_MS)), ...span });
    }
  }
  // chrono reads no bare year: "was approved in 2017".
  const bare = BARE_YEAR.exec(sentence);
  if (year == null && bare) year = Number(bare[1]);
  return { days, year, timed: results.length > 0 || bare != null };
}

/** The first date with day, month and year written out in `text`, as YYYY-MM-DD; null when none. */
export function fullDateIn(text: string): string | null {
  for (const result of chrono.parse(text, new Date(0))) {
    const start = result.start;
    if (start.isCertain('day') && start.isCertain('month') && start.isCertain('year') && !RELATIVE.test(result.text)) {
      return isoOf(utcDay(start.get('year') as number, start.get('month') as number, start.get('day') as number));
    }
  }
  return null;
}

/** Day-level dates in `sentence`, resolved against `publishedOn` where they need it. */
export function daysIn(sentence: string, publishedOn: string | null): DayFound[] {
  return timesIn(sentence, publishedOn).days;
}
