// The words and phrase rules that claims are read by: what ends a phrase, what counts, what a
// percentage, a duration or a macroeconomic figure looks like, the phrases that are claims of their
// own ("the number of joint projects has reached 25", "doubled", "a quarter of a century") and the
// start years ("since 2003"). claims.ts applies them to a sentence; they hold no state.
import type { ClaimQualifier } from '../model/statement.js';
import type { ClaimFound } from './claims.js';
import { COUNTED } from './countGrammar.js';
import { FRACTION_PATTERN, ORDINAL_PATTERN, parseFraction, parseNumberWords, parseOrdinal, WORD_NUMBER_PATTERN } from './numbers.js';

const MONTH = 'January|February|March|April|May|June|July|August|September|October|November|December';
const YEAR = String.raw`(?:1[89]\d\d|20\d\d)`;

/** Words that end the phrase between a number and its noun ("six projects in", not "six ... in ... loans"). */
const PHRASE_BREAK =
  'of|in|on|for|to|the|a|an|with|by|from|at|as|per|than|which|that|who|were|was|have|has|had|will|would|are|is|be|been|within|across|over|under|into|while|during|since|worth|totaling|totalling|amounting';
// The nearest counted noun within three words, then any counted nouns right after it: "six loan projects".
export const COUNT_AFTER = new RegExp(
  String.raw`^((?:[\s-]+(?!(?:${PHRASE_BREAK})\b)[\p{L}][\p{L}'’-]*){0,3}?)[\s-]+((?:(?:${COUNTED})[\s-]+)*(${COUNTED}))(?![\p{L}])`,
  'iu',
);
export const ATTENDANCE = /\b(?:attend\w*|participa\w*|gathered|delegates|visitors|guests|audience)\b/i;
export const PERCENT_AFTER = /^[\s-]?(?:%|per\s?cent\b|percent(?:age)?(?:\s+points?)?\b|pct\b|p\.p\.)/i;
export const DURATION_AFTER = /^(?:\s+|-)(?:(?:calendar|fiscal|full)\s+)?(years?|yrs?|months?|decades?)(?![\p{L}])/iu;
export const NOT_DURATION = /^[\s-]*(?:old|ago|of age|older|younger)\b/i;

/** Macroeconomic and outcome figures: not claims about financing (annotation conventions). */
export const MACRO =
  /\b(?:GDP|gross domestic product|inflation|unemployment|economic growth|growth rate|economy (?:grew|expanded|grow)|poverty (?:rate|level)|emissions?|CO2|carbon dioxide|greenhouse gas|literacy|mortality|trade turnover|foreign trade|exports?|imports?|remittances?|population|exchange rate|refinancing rate|base rate|budget deficit|public debt|debt-to-GDP|forecasts?)\b/i;

export const FINANCE_NOUN =
  /\b(?:loans?|grants?|credits?|financing|finance|funding|investments?|funds|assistance|aid|portfolio|cost|budget|benefits|allocations?|commitments?|disbursements?|capital|support|guarantees?|bonds?|equity|contributions?|volume|value|projects?|programmes?|programs?|agreements?)\b/gi;

/** Words that make a clause about financing, whatever the rest of the sentence is about. */
export const FINANCE_CONTEXT =
  /\b(?:loans?|lent|lend\w*|grants?|credits?|financ\w*|fund\w*|invest\w*|portfolio|projects?|assistance|aid|bank|disburse\w*|commit\w*|allocat\w*)\b/i;

function wordOrDigits(written: string): number | null {
  return /^\d/.test(written) ? Number(written.replace(/,/g, '')) : parseNumberWords(written);
}

