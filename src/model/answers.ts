// The answers of devfin's questions, as the portfolio functions return them, the CLI prints them
// with --json and the HTTP API sends them: one definition of each shape, with no code that needs
// Node.js, so the web app (src/web) reads the API's JSON with these same types. The OpenAPI
// schemas (src/api/schemas.ts) describe them, and a test checks the two agree.
import type { Activity } from './activity.js';
import type { FieldCorrection } from './manualRecord.js';
import type { MergedActivity } from './project.js';
import type { SectorVocabulary, VocabularyShare } from './sectorVocabularies.js';

/** The fields of facets (/api/facets), in the order the search page shows them. */
export const FACET_FIELDS = ['country', 'financier', 'sector', 'status', 'year'] as const;
export type FacetField = (typeof FACET_FIELDS)[number];

export interface MoneyMeasures {
  /** US dollars; null when no record of the activities reports the measure ("not reported", never 0). */
  commitmentUsd: number | null;
  disbursementUsd: number | null;
  /**
   * In the answer's currency (its `currency`; the dollars again for USD); null when not reported, or
   * when none of the amounts has a rate of that currency for its value date (the notes say so).
   */
  commitment: number | null;
  disbursement: number | null;
}

/** How many activities report each measure (have at least one amount of it). */
export interface Reporting {
  commitment: number;
  disbursement: number;
}

export interface StatusDifference {
  id: string;
  /** The status the source publishes. */
  sourceStatus: string;
  /** The status on the filter's day by the status rule. */
  status: string;
  closingDate: string | null;
}

export interface StatusReading {
  /** The day statuses are read on ('YYYY-MM-DD'): the as-of date, else today. */
  day: string;
  /** 'dates': the status rule (the README's); 'source': as the sources publish it. */
  rule: 'dates' | 'source';
  /** The rule in words. */
  definition: string;
  /** How many of the answer's projects have a source status that differs from their status on the day. */
  differing: number;
  /** The first of them by id, each with both statuses and its closing date. */
  differingProjects: StatusDifference[];
  /** The filter to add to list them all (`devfin activities --status-differs`, `statusDiffers=true`). */
  behind: { statusDiffers: 'true' };
  notes: string[];
}

export interface SummaryMeasures extends MoneyMeasures {
  activities: number;
  /** Active on the answer's status day (see `status`). */
  active: number;
  /** How many of the activities report each measure; a measure none reports is null, not 0. */
  reporting: Reporting;
}

export interface SummaryRow extends SummaryMeasures {
  key: string;
  label: string;
  /**
   * What to add to the summary's filter to list the projects behind this row (`devfin activities`
   * options / API parameters); null when no filter expresses the group (years of amounts).
   */
  behind: BehindRow | null;
}

/** The filter parameters that narrow a summary to one of its rows. */
export type BehindRow = Partial<Record<'financier' | 'status' | 'country' | 'sector' | 'from' | 'to' | 'instrument', string>>;

export interface SectorVocabularyAnswer {
  /** dac5, dac3 or worldbank. */
  key: SectorVocabulary;
  name: string;
  /** Whether the question named it or devfin chose it for the filter. */
  chosen: 'asked' | 'default';
  /** How many of the filtered projects have no sector in it (the breakdown's "no sector in this vocabulary" row). */
  withoutSector: number;
}

export interface Summary {
  /** The ISO 4217 code of `commitment` and `disbursement` (`commitmentUsd` and `disbursementUsd` are always USD). */
  currency: string;
  total: SummaryMeasures;
  rows: SummaryRow[];
  /** Grouped by sector: the vocabulary of the rows, and how many projects have no sector in it (their row is NO_SECTOR_KEY). */
  vocabulary?: SectorVocabularyAnswer;
  /** Grouped by financier: the projects that more than one financier finances (each is in several rows). */
  shared?: { id: string; financiers: string[] }[];
  /** The day statuses are read on, by which rule, and the projects whose source says otherwise. */
  status: StatusReading;
  /** What the user should know to read the figures: amounts left out, rates approximated, measures not reported. */
  notes: string[];
}

export interface ActivityListItem {
  id: string;
  title: string | null;
  /** Status on the filter's day by the status rule (or as published, with `sourceStatus`). */
  status: string | null;
  /** The status as the source publishes it. */
  sourceStatus: string | null;
  countries: string[];
  financiers: string[];
  approvalDate: string | null;
  closingDate: string | null;
  instrument: string | null;
  /** US dollars; null when none of the project's records reports the measure. */
  commitmentUsd: number | null;
  disbursementUsd: number | null;
  /** The ISO 4217 code of `commitment` and `disbursement` (on each item: `activities --json` prints the items alone). */
  currency: string;
  /** In `currency`; null when not reported or when none of its amounts has a rate of that currency for its date. */
  commitment: number | null;
  disbursement: number | null;
}

