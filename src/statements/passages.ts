// The text of a statement as sentences: page furniture dropped, datelines stripped from the
// opening paragraphs, hard-wrapped lines joined, and headlines told apart from sentences.
import { isPlaceWord } from './countries.js';
import { fullDateIn } from './dates.js';
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
/**
 * The longest sentence read as one. News sentences run to a few hundred characters; a longer run
 * of text with no full stop (a table flattened, a list, a page that is one block) is read in
 * pieces of at most this length, cut at a space, so that reading stays linear in the text's size
 * (a 1 MB sentence took minutes).
 */
export const MAX_SENTENCE_CHARS = 2000;

function boundedSentence(sentence: string): string[] {
  if (sentence.length <= MAX_SENTENCE_CHARS) return [sentence];
  const pieces: string[] = [];
  let rest = sentence;
  while (rest.length > MAX_SENTENCE_CHARS) {
    const space = rest.lastIndexOf(' ', MAX_SENTENCE_CHARS);
    const cut = space > MAX_SENTENCE_CHARS / 2 ? space : MAX_SENTENCE_CHARS;
    pieces.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== '') pieces.push(rest);
  return pieces;
}

export function contentSentences(text: string): Passage[] {
  const sentences: Passage[] = [];
  let paragraphs = 0;
  for (const line of unwrapLines(text)) {
    if (isPageFurniture(line, isKnownName)) continue;
    const paragraph = paragraphs < 3 ? stripDateline(line.trim(), isGazetteerWord) : line.trim();
    paragraphs++;
    const parts = splitSentences(paragraph).flatMap(boundedSentence);
    // A line that ends without a full stop is a headline when it opens the text or is in title case.
    const headline = parts.length === 1 && !/[.!?"”]$/.test(paragraph) && (sentences.length === 0 || isTitleLike(paragraph));
    for (const part of parts) sentences.push({ text: part, headline });
  }
  return sentences;
}

/**
 * Lines of a hard-wrapped text joined back into paragraphs: a line that does not end a sentence
 * continues on the next when that one starts in lower case (a line that starts with a digit may be
 * a banner date under a headline).
 */
function unwrapLines(text: string): string[] {
  // Each paragraph's lines are joined once it is complete: testing the end of a paragraph grown
  // line by line made a text of many short lines take time in the square of its length.
  const paragraphs: string[][] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const current = paragraphs[paragraphs.length - 1];
    const previous = current?.[current.length - 1];
    if (current && previous && line !== '' && !/[.!?:;"”’')\]]$/.test(previous) && /^\p{Ll}/u.test(line)) current.push(line);
    else paragraphs.push([line]);
  }
  return paragraphs.map((lines) => lines.join(' '));
}

/** Most words capitalised, as in a headline ("Asian Development Bank (ADB) To Approve 390 Mln USD For Mongolia"). */
function isTitleLike(line: string): boolean {
  const words = line.split(/\s+/).filter((w) => /^\p{L}/u.test(w) && w.length > 3);
  if (words.length === 0) return true;
  return words.filter((w) => /^\p{Lu}/u.test(w)).length / words.length >= 0.6;
}

/**
 * The publication day a page shows around its article when no `date:` line gives it: a banner
 * date ("19:15, 10 February 2026") or the date of the dateline ("EXAMPLE-NEWS. February 24, 2010.").
 * Only dates with day, month and year count; the first of the opening lines wins.
 */
export function pageDate(text: string): string | null {
  let paragraphs = 0;
  for (const line of unwrapLines(text).slice(0, 12)) {
    if (line === '') continue;
    if (isPageFurniture(line, isKnownName)) {
      const day = fullDateIn(line);
      if (day) return day;
      continue;
    }
    if (paragraphs++ >= 3) break;
    const rest = stripDateline(line, isGazetteerWord);
    if (rest !== line) {
      const day = fullDateIn(line.slice(0, line.length - rest.length));
      if (day) return day;
    }
  }
  return null;
}
