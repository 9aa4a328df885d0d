// What a claim is about, read from its sentence and the ones next to it, so that it is checked
// against the right thing: a programme or framework devfin has a definition of (CAREC, a Country
// Partnership Framework), work that is not lending (advisory services, research programmes,
// technical assistance: lending data cannot speak to it), the period of another claim's figures
// ("48 projects ... over the past 30 years"), or, by default, a financier's portfolio.
import type { Programme } from '../model/programme.js';
import type { Claim } from '../model/statement.js';
import { findGazetteerMentions } from '../statements/gazetteer.js';
import { findProgrammes } from '../statements/programmes.js';

/** Where a claim stands in its statement. */
export interface ClaimContext {
  /** The statement's sentences, in order. */
  sentences: string[];
  /** The sentence that states the claim; -1 when it cannot be found. */
  index: number;
}

export type ClaimSubject =
  | {
      kind: 'programme' | 'framework';
      programme: Programme;
      /** The programme as the statement names it. */
      named: string;
      /** Financiers named with the programme ("an initiative of the Asian Development Bank"). */
      partners: string[];
    }
  | { kind: 'non_lending'; cue: string; work: string | null }
  | { kind: 'period'; of: string[] }
  | { kind: 'portfolio' };

/** Words that make a sentence speak of loans and projects. */
const LENDING =
  /\b(?:loans?|credits?|lending|lent|lends?|financ(?:e|ed|es|ing)|invest(?:s|ed|ing|ments?)?|borrow\w*|projects?|portfolio|operations?|disburs\w*|commitments?|committed)\b/i;

/** What marks work that is not lending, with the words a reader is told. */
const NON_LENDING: [RegExp, string][] = [
  [/\bASA\b/, 'Advisory Services and Analytics (ASA)'],
  [/\badvisory\s+(?:services?|work|support|activities|assistance|program(?:me)?s?)\b/i, 'advisory services'],
  [/\banalytic(?:s|al\s+(?:work|products?|studies|reports?|support))\b/i, 'analytical work'],
  [
    /\b(?:research|knowledge|analytical|advisory|capacity[- ]building|training)\s+(?:program(?:me)?s?|partnerships?|agendas?|products?|services|work|platforms?)\b/i,
    'a research or knowledge programme',
  ],
  [/\bknowledge\s+(?:sharing|exchange)\b/i, 'knowledge work'],
  [/\btechnical\s+(?:assistance|cooperation)\b(?!\s+(?:loans?|credits?))/i, 'technical assistance'],
  [/\bpolicy\s+(?:advice|dialogue|notes?)\b/i, 'policy advice'],
  [/\b(?:economic and sector work|feasibility studies|diagnostic studies)\b/i, 'studies'],
  // "a longstanding initiative that has successfully operated for more than two decades": the
  // figure dates an initiative, not the money lent.
  [
    /\b(?:initiative|programme|program|partnership|platform|dialogue)\b[^.;]{0,40}?\b(?:has|have|had)\s+(?:\w+\s+){0,2}(?:operated|run|existed|functioned|been\s+(?:running|operating|in\s+place))\b/i,
    'an initiative dated by how long it has operated',
  ],
];

/** The first non-lending cue in a text, if the text does not also speak of lending. */
function nonLendingCue(text: string): string | null {
  if (LENDING.test(text)) return null;
  for (const [pattern, label] of NON_LENDING) if (pattern.test(text)) return label;
  return null;
}

/** The clause (between commas and semicolons) of `sentence` that holds `span`. */
function clauseAround(sentence: string, span: string): string {
  const at = sentence.indexOf(span);
  if (at < 0) return sentence;
  const before = sentence.slice(0, at);
  const start = Math.max(before.lastIndexOf(','), before.lastIndexOf(';')) + 1;
  const rest = sentence.slice(at + span.length).search(/[,;]/);
  return sentence.slice(start, rest < 0 ? sentence.length : at + span.length + rest);
}

const normal = (text: string) =>
  text
    .toLowerCase()
    .replace(/programme/g, 'program')
    .replace(/[’']s\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** The ways a name can be written: whole, without its bracketed acronym, and the acronym. */
function keysOf(name: string): string[] {
  const whole = normal(name);
  const bare = whole.replace(/\s*\([^)]*\)\s*/g, ' ').trim();
  const acronyms = [...whole.matchAll(/\(([^)]+)\)/g)].map((m) => (m[1] as string).trim());
  return [whole, bare, ...acronyms];
}

/** Programme names in a sentence: the gazetteer's, and capitalised names that end in a programme word. */
function programmeNames(sentence: string): string[] {
  const names = findGazetteerMentions(sentence)
    .filter((m) => m.entry.kind === 'programme')
    .map((m) => m.entry.name);
  return [...names, ...findProgrammes(sentence).map((p) => p.name)];
}

const containsWords = (text: string, words: string) =>
  new RegExp(`(?:^|[^a-z0-9])${words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:$|[^a-z0-9])`).test(text);

/**
 * The definition a statement's name stands for: one that shares a name or acronym with it, or
 * whose title contains it ("Country Partnership Framework" in "World Bank Group Country Partnership
 * Framework for Kazakhstan, FY2020-2025") and that covers the claim's country and financier. Of
 * several, the one whose dates hold the claimed year, else the one in force on the statement date.
 */