const NUM = String.raw`(?:\d+(?:\.\d+)?|${WORD_NUMBER_PATTERN})`;
/** Whole numbers with thousands separators, or in words. */
const NUM_WORDS = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+|${WORD_NUMBER_PATTERN})`;

interface PhraseRule {
  pattern: RegExp;
  /** The group that holds the qualifying words, when they sit inside the phrase. */
  qualifierFrom?: number;
  claim(match: RegExpMatchArray, text: string): Omit<ClaimFound, 'start' | 'end' | 'text' | 'qualifier'> | null;
  /** The qualifier is read before the match unless the rule fixes it. */
  qualifier?: ClaimQualifier;
}

/** Claims that are phrases rather than numbers with a noun; they take their words from the number scan. */
export const PHRASES: PhraseRule[] = [
  {
    // "The number of joint projects has reached 25": the count comes after its noun.
    pattern: new RegExp(
      String.raw`(?<![\p{L}])number\s+of\s+((?:[\p{L}-]+\s+){0,3}(?:${COUNTED}))\s+(?:[\p{L}\s]{0,40}?\s)?(?:has\s+|had\s+|have\s+)?(?:reached|is|was|are|were|stands\s+at|stood\s+at|totals?|totall?ed|amounts\s+to|amounted\s+to|exceeds?|exceeded|increased\s+to|rose\s+to|grew\s+to)\s+((?:about|around|over|more\s+than|nearly|almost|some|at\s+least)\s+)?(${NUM_WORDS})(?![\p{L}\d]|[.,]\d)`,
      'giu',
    ),
    claim: (match) => {
      const value = wordOrDigits((match[3] as string).replace(/,/g, ''));
      const noun = (match[1] as string).trim().toLowerCase();
      return value ? { measure: 'count', value, unit: noun.split(/\s+/).pop() as string, subject: noun } : null;
    },
    qualifierFrom: 2,
  },
  {
    // "a decade and a half", "a year and a half", "two and a half years": the half is part of the period.
    pattern: new RegExp(
      String.raw`(?<![\p{L}])(?:(a|an|one)\s+(year|decade)\s+and\s+a\s+half|(${NUM})\s+and\s+a\s+half\s+(years|decades|months))(?![\p{L}])`,
      'giu',
    ),
    claim: (match) => {
      const count = match[1] ? 1 : wordOrDigits(match[3] as string);
      const unitWord = ((match[2] ?? match[4]) as string).toLowerCase();
      if (count == null) return null;
      const value = (count + 0.5) * (unitWord.startsWith('decade') ? 10 : 1);
      return { measure: 'duration', value, unit: unitWord.startsWith('month') ? 'months' : 'years', subject: 'period' };
    },
  },
  {
    // "Over the past decade" is during the period, so exact (as "over the past 30 years").
    pattern: /(?<![\p{L}])(?:over|in|during|within|for)\s+the\s+(?:past|last|previous|next|coming)\s+decade(?![\p{L}])/giu,
    qualifier: 'exact',
    claim: () => ({ measure: 'duration', value: 10, unit: 'years', subject: 'period' }),
  },
  {
    pattern: /(?<![\p{L}])(?:(?:a|one)\s+decade|(?:the\s+)?(?:past|last|previous|next|coming)\s+decade|decade-long)(?![\p{L}])/giu,
    claim: () => ({ measure: 'duration', value: 10, unit: 'years', subject: 'period' }),
  },
  {
    pattern: /(?<![\p{L}])(?:a\s+)?quarter(?:\s+of\s+a)?\s+century(?![\p{L}])/giu,
    claim: () => ({ measure: 'duration', value: 25, unit: 'years', subject: 'period' }),
  },
  {
    pattern: /(?<![\p{L}])half\s+a\s+century(?![\p{L}])/giu,
    claim: () => ({ measure: 'duration', value: 50, unit: 'years', subject: 'period' }),
  },
  {
    // "two-thirds of", "half of", "a quarter of", "half the portfolio", "a third of its loans"; not
    // "the first half of 2024", "half the year" nor "on behalf of".
    pattern: new RegExp(
      String.raw`(?<![\p{L}])(?<!(?:the|first|second|third|fourth|last|final)\s+)(${FRACTION_PATTERN})(?:\s+of(?![\p{L}])|(?=\s+(?:the|its|their|this|these|all)\s))(?!\s+(?:(?:the|this|that|a)\s+)?(?:year|century|decade|month|day|week)s?\b)`,
      'giu',
    ),
    claim: (match, text) => {
      const value = parseFraction(match[1] as string);
      if (value == null) return null;
      const of = /^\s*(?:the\s+|its\s+|their\s+|this\s+|these\s+|all\s+)?([\p{L}-]+)/u.exec(
        text.slice((match.index ?? 0) + match[0].length),
      );
      return { measure: 'share', value, unit: 'percent', subject: of?.[1]?.toLowerCase() ?? 'share' };
    },
  },
  {
    // "reached one-third", "accounting for about half": a fraction as the complement of a share verb.
    pattern: new RegExp(
      String.raw`(?<=(?:account(?:s|ed|ing)?\s+for|reach(?:es|ed|ing)?|represent(?:s|ed|ing)?|ma(?:de|kes|king)\s+up|amount(?:s|ed|ing)?\s+to|is|was|are|were)\s+(?:about\s+|around\s+|nearly\s+|almost\s+|over\s+|more\s+than\s+|roughly\s+)?)(${FRACTION_PATTERN})(?![\p{L}-])(?!\s+of)`,
      'giu',
    ),
    claim: (match) => {
      const value = parseFraction(match[1] as string);
      // "a quarter" or "a fifth" alone is as often a time ("the first quarter") as a share.
      return value == null || /^(?:(?:a|an|one)\s+)?(?:quarter|fourth|tenth|fifth)s?$/i.test(match[1] as string)
        ? null
        : { measure: 'share', value, unit: 'percent', subject: 'share' };
    },
  },
  {
    pattern: new RegExp(
      String.raw`(?<![\p{L}])rank(?:s|ed|ing)?\s+(?:as\s+)?(?:the\s+)?(?:No\.?\s*|number\s+)?(${ORDINAL_PATTERN}|\d+)(?![\p{L}\d])`,
      'giu',
    ),
    qualifier: 'exact',
    claim: (match) => {
      const value = parseOrdinal(match[1] as string) ?? Number(match[1]);
      return Number.isFinite(value) && value > 0 ? { measure: 'rank', value, unit: 'place', subject: 'rank' } : null;
    },
  },
  {
    pattern: new RegExp(
      String.raw`(?<![\p{L}])(?:occup(?:y|ies|ied|ying)|tak(?:e|es|ing)|took|hold(?:s|ing)?|held|secur(?:e|es|ed)|won|came|is|was|remains?)\s+(?:in\s+)?(?:the\s+)?(${ORDINAL_PATTERN})\s+place(?![\p{L}])`,
      'giu',
    ),
    qualifier: 'exact',
    claim: (match) => ({ measure: 'rank', value: parseOrdinal(match[1] as string) ?? 0, unit: 'place', subject: 'rank' }),
  },
  {
    pattern: new RegExp(String.raw`(?<![\p{L}])(${ORDINAL_PATTERN})[\s-](?:largest|biggest|leading)(?![\p{L}])`, 'giu'),
    qualifier: 'exact',
    claim: (match) => {
      const value = parseOrdinal(match[1] as string);
      return value && value > 1 ? { measure: 'rank', value, unit: 'place', subject: 'rank' } : null;
    },
  },
  {
    // "twice as much as in 2018", "one and a half times more".
    pattern:
      /(?<![\p{L}])(twice|thrice|one\s+and\s+a\s+half\s+times)\s+(?:as\s+(?:much|many|large|high|big)|more|higher|larger|greater|bigger|the)(?![\p{L}])/giu,
    claim: (match) => {
      const word = (match[1] as string).toLowerCase();
      const value = word === 'twice' ? 2 : word === 'thrice' ? 3 : 1.5;
      return { measure: 'ratio', value, unit: 'times', subject: 'growth' };
    },
  },
  {
    // "intends to double its investments", "doubling the portfolio".
    pattern:
      /(?<=\b(?:to|will|would|could|can|may|shall)\s+)(double|triple|treble|quadruple)(?![\p{L}])|(?<![\p{L}])(doubling|tripling|quadrupling)(?![\p{L}])/giu,
    claim: (match) => {
      const word = ((match[1] ?? match[2]) as string).toLowerCase();
      const value = word.startsWith('doubl') ? 2 : word.startsWith('quadrupl') ? 4 : 3;
      return { measure: 'ratio', value, unit: 'times', subject: 'growth' };
    },
  },
  {
    pattern: /(?<![\p{L}])(doubled|tripled|trebled|quadrupled|halved)(?![\p{L}])/giu,
    claim: (match) => {
      const value = { doubled: 2, tripled: 3, trebled: 3, quadrupled: 4, halved: 0.5 }[(match[1] as string).toLowerCase()] ?? 0;
      return { measure: 'ratio', value, unit: 'times', subject: 'growth' };
    },
  },
  {
    pattern: new RegExp(
      String.raw`(?<![\p{L}\d])(${NUM})[\s-]?fold(?![\p{L}])|(?<![\p{L}])(two|three|four|five|six|seven|eight|nine|ten)fold(?![\p{L}])`,
      'giu',
    ),
    claim: (match) => {
      const value = wordOrDigits((match[1] ?? match[2]) as string);
      return value ? { measure: 'ratio', value, unit: 'times', subject: 'growth' } : null;
    },
  },
  {
    pattern: new RegExp(
      String.raw`(?<![\p{L}\d])(${NUM})\s+times\s+(?:more|higher|larger|greater|bigger|as\s+(?:much|many|large|high))(?![\p{L}])|(?<![\p{L}])(?:increased|grew|rose|expanded|multiplied|jumped|surged|went\s+up|growth|increase|by)\s+(?:by\s+|of\s+)?(?:almost\s+|nearly\s+|about\s+|more\s+than\s+|over\s+)?(${NUM})\s+times(?![\p{L}])`,
      'giu',
    ),
    claim: (match) => {
      const value = wordOrDigits((match[1] ?? match[2]) as string);
      return value ? { measure: 'ratio', value, unit: 'times', subject: 'growth' } : null;
    },
  },
];

const BEGAN = String.raw`(?:became\s+(?:a|the|an)\s+(?:full\s+)?member|joined|(?:was|were)\s+(?:established|founded|created|set\s+up|launched)|began|started|commenced)`;
// Each rule names the claim's words (`span`) and the year (`year`); the rest of a match is context.
export const YEAR_RULES: RegExp[] = [
  new RegExp(String.raw`(?<span>(?<![\p{L}])since\s+(?:(?:early|late|mid)[\s-]+)?(?:(?:${MONTH})\s+)?(?<year>${YEAR})s?)(?!\d)`, 'giud'),
  new RegExp(
    String.raw`(?<span>(?<![\p{L}])(?:from|between)\s+(?:(?:${MONTH})\s+)?(?<year>${YEAR})\s+(?:to|until|till|through|and)\s+(?:(?:${MONTH})\s+)?(?:${YEAR}))(?!\d)`,
    'giud',
  ),
  new RegExp(String.raw`(?<span>(?<![\d\p{L}-])(?<year>${YEAR})\s?[-–—/]\s?(?:${YEAR}|\d\d))(?![\d\p{L}]|[-/]\d)`, 'gud'),
  new RegExp(String.raw`(?<![\p{L}])${BEGAN}\b[^.;]{0,80}?(?<span>\bin\s+(?:(?:${MONTH})\s+)?(?<year>${YEAR}))(?!\d)`, 'giud'),
  new RegExp(String.raw`(?<span>(?<![\p{L}])in\s+(?:(?:${MONTH})\s+)?(?<year>${YEAR})),?\s+[^.;]{0,60}?\b${BEGAN}\b`, 'giud'),
];
