// What a search text (--q, ?q=) asks for: whole words, each of which a project's title or objective
// must contain (in some form: both stores stem English words, so "road" finds "roads"). The user's
// text is never read as a search language: quotes, minus signs, asterisks and the words AND, OR
// and NOT are plain text, and only its words are looked up.

/** Letters and digits in a row make a word; anything else separates words, as the stores' tokenizers do. */
const WORD = /[\p{L}\p{N}]+/gu;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

/** The words of a search text, or an error naming the first control character (a tab, a NUL) it holds. */
export function searchWords(text: string): string[] {
  const control = CONTROL.exec(text);
  if (control) {
    const code = control[0].codePointAt(0) ?? 0;
    throw new SearchTextError(
      `the search text holds a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')}) at position ${control.index + 1}; give words only`,
    );
  }
  return text.match(WORD) ?? [];
}

export class SearchTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SearchTextError';
  }
}
