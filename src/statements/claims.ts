// The quantitative claims of one sentence: amounts ("over $8bn"), counts ("48 joint projects"),
// durations ("for more than 20 years"), shares ("nearly 54 percent", "two-thirds of"), ranks
// ("ranks sixth"), ratios ("tripled") and start years ("since 2003"). A number is a claim only
// when the words around it say what it measures: a bare number, a date, a time, an ordinal in a
// name ("23rd Ministerial Conference") or a macroeconomic figure (GDP growth) is not one.
import type { ClaimMeasure, ClaimQualifier } from '../model/statement.js';
import {
  ATTENDANCE,
  COUNT_AFTER,
  DURATION_AFTER,
  FINANCE_CONTEXT,
  FINANCE_NOUN,
  MACRO,
  NOT_DURATION,
  PERCENT_AFTER,
  PHRASES,
  YEAR_RULES,
} from './claimRules.js';
import { isStructureNoun, partOfCount, refersToParties } from './countGrammar.js';
import { currencyAfter, currencyBefore } from './currencies.js';
import { DATE_PATTERN } from './furniture.js';
import { numberValue } from './numbers.js';
import { qualifierOf } from './qualifiers.js';
import { findQuantities, type Quantity } from './quantities.js';

export interface ClaimFound {
  start: number;
  end: number;
  text: string;
  measure: ClaimMeasure;
  value: number;
  unit: string;
  qualifier: ClaimQualifier;
  subject: string;
  /** For "manat" and "rupees": the country of the statement decides the code. */
  ambiguousCurrency?: 'manat' | 'rupee';
  /** A count that is a part of one said before it ("of these, 18 were completed"). */
  partOf?: true;
}

interface Span {
  start: number;
  end: number;
}

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

/** One sentence as the rules read it; made once per sentence, so every figure shares what is asked of the whole. */
interface Sentence {
  text: string;
  /** The text with organisation names blanked: their words say nothing about a figure. */
  context: string;
  /** Whether the sentence names a macroeconomic figure anywhere (GDP, inflation, ...). */
  macro: boolean;
}

/** A count said before a bare number, which the number may be a part of ("48 projects ... six are active"). */
export interface CountAntecedent {
  value: number;
  unit: string;
  subject: string;
}

/** The clause of `span`: from the previous comma, semicolon or bracket to the next one. */
function clauseAround(text: string, span: Span): Span {
  const before = text.slice(0, span.start);
  // A comma inside a number ("56,000") does not end a clause.
  const start = Math.max(before.lastIndexOf(', '), before.lastIndexOf(';'), before.lastIndexOf('('), before.lastIndexOf(': ')) + 1;
  const rest = text.slice(span.end).search(/,\s|[;)]|\s(?:while|whereas)\s/);
  return { start, end: rest < 0 ? text.length : span.end + rest };
}

/**
 * A macroeconomic figure: its clause names GDP, inflation, emissions, ...; or the sentence does and
 * the clause says nothing of financing ("GDP grew 6.2 percent, revising the forecast to 5.3%").
 */
function isMacro(sentence: Sentence, span: Span): boolean {
  const clause = clauseAround(sentence.context, span);
  const words = sentence.context.slice(clause.start, clause.end);
  return MACRO.test(words) || (sentence.macro && !FINANCE_CONTEXT.test(words));
}

/** The financing noun nearest to an amount in its clause ("loans worth ...", "... in grant funding"). */
function amountSubject(text: string, span: Span): string {
  // The clause first; else the sentence ("the road project, valued at $750 million").
  for (const area of [clauseAround(text, span), { start: 0, end: text.length }]) {
    let best: { word: string; distance: number } | null = null;
    for (const match of text.slice(area.start, area.end).matchAll(FINANCE_NOUN)) {
      const at = area.start + (match.index ?? 0);
      if (at >= span.start && at < span.end) continue;
      const distance = at < span.start ? span.start - at : at - span.end;
      if (!best || distance < best.distance) best = { word: match[0].toLowerCase(), distance };
    }
    if (best) return best.word;
  }
  return 'amount';
}

