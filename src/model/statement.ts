// What devfin reads out of an official statement (a press release, a news item): who is named, which
// figures it states and which events it reports. This is the shape of `devfin statements extract
// --json` (the contract in DESIGN.md); verify/ later checks each claim against the portfolio.

/** What a claim measures. `year` is the start (or end) year of a period: "since 2003". */
export const CLAIM_MEASURES = ['count', 'amount', 'duration', 'share', 'year', 'rank', 'ratio'] as const;
export type ClaimMeasure = (typeof CLAIM_MEASURES)[number];

/** How the text bounds the figure: "over $8bn" is `over`, "nearly 54 percent" is `under`. */
export const CLAIM_QUALIFIERS = ['exact', 'over', 'about', 'under', 'up_to', 'at_least'] as const;
export type ClaimQualifier = (typeof CLAIM_QUALIFIERS)[number];

/** Which projects a claim is about: all of them, the active ones, the planned or the just signed ones. */
export const CLAIM_STATUSES = ['all', 'active', 'planned', 'signed', 'closed'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export const EVENT_TYPES = ['meeting', 'conference', 'agreement_signed', 'loan_approved', 'visit', 'other'] as const;
export type StatementEventType = (typeof EVENT_TYPES)[number];

export interface PersonMention {
  name: string;
  /** The role as the text gives it ("Regional Director for Central Asia"), null when none is given. */
  role: string | null;
  /** The organisation the person speaks for, by its canonical name ("Government of Kazakhstan"). */
  organisation: string | null;
}

export interface StatementEntities {
  /** Canonical names ("Asian Development Bank" for "ADB"), in order of first mention. */
  organisations: string[];
  people: PersonMention[];
  /** ISO 3166-1 alpha-2 codes. */
  countries: string[];
  /** Programmes, frameworks, strategies and named projects. */
  programmes: string[];
}

/** What the sentence and its neighbours say the figure covers; null where the text does not say. */
export interface ClaimScope {
  financier: string | null;
  /** ISO alpha-2 code, or a region name ("Central Asia") when the figure is regional. */
  country: string | null;
  /** As the text puts it: "past 30 years", "since 2003", "2020-2025", "2019", "current". */
  period: string | null;
  status: ClaimStatus;
}

export interface Claim {
  /** The exact span of the statement that states the figure. */
  text: string;
  /** What is counted or paid, in a few words ("joint projects", "loans"). */
  subject: string;
  measure: ClaimMeasure;
  /** A plain number: `$8bn` is 8000000000, "two-thirds" is 66.67. */
  value: number;
  /** Currency code for amounts, the counted noun for counts, years/months, year, percent, place, times. */
  unit: string;
  qualifier: ClaimQualifier;
  scope: ClaimScope;
}

export interface StatementEvent {
  type: StatementEventType;
  /** YYYY-MM-DD when the text gives the day (relative days resolved against the publication date). */
  date: string | null;
  place: string | null;
  participants: string[];
  /** The exact span that reports the event. */
  text: string;
}

export interface StatementExtraction {
  entities: StatementEntities;
  claims: Claim[];
  events: StatementEvent[];
}