export interface ActivityList {
  /** The ISO 4217 code of the items' `commitment` and `disbursement`. */
  currency: string;
  items: ActivityListItem[];
  notes: string[];
}

/** Codelist name → code → name, for the codes of one project's records. */
export type CodeNames = Record<string, Record<string, string>>;

export interface ActivityDetail {
  /** The project as the portfolio sees it: its records merged, with the record behind each field. */
  activity: MergedActivity;
  /** Every source record of the project, whole, with its provenance. */
  records: Activity[];
  /** Every financier: the lead one first. */
  financiers: string[];
  /** The project's sectors in each vocabulary it has, as breakdowns count them: shares add up to 1 per vocabulary. */
  sectorShares: VocabularyShare[];
  /** The names of the codes its records use (statuses, date, transaction and role types, sectors...), by codelist. */
  codeNames: CodeNames;
  /** The project's status today by the status rule, the day, the status its source publishes (as of statusDate), its closing date. */
  status: { day: string; status: string | null; sourceStatus: string | null; statusDate: string | null; closingDate: string | null };
  /** US dollars; null when none of the project's records reports the measure. */
  commitmentUsd: number | null;
  disbursementUsd: number | null;
  /** The ISO 4217 code of `commitment` and `disbursement`. */
  currency: string;
  /** In `currency`; null when not reported or when none of its amounts has a rate of that currency for its date. */
  commitment: number | null;
  disbursement: number | null;
  /** The fields set by hand over what the sources give (model/manualRecord.ts), with who set them and when. */
  corrections: FieldCorrection[];
  notes: string[];
}

export interface ProjectLocation {
  /** The project (as in `devfin activities`). */
  id: string;
  title: string | null;
  /** The place's name as the source gives it. */
  name: string | null;
  lat: number;
  lon: number;
}

export interface LocationList {
  /** The places, projects in the order of `devfin activities`, each project's places in its source's order. */
  items: ProjectLocation[];
  /** How many projects the filter has, and how many of them have at least one place with coordinates. */
  projects: number;
  located: number;
}

export interface FacetRow {
  key: string;
  label: string;
  activities: number;
  active: number;
  /** The parameters that, added to the same filter, narrow it to this row; null for projects with no value (key "unknown"). */
  behind: BehindRow | null;
}

export interface Facets {
  total: { activities: number; active: number };
  /** The vocabulary of the sector facet, and how many projects have no sector in it. */
  vocabulary: SectorVocabularyAnswer;
  facets: Record<FacetField, FacetRow[]>;
}

export interface Overview extends StoreCounts {
  store: string;
  /**
   * The first-start snapshot the store holds projects of (its date, YYYY-MM-DD), or null: the
   * dashboard says the figures are as of that day until the user refreshes them.
   */
  snapshot: { asOf: string } | null;
  nextSteps: string[];
}

export interface StoreCounts {
  activities: number;
  files: number;
  organisations: number;
  codes: number;
  exchangeRates: number;
}

/** Where a page of a list starts and how long it is, and the URL of the next page (null on the last). */
export interface Paging {
  limit: number;
  offset: number;
  next: string | null;
}

/** A page of /api/activities. */
export type ActivityPage = ActivityList & Paging;

/** A page of /api/locations. */
export type LocationPage = LocationList & Paging;

/** One file imported (or refused, or found imported before), or one page of a sync, as the import log keeps it. */
export interface ImportLogEntry {
  kind: 'import' | 'sync';
  location: string;
  sha256: string | null;
  format: string | null;
  actor: string;
  startedAt: string;
  finishedAt: string;
  status: 'imported' | 'already-imported' | 'rejected';
  counts: { added: number; replaced: number; unchanged: number; keptNewer: number; organisations: number };
  warnings: number;
  error: { message: string; line: number | null } | null;
}

export interface LoggedImport extends ImportLogEntry {
  id: number;
}

export interface LoggedWarning {
  file: string;
  line: number | null;
  kind: string;
  field: string | null;
  recordId: string | null;
  message: string;
}

export interface SourceQuality {
  source: string;
  activities: number;
  countries: number;
  firstApproval: string | null;
  lastApproval: string | null;
  lastImport: string | null;
  imports: number;
  refused: number;
  /** Warnings of the latest import of each file, by kind. */
  warnings: Record<string, number>;
}

export interface ImportPage {
  total: number;
  imports: LoggedImport[];
}

export interface ImportDetail extends LoggedImport {
  /** Warnings counted per kind and per field ("unknown-code Sector", "date approval_date"). */
  warningsByKind: Record<string, number>;
  warningsByField: Record<string, number>;
  warningList: LoggedWarning[];
}