/** Spans where numbers are parts of dates, times or identifiers. */
function blockedSpans(text: string): Span[] {
  const spans: Span[] = [];
  const patterns = [
    new RegExp(DATE_PATTERN, 'giu'),
    /\b\d{1,2}:\d{2}\b/g,
    /\b(?:No|Nos|Art|Article|Resolution|Decree|Law|Order|Section|Chapter|Phase|Stage|Tranche|Lot|Grant|Loan|Project)\.?\s?#?\d+/g,
    /[#№]\s?\d+/g,
    // Telephone numbers: "+998 71 238 59 50", "tel. 8 (7172) 74-36-00".
    /(?:\+\d|\b(?:tel|phone|call|fax)\.?:?\s*\+?\d)[\d ()-]{6,}\d/gi,
  ];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) spans.push({ start: match.index ?? 0, end: (match.index ?? 0) + match[0].length });
  }
  return spans;
}

/**
 * Start years: "since 2003", "from 2020 to 2025", "2018-2021", "became a member ... in August 1995".
 * The spans are returned so the number scan skips them; whether they become claims depends on the
 * rest of the sentence (a period that scopes another claim is not a claim of its own).
 */
function yearSpans(text: string): (ClaimFound & { blocked: Span })[] {
  const found: (ClaimFound & { blocked: Span })[] = [];
  for (const rule of YEAR_RULES) {
    for (const match of text.matchAll(rule)) {
      const [start, end] = match.indices?.groups?.span ?? [0, 0];
      if (found.some((f) => overlaps(f, { start, end }))) continue;
      found.push({
        start,
        end,
        text: text.slice(start, end),
        measure: 'year',
        value: Number(match.groups?.year),
        unit: 'year',
        qualifier: 'exact',
        subject: 'start year',
        // Only the year's own words keep the number scan off; the context may hold other figures.
        blocked: { start, end },
      });
    }
  }
  return found;
}

/**
 * Every claim of one sentence, in text order. `names` are spans of organisation names, whose
 * words say nothing about the figure ("Export-Import Bank" is no trade figure). `antecedent` is
 * the last count of the sentence before, which a bare number may be a part of ("71 projects are
 * present. Of these, 52 were completed").
 */
export function findClaims(text: string, names: Span[] = [], antecedent?: CountAntecedent): ClaimFound[] {
  let context = text;
  for (const name of names) context = context.slice(0, name.start) + ' '.repeat(name.end - name.start) + context.slice(name.end);
  const sentence: Sentence = { text, context, macro: MACRO.test(context) };
  const claims: ClaimFound[] = [];
  const parts = new Set<ClaimFound>();
  const taken: Span[] = [];
  const years = yearSpans(text);
  const blocked = [...blockedSpans(text), ...years.map((y) => y.blocked)];

  for (const rule of PHRASES) {
    for (const match of text.matchAll(rule.pattern)) {
      const span = { start: match.index ?? 0, end: (match.index ?? 0) + match[0].length };
      if (taken.some((t) => overlaps(t, span))) continue;
      const claim = rule.claim(match, text);
      if (!claim) continue;
      if ((claim.measure === 'share' || claim.measure === 'ratio') && isMacro(sentence, span)) continue;
      const found = rule.qualifier
        ? { qualifier: rule.qualifier, length: 0 }
        : rule.qualifierFrom
          ? { qualifier: qualifierOf(match[rule.qualifierFrom] ?? '', '').qualifier, length: 0 }
          : qualifierOf(text.slice(0, span.start), text.slice(span.end));
      const start = span.start - found.length;
      claims.push({ ...claim, start, end: span.end, text: text.slice(start, span.end), qualifier: found.qualifier });
      taken.push(span);
    }
  }

  const quantities = findQuantities(text);
  for (const [i, quantity] of quantities.entries()) {
    if (taken.some((t) => overlaps(t, quantity)) || blocked.some((b) => overlaps(b, quantity))) continue;
    // The whole a bare number may be a part of: the last count before it that is not itself a part.
    const whole =
      claims.findLast((c) => c.measure === 'count' && c.end <= quantity.start && !parts.has(c)) ??
      (antecedent ? { ...antecedent, start: 0, end: 0 } : undefined);
    const claim = classify(sentence, quantity, quantities[i + 1], claims[claims.length - 1], whole);
    if (!claim) continue;
    if (claim.partOf) parts.add(claim);
    const low = claims[claims.length - 1];
    // The second figure of a range is at most that much.
    if (low && low.end <= quantity.start && /^\s?(?:[-–]|to)\s?$/.test(text.slice(low.end, quantity.start))) {
      if (claim.qualifier === 'exact' && low.qualifier === 'at_least') claim.qualifier = 'up_to';
    }
    claims.push(claim);
    taken.push(claim);
  }

  // A start year is a claim unless the period it opens is the scope of another claim in the sentence.
  if (claims.length === 0) {
    const seen = new Set<number>();
    for (const year of years) {
      if (seen.has(year.value)) continue;
      seen.add(year.value);
      const { blocked: _, ...claim } = year;
      claims.push(claim);
    }
  }
  return claims.sort((a, b) => a.start - b.start);
}

