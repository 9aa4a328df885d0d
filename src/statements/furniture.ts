// Page furniture: what a web page puts around an article (comment counters, share buttons, "follow
// us" lines, bylines, photo credits, banner dates) and the dateline that opens a news item
// ("BISHKEK, Kyrgyzstan, March 20."). None of it is content: a comment count is not a claim and the
// city a reporter files from is not a country the statement is about.

const MONTHS =
  'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec';
const WEEKDAYS = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun';

/** A calendar date as datelines and banners write it: "March 20", "1st Oct, 2019", "2024-11-24". */
export const DATE_PATTERN = String.raw`(?:(?:${MONTHS})\.?\s*\d{1,2}(?:st|nd|rd|th)?(?:,?\s*\d{4})?|\d{1,2}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{1,2}(?:st|nd|rd|th)?)?\s+(?:of\s+)?(?:${MONTHS})\.?(?:,?\s*\d{4})?|\d{4}-\d{2}-\d{2})`;

const FURNITURE_LINES: RegExp[] = [
  /^(?:comments?|reply|leave a (?:comment|reply)|add (?:a )?comment|комментари\w*|коммент\w*)\b[^.!?]{0,20}$/iu,
  /\btell a friend\b/i,
  /\bfollow\b.{0,80}\b(?:instagram|twitter|facebook|telegram|youtube|tiktok|linkedin|whatsapp|vk|x\.com)\b/i,
  /^follow\b.{0,60}\bon\s+X\b/i,
  /^(?:share|print|e-?mail|tweet|like|save|copy link|send)\b[^.!?\d]{0,40}$/i,
  /^(?:photos?|images?|pictures?|video|illustration|credits?)\s*(?:credit|courtesy|source)?\s*[:|©]/i,
  /^[^.!?]{0,80}\b(?:photo|image)\s*(?:credit|courtesy|source|by)\s*:?/i,
  // A caption that ends with its credit: "The president meets the delegation. Photo: press service".
  /^.{0,160}\b(?:photo|image|picture)\s*(?:credit|courtesy|source)?\s*[:©]\s*[^.]{0,60}\.?\)?$/i,
  /\b\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago\b/i,
  /^(?:read (?:more|also)|related(?: news| articles| stories| posts)?|see also|more news|latest news|most read|popular|tags?|keywords?|subscribe|sign up|newsletter|advertisement|sponsored|cookies?)\b.{0,80}$/i,
  /\ball rights reserved\b|©|\bcopyright\b/i,
  /^(?:by|author|reporting by|written by|edited by)\s*:?\s+\p{Lu}[\p{L}'’.-]+(?:\s+\p{Lu}[\p{L}'’.-]+){0,3}$/iu,
  /^[\p{L}\d.-]+\.(?:com|kz|uz|az|kg|tj|tm|mn|ru|org|net|info|news|gov|int|io)(?:\/\S*)?$/iu,
];

/** Language switchers and language codes alone on a line: "EN", "RU | KZ | EN". */
const LANGUAGE_SWITCH =
  /^(?:EN|ENG|RU|RUS|KZ|KAZ|UZ|KG|TJ|РУС|ҚАЗ|ENGLISH|РУССКИЙ)(?:\s*[|/]\s*(?:EN|ENG|RU|RUS|KZ|KAZ|UZ|KG|TJ|РУС|ҚАЗ|ENGLISH|РУССКИЙ))*$/u;

const DATE_OR_TIME = new RegExp(
  String.raw`${DATE_PATTERN}|\b\d{1,2}:\d{2}(?:\s*[AP]M)?\b|\b(?:${WEEKDAYS})\b|\b(?:${MONTHS})\b|\b\d{4}\b`,
  'giu',
);
const SITE_SEPARATOR = /\s[|•]\s/;
const DOMAIN = /\b[\p{L}\d-]+\.(?:com|kz|uz|az|kg|tj|tm|mn|ru|org|net|info|news|gov|int|io)\b/iu;
const FUNCTION_WORDS = /\b(?:and|or|of|for|the|a|an|to|in|on|with|by|as|at|from|is|are|was|were|will|has|have)\b/i;

