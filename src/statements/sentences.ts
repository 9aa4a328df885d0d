// Sentence splitting for news English: a full stop ends a sentence unless it ends an abbreviation
// ("U.S. dollars", "Mr. Smailov", "No. 5"), an initial ("J. Síkela") or a decimal number.

const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'mt',
  'no',
  'nos',
  'inc',
  'ltd',
  'co',
  'corp',
  'gen',
  'gov',
  'sen',
  'rep',
  'rev',
  'hon',
  'col',
  'lt',
  'capt',
  'maj',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'vs',
  'approx',
  'est',
  'fig',
  'art',
  'vol',
  'dept',
  'univ',
  'min',
]);

/** Where sentence-final punctuation (with closing quotes or brackets) is followed by white space. */
const BOUNDARY = /[.!?]+["”’')\]]*\s+/g;

function endsWithAbbreviation(before: string): boolean {
  const token = /(\S+)$/.exec(before)?.[1] ?? '';
  const bare = token.replace(/^["“‘'(]+/, '').replace(/[.!?]+$/, '');
  if (bare === '') return false;
  if (ABBREVIATIONS.has(bare.toLowerCase())) return true;
  // An initial ("J.") or a dotted abbreviation ("U.S", "e.g", "a.m").
  if (/^\p{Lu}$/u.test(bare)) return true;
  return /^(?:\p{L}{1,2}\.)+\p{L}{1,2}$/u.test(bare);
}

/** The sentences of one paragraph, each an exact substring of it, trimmed. */
export function splitSentences(paragraph: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of paragraph.matchAll(BOUNDARY)) {
    const end = (match.index ?? 0) + match[0].length;
    const next = paragraph.slice(end, end + 1);
    // A new sentence starts with a capital, a digit or an opening quote or bracket.
    if (!/["“‘'(\p{Lu}\d]/u.test(next)) continue;
    const punctuationAt = match.index ?? 0;
    // Only the last word counts: slicing the whole sentence so far at each full stop was quadratic.
    const lastWords = paragraph.slice(Math.max(start, punctuationAt - 64), punctuationAt + 1);
    if (paragraph[punctuationAt] === '.' && endsWithAbbreviation(lastWords)) continue;
    const sentence = paragraph.slice(start, end).trim();
    if (sentence !== '') sentences.push(sentence);
    start = end;
  }
  const last = paragraph.slice(start).trim();
  if (last !== '') sentences.push(last);
  return sentences;
}
