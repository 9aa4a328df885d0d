// A programme or framework: a named group of projects defined by rules that users can edit
// (JSON or YAML files), such as the CAREC Program or a World Bank Country Partnership Framework.
// A project is a member on evidence: a source names it as one (its id is listed, its title names the
// programme), or a keyword rule finds it, where the programme's places allow (see `places`).

/** Rules that pick projects; a project matches when it meets any one of the given rules. */
export interface ProgrammeMatch {
  /** Project ids (any source's id or the project id): explicit evidence. */
  ids?: string[];
  /** The programme's names ("CAREC"): a title that names one, as whole words, is explicit evidence. */
  names?: string[];
  /** Whole words in the title (stemmed, as --q finds them); all the words of one entry must be there. */
  titleContains?: string[];
  /** DAC sector codes or 3-digit categories. */
  sectors?: string[];
  /** Whole words (any case, not stemmed) in a sector's code or name, for sources with their own sector names (World Bank). */
  sectorContains?: string[];
}

/** The figures a reference entry can give, as devfin computes them. */
export const REFERENCE_FIGURES = ['projects', 'commitmentUsd', 'disbursementUsd'] as const;
export type ReferenceFigure = (typeof REFERENCE_FIGURES)[number];

/** A figure the programme itself has published, for devfin's own figure to be set beside. */
export interface ProgrammeReference {
  figure: ReferenceFigure;
  value: number;
  /** The date the figure stands at: devfin's is computed as of the same day. */
  asOf: string;
  /** Where the figure is published. */
  source: string;
  note?: string;
  /** The figure is one financier's share: devfin's is that financier's (a name, ref or alias as --financier takes). */
  financier?: string;
  /** The figure is a share that no financier filter expresses (e.g. "member governments' own funds"): devfin gives none. */
  share?: string;
}

export interface ProgrammePart {
  name: string;
  match: ProgrammeMatch;
}

export interface Programme {
  /** Short name used on the command line: --programme CAREC. */
  name: string;
  title: string;
  description?: string;
  /** Where the definition's facts come from (public documents). */
  sources?: string[];
  /** Member or partner countries (ISO 3166-1 alpha-2); a project must name one of them. */
  countries: string[];
  /**
   * Member countries that take part through some of their regions only, with those regions' names:
   * there a project found by a keyword rule is a member only if its title or one of its locations
   * names one of the places. Explicit evidence (ids, names) needs no place.
   */
  places?: Record<string, string[]>;
  /** Financiers (name, ref or alias); a project must have one of them. Absent: any financier. */
  financiers?: string[];
  /** Which projects belong; absent: every project of the countries and financiers (and places). */
  match?: ProgrammeMatch;
  /** Approval date range, inclusive. */
  from?: string;
  to?: string;
  /** Named parts of the programme (corridors, focus areas): groups of its members, each by its own rules. */
  parts?: ProgrammePart[];
  /** Figures the programme has published, each set beside devfin's by `programmes show`. */
  reference?: ProgrammeReference[];
}

export type RuleKind = keyof ProgrammeMatch;

/** One rule of a definition: one entry of a match block, of the programme or of one of its parts. */
export interface ProgrammeRule {
  /** Where it is in the definition, e.g. "parts[0].match.sectors[2]". */
  path: string;
  kind: RuleKind;
  value: string;
  /** The part whose rule it is; null for the programme's own match block. */
  part: string | null;
}

const RULE_KINDS: readonly RuleKind[] = ['ids', 'names', 'titleContains', 'sectors', 'sectorContains'];

/** Ids and names are a source's own word that a project belongs; the others are guesses that need a place where places are given. */
export function isExplicit(kind: RuleKind): boolean {
  return kind === 'ids' || kind === 'names';
}

export function matchRules(match: ProgrammeMatch | undefined, prefix: string, part: string | null): ProgrammeRule[] {
  if (!match) return [];
  return RULE_KINDS.flatMap((kind) => (match[kind] ?? []).map((value, i) => ({ path: `${prefix}.${kind}[${i}]`, kind, value, part })));
}

/** The rules that decide membership (the programme's match block). */
export function membershipRules(programme: Programme): ProgrammeRule[] {
  return matchRules(programme.match, 'match', null);
}

/** The rules that put members in parts. */
export function partRules(programme: Programme): ProgrammeRule[] {
  return (programme.parts ?? []).flatMap((p, i) => matchRules(p.match, `parts[${i}].match`, p.name));
}

/** The rule in words, as a member's evidence. */
export function describeRule(rule: ProgrammeRule): string {
  const what: Record<RuleKind, string> = {
    ids: `its id ${rule.value} is listed`,
    names: `its title names ${rule.value}`,
    titleContains: `its title has the word${rule.value.includes(' ') ? 's' : ''} "${rule.value}"`,
    sectors: `DAC sector ${rule.value}`,
    sectorContains: `a sector named with the word${rule.value.includes(' ') ? 's' : ''} "${rule.value}"`,
  };
  return what[rule.kind];
}

/** The words of a name, lower case, one space between them ("Ports/Waterways" is "ports waterways"). */
function nameWords(text: string): string {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
}

/** Whether a sector's code or name holds the words, whole and in that order (any case, not stemmed). */
export function hasWords(name: string, words: string): boolean {
  const wanted = nameWords(words);
  return wanted !== '' && ` ${nameWords(name)} `.includes(` ${wanted} `);
}