/**
 * True for a line that belongs to the page, not to the article. `isKnownName` tells which
 * capitalised words are countries or organisations (so "Uzbekistan Expands" is no byline).
 */
export function isPageFurniture(line: string, isKnownName: (word: string) => boolean = () => false): boolean {
  const text = line.trim();
  if (text === '') return true;
  if (!/\p{Script=Latin}|\d/u.test(text)) return true;
  if (LANGUAGE_SWITCH.test(text)) return true;
  if (FURNITURE_LINES.some((pattern) => pattern.test(text))) return true;
  // A banner date or time alone: "19:15, 10 February 2026", "Tue 01st October 2019 | 04:18 PM".
  if (text.replace(DATE_OR_TIME, '').replace(/[\s,.|:/-]+/g, '') === '') return true;
  // "Images | primeminister.kz": a site name beside a separator.
  if (SITE_SEPARATOR.test(text) && DOMAIN.test(text) && text.length < 100) return true;
  return isLoneByline(text, isKnownName);
}

/**
 * A byline: two or three capitalised words alone on a line ("Arailym Temirgaliyeva"). A headline
 * that short has a function word, a digit or a known name.
 */
function isLoneByline(text: string, isKnownName: (word: string) => boolean): boolean {
  const words = text.split(/\s+/);
  if (words.length < 2 || words.length > 3) return false;
  if (FUNCTION_WORDS.test(text) || /[\d.!?:;,"“”]/.test(text)) return false;
  return words.every((w) => /^\p{Lu}[\p{Ll}'’-]+$/u.test(w) && !isKnownName(w));
}

const CAPS_WORD = String.raw`\p{Lu}[\p{Lu}'’.-]*\p{Lu}\.?`;
const DATELINE = new RegExp(
  String.raw`^\s*` +
    // The place (or agency) in capitals: "ALMATY", "ULAN BATOR", "OREANDA-NEWS"; or "Tashkent, Uzbekistan".
    String.raw`(?<place>${CAPS_WORD}(?:\s+${CAPS_WORD}){0,3}|\p{Lu}\p{Ll}+(?:[\s-]\p{Lu}\p{Ll}+)?(?=\s*,\s*\p{Lu}[\p{L}]+\s*,?\s*(?:\(|${DATE_PATTERN})))` +
    String.raw`(?:\s*,\s*(?!(?:${MONTHS})\b)\p{Lu}[\p{L}]+(?:\s\p{Lu}[\p{L}]+)?)?` +
    String.raw`(?:\s*,?\s*${DATE_PATTERN})?` +
    String.raw`(?:\s*,?\s*\([^()]{0,100}\))?` +
    String.raw`\s*[.,:–—-]+\s*` +
    String.raw`(?:${CAPS_WORD}(?:\s*[.:–—-]\s*|\s+(?=\p{Lu})))?` +
    String.raw`(?:${DATE_PATTERN}\s*[.:–—-]\s*)?`,
  'u',
);

/**
 * The text of a paragraph without its dateline. `isKnownName` keeps an opening acronym that is a
 * real subject ("ADB, the lender, said ..."), not a place: give it organisation names, not places.
 */
export function stripDateline(paragraph: string, isKnownName: (word: string) => boolean): string {
  const match = DATELINE.exec(paragraph);
  if (!match?.groups) return paragraph;
  const place = match.groups.place as string;
  const firstWord = place.split(/\s+/)[0] as string;
  if (isKnownName(firstWord.replace(/[.'’]+$/, ''))) return paragraph;
  const rest = paragraph.slice(match[0].length);
  // What follows a dateline is a sentence: it starts with a capital, a digit or a quote.
  if (!/^["“‘'(\p{Lu}\d]/u.test(rest)) return paragraph;
  return rest;
}
