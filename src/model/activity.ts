// The domain model of an activity: a project, programme or loan as a source reports it.
// Everything here is plain data; sources build it, the store keeps it, portfolio reads it.
import type { Provenance } from './provenance.js';
import type { ActivityStatus } from './status.js';

/** Text in one language; `lang` is an ISO 639-1 code or null when the source gives none. */
export interface Narrative {
  lang: string | null;
  text: string;
}

export interface OrganisationRef {
  ref: string | null;
  type: string | null;
  names: Narrative[];
}

export interface ParticipatingOrg extends OrganisationRef {
  /** IATI OrganisationRole code: 1 Funding, 2 Accountable, 3 Extending, 4 Implementing. */
  role: string | null;
  activityId: string | null;
}

export interface ActivityDate {
  /** IATI ActivityDateType code: 1 planned start, 2 actual start, 3 planned end, 4 actual end. */
  type: string;
  date: string;
}

export interface CountryShare {
  code: string;
  percentage: number | null;
}

export interface RegionShare {
  code: string;
  vocabulary: string;
  percentage: number | null;
}

export interface SectorShare {
  code: string;
  /** IATI SectorVocabulary code: 1 DAC 5-digit, 2 DAC 3-digit, others as the codelist says. */
  vocabulary: string;
  percentage: number | null;
  names: Narrative[];
}

/**
 * A theme of the World Bank's theme taxonomy (its level 1), with the share of the project that
 * the Bank assigns to it. Themes are not sectors: they overlap, and their percentages do not add up to 100.
 */
export interface ThemeShare {
  name: string;
  percentage: number | null;
}

/** An amount as reported: a decimal string in its currency, valued at its value date. */
export interface Money {
  amount: string;
  currency: string | null;
  valueDate: string | null;
}

export interface Transaction {
  /** IATI TransactionType code (2.0x numbering; 1.0x letters are mapped on reading). */
  type: string;
  date: string | null;
  value: Money;
  description: Narrative[];
  providerOrg: OrganisationRef | null;
  receiverOrg: OrganisationRef | null;
  recipientCountries: string[];
  sectors: { code: string; vocabulary: string }[];
}

export interface Budget {
  type: string | null;
  status: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  value: Money;
}

export interface Location {
  ref: string | null;
  names: Narrative[];
  /** WGS84 latitude and longitude in decimal degrees. */
  point: { lat: number; lon: number } | null;
}

export interface RelatedActivity {
  ref: string;
  /** IATI RelatedActivityType code: 1 parent, 2 child, 3 sibling, 4 co-funded, 5 third party. */
  type: string | null;
}

export interface DocumentLink {
  url: string;
  format: string | null;
  titles: Narrative[];
  categories: string[];
}

/**
 * One financier's share of an activity's financing, as a source that lists financiers gives it
 * (the World Bank export lists IBRD, IDA and each co-financier). Counterpart funds from the
 * borrower are not financing lines.
 */
export interface Financing {
  /** Display name of the financier, e.g. "World Bank", "Asian Development Bank". */
  financier: string;
  /** Organisation ref of the financier or its window (44001 IBRD, 44002 IDA), when known. */
  financierRef: string | null;
  /** 'lead': the reporting financier's own money; 'co-financing': another financier's. */
  role: 'lead' | 'co-financing';
  /** The line as the source names it, e.g. "IDA Credit", "Global Environment Facility (GEF)". */
  label: string;
  amount: Money;
}

export interface Activity {
  /** The globally unique IATI identifier (or the source's own project id). */
  id: string;
  reportingOrg: OrganisationRef;
  defaultCurrency: string | null;
  defaultLanguage: string | null;
  /** ISO timestamp that orders versions of the same activity; null when the source gives none. */
  lastUpdated: string | null;
  titles: Narrative[];
  /** Descriptions by IATI DescriptionType code (1 general, 2 objectives, ...). */
  descriptions: { type: string | null; narratives: Narrative[] }[];
  /** The code as the source gave it (2.0x meaning), and its normalised status. */
  statusCode: string | null;
  status: ActivityStatus | null;
  /** Board approval date when the source gives one (IATI does not). */
  approvalDate: string | null;
  /** Lending instrument, e.g. "Investment Project Financing". */
  instrument: string | null;
  dates: ActivityDate[];
  recipientCountries: CountryShare[];
  recipientRegions: RegionShare[];
  sectors: SectorShare[];
  /** World Bank themes (none for other sources); never mixed with sectors. */
  themes: ThemeShare[];
  participatingOrgs: ParticipatingOrg[];
  transactions: Transaction[];
  budgets: Budget[];
  locations: Location[];
  relatedActivities: RelatedActivity[];
  documents: DocumentLink[];
  financing: Financing[];
  /** Source-specific facts with no place above (region, borrower, implementing agency, ...). */
  extra: Record<string, string>;
  provenance: Provenance;
}