export function definitionNamed(name: string, claim: Claim, programmes: Programme[], asOf: string): Programme | null {
  const keys = keysOf(name).filter((k) => k.length >= 3);
  const candidates = programmes.filter((p) => {
    const own = [...keysOf(p.name), ...keysOf(p.title)];
    if (keys.some((k) => own.includes(k))) return true;
    const title = normal(p.title);
    if (!keys.some((k) => k.split(' ').length >= 2 && containsWords(title, k))) return false;
    const country = claim.scope.country;
    if (country && /^[A-Z]{2}$/.test(country) && !p.countries.includes(country)) return false;
    const financier = claim.scope.financier?.toLowerCase();
    return !financier || !p.financiers?.length || p.financiers.some((f) => f.toLowerCase() === financier);
  });
  if (candidates.length <= 1) return candidates[0] ?? null;
  const year = claim.measure === 'year' ? claim.value : null;
  const holds = (p: Programme, day: string) => (!p.from || p.from <= day) && (!p.to || day <= p.to);
  return (
    (year !== null ? candidates.find((p) => holds(p, `${year}-12-31`) || holds(p, `${year}-01-01`)) : undefined) ??
    candidates.find((p) => holds(p, asOf)) ??
    (candidates[0] as Programme)
  );
}

/** Financiers the statement names in the sentences that name the programme. */
function partnersOf(context: ClaimContext, programme: Programme, claim: Claim, programmes: Programme[], asOf: string): string[] {
  const partners: string[] = [];
  for (const sentence of context.sentences) {
    const mentions = findGazetteerMentions(sentence);
    const names = mentions.filter(
      (m) => m.entry.kind === 'programme' && definitionNamed(m.entry.name, claim, programmes, asOf) === programme,
    );
    if (names.length === 0) continue;
    for (const m of mentions) if (m.entry.kind === 'financier' && !partners.includes(m.entry.name)) partners.push(m.entry.name);
  }
  return partners;
}

/** Does a sentence have a subject of its own (a lender, a programme, lending or non-lending words)? */
function speaksForItself(sentence: string): boolean {
  return LENDING.test(sentence) || NON_LENDING.some(([p]) => p.test(sentence)) || findGazetteerMentions(sentence).length > 0;
}

/**
 * What a claim is about. `claims` are the statement's claims, each with its context, so that a
 * duration can be found to be the period of figures stated next to it.
 */
export function claimSubject(
  claim: Claim,
  context: ClaimContext,
  programmes: Programme[],
  asOf: string,
  claims: { claim: Claim; context: ClaimContext }[] = [],
): ClaimSubject {
  const sentence = context.sentences[context.index] ?? claim.text;
  // A sentence with no subject of its own ("It has run for 15 years.") takes the one before it.
  const own = speaksForItself(sentence) || context.index <= 0 ? sentence : (context.sentences[context.index - 1] as string);

  // A programme devfin has a definition of, named in the sentence or as the claim's financier.
  const financier = claim.scope.financier;
  const financierIsProgramme = financier !== null && findGazetteerMentions(financier).some((m) => m.entry.kind === 'programme');
  const named = [...programmeNames(own), ...(financierIsProgramme ? [financier] : [])];
  for (const name of named) {
    const programme = definitionNamed(name, claim, programmes, asOf);
    if (!programme) continue;
    const framework = Boolean(programme.to) || /framework|strategy|plan\b/i.test(name);
    return {
      kind: framework ? 'framework' : 'programme',
      programme,
      named: name,
      partners: partnersOf(context, programme, claim, programmes, asOf),
    };
  }

  // Work that is not lending: said in the claim's sentence, or in its clause when the sentence also speaks of lending.
  const cue = nonLendingCue(own) ?? nonLendingCue(clauseAround(own, claim.text));
  if (cue) {
    const work = programmeNames(own).find((name) => !/^Advisory Services and Analytics$/i.test(name)) ?? null;
    return { kind: 'non_lending', cue, work };
  }

  // "over the past 30 years" next to "48 projects totalling $8bn": the period of those figures.
  if (claim.measure === 'duration' && claim.scope.period) {
    const of = claims
      .filter(
        (other) =>
          other.claim !== claim &&
          other.context.index === context.index &&
          (other.claim.measure === 'count' || other.claim.measure === 'amount') &&
          other.claim.scope.period === claim.scope.period &&
          other.claim.scope.status !== 'active',
      )
      .map((other) => other.claim.text);
    if (of.length > 0) return { kind: 'period', of };
  }
  return { kind: 'portfolio' };
}

/** Each claim's sentence: the first sentence, from the previous claim's on, that holds its text. */
export function claimContexts(sentences: string[], claims: Claim[]): ClaimContext[] {
  let cursor = 0;
  return claims.map((claim) => {
    let index = sentences.findIndex((s, i) => i >= cursor && s.includes(claim.text));
    if (index < 0) index = sentences.findIndex((s) => s.includes(claim.text));
    if (index >= 0) cursor = index;
    return { sentences, index };
  });
}
