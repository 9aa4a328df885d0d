// Numbers as press releases write them: "13,000", "1.046", "forty-eight", "a dozen", "sixth",
// "two-thirds", with a scale word ("$8bn", "1.2 trillion"). Values come from the decimal digits,
// not from float multiplication, so "1.046 billion" is exactly 1046000000.

const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};

const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };

/** Scale words and their powers of ten; the one-letter forms only count right after a currency. */
export const SCALES: Record<string, number> = {
  thousand: 3,
  k: 3,
  million: 6,
  millions: 6,
  mln: 6,
  mn: 6,
  m: 6,
  billion: 9,
  billions: 9,
  milliard: 9,
  milliards: 9,
  mlrd: 9,
  bil: 9,
  bln: 9,
  bn: 9,
  b: 9,
  trillion: 12,
  trln: 12,
  trn: 12,
  tn: 12,
  lakh: 5,
  crore: 7,
};

/** Scale words that may follow any number; `m`, `b` and `k` alone are too ambiguous ("300 m" of road). */
export const SCALE_WORD_PATTERN = '(?:thousand|millions?|mln|mn|billions?|milliards?|mlrd|bln|bil|bn|trillion|trln|trn|tn|lakh|crore)';
/** Scale suffixes allowed when glued to a currency figure: "$8bn", "€500m", "$40k". */
export const SHORT_SCALE_PATTERN = '(?:bn|mn|mln|bln|tn|m|b|k)';

const NUMBER_WORDS = [...Object.keys(UNITS), ...Object.keys(TENS), 'hundred', 'thousand', 'dozen'];
const NUMBER_WORD = `(?:${NUMBER_WORDS.sort((a, b) => b.length - a.length).join('|')})`;

/** "forty-eight", "one hundred and twenty", "a dozen", "a hundred" (the "a" only before a multiplier). */
export const WORD_NUMBER_PATTERN = String.raw`(?:(?:a[\s-]+(?=(?:hundred|thousand|dozen)\b))?${NUMBER_WORD}(?:(?:[\s-]+and)?[\s-]+${NUMBER_WORD})*)`;

/** Digits with thousands separators and decimals; "1,2" before a scale word is a decimal comma. */
export const DIGIT_NUMBER_PATTERN = String.raw`(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+,\d{1,2}(?=\s?${SCALE_WORD_PATTERN}\b)|\d+(?:\.\d+)?)`;

/** The value of a number written in words, or null when the words are not a number. */
export function parseNumberWords(text: string): number | null {
  const words = text
    .toLowerCase()
    .split(/[\s-]+/)
    .filter((w) => w !== '' && w !== 'and');
  if (words.length === 0) return null;
  let total = 0;
  let current = 0;
  let seen = false;
  for (const word of words) {
    if (word === 'a') {
      current = 1;
    } else if (word in UNITS) {
      current += UNITS[word] as number;
      seen = true;
    } else if (word in TENS) {
      current += TENS[word] as number;
      seen = true;
    } else if (word === 'hundred') {
      current = (current || 1) * 100;
      seen = true;
    } else if (word === 'thousand') {
      total += (current || 1) * 1000;
      current = 0;
      seen = true;
    } else if (word === 'dozen') {
      current = (current || 1) * 12;
      seen = true;
    } else {
      return null;
    }
  }
  return seen ? total + current : null;
}

/**
 * `digits` (e.g. "1,046.5" or "1,2" with a decimal comma) times 10^exponent, computed on the decimal
 * digits so that the result is exact whenever it is an integer.
 */
export function scaleDigits(digits: string, exponent: number): number {
  let text = digits.replace(/\s/g, '');
  // A comma followed by one or two digits only is a decimal comma ("1,2 billion"); otherwise thousands.
  text = /^\d+,\d{1,2}$/.test(text) ? text.replace(',', '.') : text.replace(/,/g, '');
  const [whole = '0', fraction = ''] = text.split('.');
  const shift = exponent - fraction.length;
  const mantissa = BigInt(`${whole}${fraction}` || '0');
  if (shift >= 0) return Number(mantissa * 10n ** BigInt(shift));
  return Number(mantissa) / 10 ** -shift;
}

/** A number in digits or words with an optional scale word, e.g. ("1.2", "billion") → 1200000000. */
export function numberValue(number: string, scale?: string | null): number | null {
  const exponent = scale ? SCALES[scale.toLowerCase()] : 0;
  if (exponent === undefined) return null;
  if (/^\d/.test(number)) return scaleDigits(number, exponent);
  const words = parseNumberWords(number);
  return words == null ? null : words * 10 ** exponent;
}

const ORDINALS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
};

export const ORDINAL_PATTERN = String.raw`(?:${Object.keys(ORDINALS).join('|')}|\d+(?:st|nd|rd|th))`;

/** "sixth" → 6, "3rd" → 3; null for anything else. */
export function parseOrdinal(text: string): number | null {
  const lower = text.toLowerCase();
  if (lower in ORDINALS) return ORDINALS[lower] as number;
  const digits = /^(\d+)(?:st|nd|rd|th)$/.exec(lower);
  return digits ? Number(digits[1]) : null;
}

const DENOMINATORS: Record<string, number> = {
  half: 2,
  halves: 2,
  third: 3,
  thirds: 3,
  quarter: 4,
  quarters: 4,
  fourth: 4,
  fourths: 4,
  fifth: 5,
  fifths: 5,
  tenth: 10,
  tenths: 10,
};

/** Fractions in words, as a share of 100: "two-thirds" → 66.67, "half" → 50, "a quarter" → 25. */
export const FRACTION_PATTERN = String.raw`(?:(?:one|two|three|four|a|an)[\s-]+)?(?:half|halves|thirds?|quarters?|fourths?|fifths?|tenths?)`;

export function parseFraction(text: string): number | null {
  const words = text.toLowerCase().split(/[\s-]+/);
  const denominatorWord = words[words.length - 1] ?? '';
  const denominator = DENOMINATORS[denominatorWord];
  if (!denominator) return null;
  const numeratorWord = words.length > 1 ? (words[0] as string) : 'one';
  const numerator = numeratorWord === 'a' || numeratorWord === 'an' ? 1 : UNITS[numeratorWord];
  if (!numerator || numerator >= denominator) return null;
  return Math.round((numerator / denominator) * 10000) / 100;
}