/**
 * The first figure of a range ("600-700 million euros", "$1-2 billion", "10 to 15 projects") is read
 * with the scale and the words after the second: both ends are claims, at least the first, up to the second.
 */
function rangeStart(sentence: Sentence, q: Quantity, next: Quantity | undefined): ClaimFound | null {
  const { text } = sentence;
  if (!next || q.scale || !/^\s?(?:[-–]|to)\s?$/.test(text.slice(q.end, next.start))) return null;
  const value = next.scale ? numberValue(q.number, next.scale) : q.value;
  if (value == null || value >= next.value) return null;
  const low: Quantity = { ...q, scale: next.scale, shortScale: next.shortScale, value, yearLike: false };
  const claim = classify(sentence, low, undefined, undefined, undefined, next.end);
  if (!claim) return null;
  // "rose from 10 to 15 projects" states two figures, not a range.
  const explicit = /\b(?:from|between)\s+$/i.test(text.slice(Math.max(0, claim.start - 10), claim.start));
  // The claim's span stops at the first figure, so that the second is read as a claim of its own.
  return {
    ...claim,
    end: q.end,
    text: text.slice(claim.start, claim.end),
    qualifier: claim.qualifier === 'exact' && !explicit ? 'at_least' : claim.qualifier,
  };
}

