// Names the project knows (gazetteer.json): organisations and programmes with their aliases and
// abbreviations. Full names match case-insensitively, abbreviations only as written ("ADB", not
// "adb"), and at one place the longest name wins ("World Bank Group" over "World Bank").
import data from './gazetteer.json' with { type: 'json' };

export type OrganisationKind = 'financier' | 'institution' | 'parliament';

export interface GazetteerEntry {
  name: string;
  kind: OrganisationKind | 'programme';
  /** Lenders, donors, and programmes that invest (CAREC): they can be the financier of a claim. */
  financier: boolean;
  country: string | null;
  aliases: string[];
  abbreviations: string[];
}

export interface NameMention {
  entry: GazetteerEntry;
  start: number;
  end: number;
  text: string;
}

interface RawOrganisation {
  name: string;
  kind: string;
  country?: string;
  aliases: string[];
  abbreviations: string[];
}

interface RawProgramme {
  name: string;
  financier?: boolean;
  aliases: string[];
  abbreviations: string[];
}

const ORGANISATION_KINDS = new Set<string>(['financier', 'institution', 'parliament']);

function loadEntries(): GazetteerEntry[] {
  const organisations = (data.organisations as RawOrganisation[]).map((o): GazetteerEntry => {
    if (!ORGANISATION_KINDS.has(o.kind)) throw new Error(`gazetteer.json: ${o.name} has unknown kind ${o.kind}`);
    return {
      name: o.name,
      kind: o.kind as OrganisationKind,
      financier: o.kind === 'financier',
      country: o.country ?? null,
      aliases: o.aliases,
      abbreviations: o.abbreviations,
    };
  });
  const programmes = (data.programmes as RawProgramme[]).map(
    (p): GazetteerEntry => ({
      name: p.name,
      kind: 'programme',
      financier: p.financier === true,
      country: null,
      aliases: p.aliases,
      abbreviations: p.abbreviations,
    }),
  );
  return [...organisations, ...programmes];
}

export const GAZETTEER: readonly GazetteerEntry[] = loadEntries();

function escapePattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}

function alternation(names: string[]): string {
  return [...new Set(names)]
    .sort((a, b) => b.length - a.length)
    .map(escapePattern)
    .join('|');
}

// Letters or digits may not touch a name on either side; a possessive ("ADB's") may follow.
const wrap = (body: string) => String.raw`(?<![\p{L}\d])(?:${body})(?![\p{L}\d])`;

const byAlias = new Map<string, GazetteerEntry>();
const byAbbreviation = new Map<string, GazetteerEntry>();
for (const entry of GAZETTEER) {
  for (const alias of [entry.name, ...entry.aliases]) byAlias.set(alias.toLowerCase().replace(/\s+/g, ' '), entry);
  for (const abbreviation of entry.abbreviations) byAbbreviation.set(abbreviation, entry);
}
const ALIASES = new RegExp(wrap(alternation([...byAlias.keys()])), 'giu');
const ABBREVIATIONS = new RegExp(wrap(alternation([...byAbbreviation.keys()])), 'gu');

/** Gazetteer names in `text`, in order, the longest where two overlap. */
export function findGazetteerMentions(text: string): NameMention[] {
  const found: NameMention[] = [];
  for (const match of text.matchAll(ALIASES)) {
    const entry = byAlias.get(match[0].toLowerCase().replace(/\s+/g, ' '));
    if (entry) found.push({ entry, start: match.index ?? 0, end: (match.index ?? 0) + match[0].length, text: match[0] });
  }
  for (const match of text.matchAll(ABBREVIATIONS)) {
    const entry = byAbbreviation.get(match[0]);
    if (entry) found.push({ entry, start: match.index ?? 0, end: (match.index ?? 0) + match[0].length, text: match[0] });
  }
  return longestFirst(found);
}

/** Keeps, of overlapping spans, the longest (the earliest on a tie); returns them in text order. */
export function longestFirst<T extends { start: number; end: number }>(spans: T[]): T[] {
  const kept: T[] = [];
  for (const span of [...spans].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start)) {
    if (!kept.some((k) => span.start < k.end && k.start < span.end)) kept.push(span);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** True when `word` is a gazetteer abbreviation or a word of a gazetteer name ("Bank", "ADB"). */
export function isGazetteerWord(word: string): boolean {
  return byAbbreviation.has(word) || gazetteerWords.has(word.toLowerCase());
}

const gazetteerWords = new Set(
  GAZETTEER.flatMap((entry) => [entry.name, ...entry.aliases].flatMap((name) => name.toLowerCase().split(/[\s,()]+/))).filter(
    (word) => word.length > 3,
  ),
);
