// A programme or framework: a named group of projects defined by rules that users can edit
// (JSON or YAML files), such as the CAREC Program or a World Bank Country Partnership Framework.

/** Rules that pick projects; a project matches when it meets any one of the given rules. */
export interface ProgrammeMatch {
  /** Project ids (any source's id or the project id). */
  ids?: string[];
  /** Words or phrases in the title (case-insensitive). */
  titleContains?: string[];
  /** DAC sector codes or 3-digit categories. */
  sectors?: string[];
  /** Words in a sector's code or name, for sources with their own sector names (World Bank). */
  sectorContains?: string[];
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
  /** Financiers (name, ref or alias); a project must have one of them. Absent: any financier. */
  financiers?: string[];
  /** Which projects belong; absent: every project of the countries and financiers. */
  match?: ProgrammeMatch;
  /** Approval date range, inclusive. */
  from?: string;
  to?: string;
  /** Named parts of the programme (corridors, focus areas), each with its own rules. */
  parts?: { name: string; match: ProgrammeMatch }[];
}
