// Programmes, frameworks, strategies and named projects that the gazetteer does not list: a
// capitalised name ending in a programme word ("Framework Partnership Agreement", "CAREC Climate
// and Sustainable Development Project Preparation Facility"), a named route or canal
// ("Zhezkazgan–Karagandy highway"), and the cooperation documents news describes in lower case
// ("the new three-year financial cooperation program", "partnership strategy for 2018-2021").

export interface ProgrammeMention {
  name: string;
  start: number;
  end: number;
}

const HEADS =
  'Programme|Program|Framework|Strategy|Facility|Initiative|Project|Plan|Agenda|Compact|Agreement|Corridor|Canal|Highway|Railway|Pipeline';
const CAP = String.raw`\p{Lu}[\p{L}\d'’]*(?:[-–]\p{Lu}?[\p{L}\d'’]+)*`;
const CONNECT = String.raw`(?:\s+(?:for|of|and|on|the|to|in|&)(?=\s+\p{Lu})){0,2}`;

/** A run of capitalised words (with "for", "of", "and" inside) ending in a programme word, maybe with its acronym. */
// At most eight words before the head: names are shorter, and a bound keeps a long run of capitals linear.
const CAPITALISED = new RegExp(String.raw`(?<![\p{L}])(?:${CAP}${CONNECT}\s+){1,8}(?:${HEADS})(?![\p{L}])(?:\s+\(\p{Lu}[\p{L}]+\))?`, 'gu');

/** "Beineu–Saksaulsk road project", "Zhezkazgan–Karagandy highway": a hyphenated pair of place names and a route word. */
const NAMED_ROUTE =
  /(?<![\p{L}])\p{Lu}[\p{L}]+[-–]\p{Lu}[\p{L}]+(?:\s+\p{Ll}+){0,2}?\s+(?:highway|road|railway|railroad|pipeline|corridor|canal|line|bridge|tunnel)(?:\s+project)?(?![\p{L}])/gu;

/** Cooperation documents written in lower case; a signal word keeps "the program" and "reform program" out. */
const DESCRIBED = new RegExp(
  String.raw`(?<![\p{L}])(?:(?:new|national|joint|long-term|medium-term|\d{4}|[\p{L}]+-year|three|four|five)\s+)*(?:(?:financial|economic|investment|development|country|cooperation|partnership|framework|strategic)\s+){0,3}(?:program(?:me)?|strategy|framework|agreement)(?:\s+(?:for|of)\s+(?:${'\\d{4}\\s?[-–]\\s?\\d{2,4}'}|cooperation(?:\s+with\s+\p{Lu}[\p{L}]+)?))?(?![\p{L}])`,
  'giu',
);
const SIGNAL = /partnership|cooperation|framework|development strategy|investment program|\d{4}|-year/i;

/** Words that open a capitalised run without being part of the name. */
const LEADING =
  /^(?:The|This|These|That|A|An|Its|Their|Our|New|In|On|At|Under|During|Within|Through|Via|By|For|With|And|But|Earlier|Meanwhile)\s+/u;

export function findProgrammes(text: string): ProgrammeMention[] {
  const found: ProgrammeMention[] = [];
  const add = (name: string, start: number, end: number) => {
    if (!found.some((f) => start < f.end && f.start < end)) found.push({ name, start, end });
  };
  for (const match of text.matchAll(CAPITALISED)) {
    let name = match[0];
    let start = match.index ?? 0;
    for (let lead = LEADING.exec(name); lead; lead = LEADING.exec(name)) {
      name = name.slice(lead[0].length);
      start += lead[0].length;
    }
    // One capitalised word before the head is a generic phrase ("Annual Plan"), unless it is an acronym.
    const words = name.split(/\s+/);
    if (words.length < 2 || (words.length === 2 && !/^\p{Lu}{2,}/u.test(words[0] as string) && !/[-–]/.test(words[0] as string))) continue;
    add(name, start, start + name.length);
  }
  for (const match of text.matchAll(NAMED_ROUTE)) add(match[0], match.index ?? 0, (match.index ?? 0) + match[0].length);
  for (const match of text.matchAll(DESCRIBED)) {
    if (!SIGNAL.test(match[0]) || match[0].split(/\s+/).length < 2) continue;
    add(match[0], match.index ?? 0, (match.index ?? 0) + match[0].length);
  }
  return found.sort((a, b) => a.start - b.start);
}
