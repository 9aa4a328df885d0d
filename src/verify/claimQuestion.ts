// Turns a claim's scope into a portfolio question: which financier, country, period and status,
// as of the statement's date. What cannot be turned into a filter is said, not guessed.
import type { ActivityFilter } from '../model/filter.js';
import type { Claim } from '../model/statement.js';

export interface ClaimQuestion {
  filter: ActivityFilter;
  /** The definition used, in words, for the reader. */
  definition: string;
  /** Parts of the scope that the question could not take into account. */
  ignored: string[];
}

const shiftYears = (date: string, years: number) => `${Number(date.slice(0, 4)) - years}${date.slice(4)}`;

/** The approval period a claim's period stands for, relative to the statement's date. */
export function periodOf(period: string | null, asOf: string): { from?: string; to?: string; words: string } | null {
  if (!period) return null;
  const text = period.toLowerCase();
  const past = /(?:past|last)\s+(\d+|a|one|two|three|four|five|ten|twenty|thirty)?\s*(decade|years?)/.exec(text);
  if (past) {
    const words: Record<string, number> = { a: 1, one: 1, two: 2, three: 3, four: 4, five: 5, ten: 10, twenty: 20, thirty: 30 };
    const n = past[1] ? (words[past[1]] ?? Number(past[1])) : 1;
    const years = past[2] === 'decade' ? n * 10 : n;
    return { from: shiftYears(asOf, years), to: asOf, words: `approved in the ${years} years before ${asOf}` };
  }
  const range = /(\d{4})\s*(?:-|–|to|until|through)\s*(\d{4})/.exec(text);
  if (range) return { from: `${range[1]}-01-01`, to: `${range[2]}-12-31`, words: `approved from ${range[1]} to ${range[2]}` };
  const since = /(?:since|from)\s+(\d{4})/.exec(text);
  if (since) return { from: `${since[1]}-01-01`, to: asOf, words: `approved from ${since[1]} to ${asOf}` };
  const year = /^(?:in\s+)?(\d{4})$/.exec(text.trim());
  if (year) return { from: `${year[1]}-01-01`, to: `${year[1]}-12-31`, words: `approved in ${year[1]}` };
  return null;
}

export function claimQuestion(claim: Claim, asOf: string): ClaimQuestion {
  const filter: ActivityFilter = { asOf };
  const words: string[] = [];
  const ignored: string[] = [];
  const { scope } = claim;
  if (scope.financier) {
    filter.financier = scope.financier;
    words.push(`financed by ${scope.financier}`);
  } else words.push('by any financier');
  if (scope.country && /^[A-Z]{2}$/.test(scope.country)) {
    filter.countries = [scope.country];
    words.push(`in ${scope.country}`);
  } else if (scope.country) {
    filter.region = scope.country;
    words.push(`in the region "${scope.country}"`);
  }
  const period = periodOf(scope.period, asOf);
  if (period) {
    filter.from = period.from;
    filter.to = period.to;
    words.push(period.words);
  } else if (scope.period && scope.period !== 'current') ignored.push(`the period "${scope.period}"`);
  switch (scope.status) {
    case 'active':
      filter.status = 'active';
      words.push(`active on ${asOf}`);
      break;
    case 'planned':
      filter.status = 'pipeline';
      words.push('in the pipeline');
      break;
    case 'closed':
      filter.status = 'closed';
      words.push(`closed by ${asOf}`);
      break;
    default:
      words.push(`approved by ${asOf}, dropped projects left out`);
  }
  return { filter, definition: `projects ${words.join(', ')}`, ignored };
}
