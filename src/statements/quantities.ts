// Every number in a sentence, in digits or words, with its scale word: "48", "13,000", "forty-eight",
// "$8bn" (8 with "bn"), "1.2 trillion", "a billion". What the number measures is decided by the
// words around it (claims.ts); this only finds and values the figures.
import { DIGIT_NUMBER_PATTERN, numberValue, SCALE_WORD_PATTERN, SHORT_SCALE_PATTERN, WORD_NUMBER_PATTERN } from './numbers.js';

export interface Quantity {
  start: number;
  end: number;
  /** The figure as written, without its scale: "1.2", "forty-eight". */
  number: string;
  scale: string | null;
  /** True when the scale is a one-letter or short suffix ("m", "bn") that only a currency makes a scale. */
  shortScale: boolean;
  value: number;
  inWords: boolean;
  /** A four-digit figure that reads as a year (1900–2100, no separators, no scale). */
  yearLike: boolean;
}

// A figure may follow a currency code glued to it ("USD1.2bn", "KZT100bn") but no other letter,
// and never a digit, a decimal point or a hyphen glued to a word ("COVID-19", "CASA-1000").
const LEFT = String.raw`(?:(?<=(?:USD|EUR|KZT|UZS|KGS|TJS|GBP|RUB|CNY|JPY|Rs\.?))|(?<![\p{L}\d.,]|\p{L}-))`;
const NUMBER = String.raw`(${DIGIT_NUMBER_PATTERN}|${WORD_NUMBER_PATTERN}|half\s+a(?=\s+(?:million|billion|trillion)\b)|a(?=\s+(?:million|billion|trillion)\b))`;
const QUANTITY = new RegExp(
  String.raw`${LEFT}${NUMBER}(?:[\s-]?(${SCALE_WORD_PATTERN})(?![\p{L}])|\s?(${SHORT_SCALE_PATTERN})(?![\p{L}\d])|(?![\p{L}\d]))`,
  'giu',
);

export function findQuantities(text: string): Quantity[] {
  const found: Quantity[] = [];
  for (const match of text.matchAll(QUANTITY)) {
    const number = match[1] as string;
    const scaleWord = match[2] ?? match[3] ?? null;
    const lower = number.toLowerCase().replace(/\s+/g, ' ');
    // "a billion", "half a billion": the article is the figure.
    const value =
      lower === 'a' ? numberValue('1', scaleWord) : lower === 'half a' ? numberValue('0.5', scaleWord) : numberValue(number, scaleWord);
    if (value == null) continue;
    const start = match.index ?? 0;
    found.push({
      start,
      end: start + match[0].length,
      number,
      scale: scaleWord,
      shortScale: match[3] != null,
      value,
      inWords: !/^\d/.test(number),
      yearLike: /^\d{4}$/.test(number) && scaleWord == null && Number(number) >= 1900 && Number(number) <= 2100,
    });
  }
  return found;
}
