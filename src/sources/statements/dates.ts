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

function isoOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function utcDay(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day, 12));
}

export function speaksOfFuture(sentence: string): boolean {
  return FUTURE.test(sentence);
}

/** Day-level dates in `sentence`, resolved against `publishedOn` (YYYY-MM-DD) where they need it. */
export function daysIn(sentence: string, publishedOn: string | null): DayFound[] {
  const reference = publishedOn ? new Date(`${publishedOn}T12:00:00Z`) : null;
  const future = speaksOfFuture(sentence);
  const found: DayFound[] = [];
  for (const result of chrono.parse(sentence, reference ?? new Date(0))) {
    const start = result.start;
    const span = { start: result.index, end: result.index + result.text.length };
    const relative = RELATIVE.test(result.text);
    if (start.isCertain('day') && start.isCertain('month')) {
      const month = start.get('month') as number;
      const day = start.get('day') as number;
      if (start.isCertain('year') && !relative) {
        found.push({ date: isoOf(utcDay(start.get('year') as number, month, day)), ...span });
        continue;
      }
      if (!reference) continue;
      if (relative) {
        found.push({ date: isoOf(start.date()), ...span });
        continue;
      }
      const year = reference.getUTCFullYear();
      let candidate = utcDay(year, month, day);
      if (future && candidate.getTime() < reference.getTime() - DAY_MS) candidate = utcDay(year + 1, month, day);
      if (!future && candidate.getTime() > reference.getTime() + DAY_MS) candidate = utcDay(year - 1, month, day);
      found.push({ date: isoOf(candidate), ...span });
    } else if (start.isCertain('weekday') && reference) {
      const weekday = start.get('weekday') as number;
      const offset = future ? (weekday - reference.getUTCDay() + 7) % 7 : -((reference.getUTCDay() - weekday + 7) % 7);
      found.push({ date: isoOf(new Date(reference.getTime() + offset * DAY_MS)), ...span });
    }
  }
  return found;
}

/** True when the sentence names any time (a day, a month, a year, "last week"). */
export function hasTimeExpression(sentence: string): boolean {
  return chrono.parse(sentence, new Date(0)).length > 0;
}
