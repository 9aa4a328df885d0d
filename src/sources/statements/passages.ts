// The text of a statement as sentences: page furniture dropped, datelines stripped from the
// opening paragraphs, hard-wrapped lines joined, and headlines told apart from sentences.
import { isPlaceWord } from './countries.js';
import { isPageFurniture, stripDateline } from './furniture.js';
import { isGazetteerWord } from './gazetteer.js';
import { splitSentences } from './sentences.js';

export interface Passage {
  text: string;
  /** A headline or a title-case line: figures count, but its capitals are no names of people. */
  headline: boolean;
}

/** Countries and known organisations: words that are no byline and no dateline place. */
export const isKnownName = (word: string) => isGazetteerWord(word) || isPlaceWord(word);

/** Lines of content, datelines removed, as paragraphs of sentences. */
export function contentSentences(text: string): Passage[] {
  const sentences: Passage[] = [];
  let paragraphs = 0;
  for (const line of unwrapLines(text)) {
    if (isPageFurniture(line, isKnownName)) continue;
    const paragraph = paragraphs < 3 ? stripDateline(line.trim(), isGazetteerWord) : line.trim();
    paragraphs++;
    const parts = splitSentences(paragraph);
    // A line that ends without a full stop is a headline when it opens the text or is in title case.
    const headline = parts.length === 1 && !/[.!?"”]$/.test(paragraph) && (sentences.length === 0 || isTitleLike(paragraph));
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