function classify(
  sentence: Sentence,
  q: Quantity,
  next: Quantity | undefined,
  previous: ClaimFound | undefined,
  whole: CountAntecedent | undefined,
  /** Where the words after the figure start: after the second figure of a range. */
  afterFrom = q.end,
): ClaimFound | null {
  const { text } = sentence;
  // The words that bear on a figure are close to it; a bounded look-behind keeps long texts linear.
  const before = text.slice(Math.max(0, q.start - 120), q.start);
  const after = text.slice(afterFrom);
  if (next && /^\s?(?:[-–]|to)\s?$/.test(text.slice(q.end, next.start)) && !q.scale) return rangeStart(sentence, q, next);

  // The second figure of a range takes the currency written before the first: "$1-2 billion".
  const adjacent = currencyBefore(before);
  const rangeLead = /\d(?:[\d.,]*\d)?\s?(?:[-–]|to)\s?$/.exec(before);
  const prefix = adjacent ?? (rangeLead ? currencyBefore(before.slice(0, before.length - rangeLead[0].length)) : null);
  const suffix = prefix ? null : currencyAfter(after);
  if (prefix || suffix) {
    if (q.inWords && !q.scale && !suffix) return null;
    const start = q.start - (adjacent?.length ?? 0);
    const end = afterFrom + (suffix?.length ?? 0);
    if (isMacro(sentence, { start, end })) return null;
    const currency = prefix ?? suffix;
    const claim = claimAt(text, start, end, 'amount', q.value, currency?.code ?? 'USD', amountSubject(text, { start, end }));
    claim.text = claim.text.trim();
    if (currency?.ambiguous) claim.ambiguousCurrency = currency.ambiguous;
    // "1.2 trillion tenge (US$2.4 billion)": a conversion in brackets is bounded like the amount it converts.
    if (
      previous?.measure === 'amount' &&
      claim.qualifier === 'exact' &&
      /^\s*\(\s*(?:or\s+)?$/.test(text.slice(previous.end, claim.start))
    ) {
      claim.qualifier = previous.qualifier;
    }
    return claim;
  }
  // "300m" without a currency is three hundred metres, not a scale.
  if (q.shortScale) return null;

  const percent = PERCENT_AFTER.exec(after);
  if (percent) {
    const end = afterFrom + percent[0].length;
    if (isMacro(sentence, { start: q.start, end })) return null;
    const of = /^\s*of\s+(?:the\s+|its\s+|their\s+)?([\p{L}-]+)/u.exec(text.slice(end));
    return claimAt(text, q.start, end, 'share', q.value, 'percent', of?.[1]?.toLowerCase() ?? 'share');
  }

  const duration = DURATION_AFTER.exec(after);
  if (duration && !NOT_DURATION.test(after.slice(duration[0].length)) && !q.yearLike) {
    const unitWord = (duration[1] as string).toLowerCase();
    const decades = unitWord.startsWith('decade');
    const unit = unitWord.startsWith('month') ? 'months' : 'years';
    const end = afterFrom + duration[0].length;
    // "Over the past 30 years" is during the period, so exact; the phrase is the claim.
    const during = /\b(?:over|in|during|for|within)\s+the\s+(?:past|last|next|coming|previous)\s*$/i.exec(before);
    if (during) {
      const start = q.start - during[0].length;
      return {
        start,
        end,
        text: text.slice(start, end),
        measure: 'duration',
        value: decades ? q.value * 10 : q.value,
        unit,
        qualifier: 'exact',
        subject: 'period',
      };
    }
    return claimAt(text, q.start, end, 'duration', decades ? q.value * 10 : q.value, unit, 'period');
  }

  if (q.yearLike || q.scale === 'k' || !Number.isInteger(q.value)) return null;
  const counted = COUNT_AFTER.exec(after);
  if (counted && !/^\s*of\b/i.test(after)) {
    const end = afterFrom + counted[0].length;
    const noun = (counted[3] as string).toLowerCase();
    // People who attend an event are an audience, not beneficiaries; tonnes of CO2 are an outcome, not financing.
    if ((/^(?:people|persons?)$/.test(noun) || isStructureNoun(noun)) && ATTENDANCE.test(text)) return null;
    if (refersToParties(before, q.value, noun)) return null;
    if (isMacro(sentence, { start: q.start, end })) return null;
    const subject = `${(counted[1] as string).trim()} ${counted[2]}`.trim().toLowerCase();
    return claimAt(text, q.start, end, 'count', q.value, /^kilomet/.test(noun) ? 'km' : noun, subject);
  }
  // "48 projects, six of them active", "of these, 18 were completed", "19 are still under way": a
  // part of the count said before, in this sentence or the one before; a part is no more than its whole.
  const part = whole && q.value <= whole.value ? partOfCount(before, after, q.value) : null;
  if (part && whole) {
    const claim = claimAt(text, q.start, afterFrom + part.length, 'count', q.value, whole.unit, whole.subject);
    return { ...claim, subject: part.status ? `${whole.subject} (${part.status})` : whole.subject, partOf: true };
  }
  return null;
}

/** A claim whose text starts with its qualifying words: "more than 13,000 new jobs". */
function claimAt(
  text: string,
  start: number,
  end: number,
  measure: ClaimMeasure,
  value: number,
  unit: string,
  subject: string,
): ClaimFound {
  const { qualifier, length } = qualifierOf(text.slice(0, start), text.slice(end));
  const from = start - length;
  return { start: from, end, text: text.slice(from, end), measure, value, unit, qualifier, subject };
}
