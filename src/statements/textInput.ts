// What the statement commands accept: text (plain or HTML), of bounded nesting. A binary file read
// as text gave hundreds of garbage claims, and a page of 100,000 nested elements ran minutes and
// then overflowed the stack; both are refused with the reason.

/**
 * Share of the characters that may be U+FFFD (bytes that are not UTF-8, replaced in decoding). A
 * text with a stray Latin-1 byte or two is still read; a binary file has far more.
 */
export const MAX_INVALID_UTF8_SHARE = 0.01;

/**
 * The deepest nesting of HTML elements read. Real pages nest some 10 to 40 deep; the count is
 * rough (an element never closed counts as still open), so the bound leaves a wide margin.
 */
export const MAX_HTML_DEPTH = 500;

export class NotReadableText extends Error {
  constructor(source: string, reason: string) {
    super(`${source}: ${reason}`);
    this.name = 'NotReadableText';
  }
}

/** Refuses content that is not text: a NUL byte, or too many bytes that are not UTF-8. */
export function refuseNonText(text: string, source: string): void {
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    throw new NotReadableText(source, `not text: a NUL byte at character ${nul + 1} (a binary file?); give a .txt or .html file`);
  }
  let invalid = 0;
  for (let at = text.indexOf('\uFFFD'); at >= 0; at = text.indexOf('\uFFFD', at + 1)) invalid++;
  if (invalid > 0 && invalid / text.length > MAX_INVALID_UTF8_SHARE) {
    throw new NotReadableText(
      source,
      `not UTF-8 text: ${invalid} of ${text.length} characters are not valid UTF-8 (a binary file, or another encoding?); give a UTF-8 .txt or .html file`,
    );
  }
}

/** Elements that never have content, so never open a level. */
const VOID_ELEMENTS = new Set(
  'area base br col embed hr img input link meta param source track wbr basefont bgsound frame keygen'.split(' '),
);

/** Tags, comments and the raw text of script and style, in order. */
const MARKUP = /<!--[\s\S]*?(?:-->|$)|<(script|style)\b[^<>]*>[\s\S]*?(?:<\/\1\s*>|$)|<(\/?)([a-zA-Z][\w:-]*)[^<>]*?(\/?)>/g;

/** Refuses HTML nested deeper than MAX_HTML_DEPTH, by one pass over its tags. */
export function refuseDeepHtml(html: string, source: string): void {
  const open: string[] = [];
  for (const match of html.matchAll(MARKUP)) {
    const [, raw, closing, name, selfClosing] = match;
    if (raw || !name) continue;
    const tag = name.toLowerCase();
    if (closing) {
      const at = open.lastIndexOf(tag);
      // Only the innermost few are searched: a stray closing tag must not cost a walk of the stack.
      if (at >= 0 && at >= open.length - 16) open.length = at;
    } else if (!selfClosing && !VOID_ELEMENTS.has(tag)) {
      open.push(tag);
      if (open.length > MAX_HTML_DEPTH) {
        const line = html.slice(0, match.index).split('\n').length;
        throw new NotReadableText(
          source,
          `the page nests elements more than ${MAX_HTML_DEPTH} deep (line ${line}); devfin refuses such pages`,
        );
      }
    }
  }
}
