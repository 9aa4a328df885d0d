// The tables of the store, as Kysely sees them. Amounts are integers of hundredths of the currency
// unit (exact sums per currency); the full activity as read is kept as JSON in `activity.doc`.
export interface SourceFileTable {
  sha256: string;
  location: string;
  kind: string;
  imported_at: string;
  activities: number;
  organisations: number;
}

export interface ActivityTable {
  id: string;
  source: string;
  reporting_org_ref: string | null;
  financier: string;
  title: string | null;
  objective: string | null;
  status: string | null;
  status_code: string | null;
  approval_date: string | null;
  closing_date: string | null;
  last_updated: string | null;
  source_file: string | null;
  source_line: number | null;
  imported_at: string;
  doc: string;
}

export interface ActivityCountryTable {
  activity_id: string;
  country: string;
  percentage: number | null;
  /** Share of the activity in this country, 0..1 (equal shares when the source gives none). */
  share: number;
}

export interface ActivityRegionTable {
  activity_id: string;
  region: string;
  vocabulary: string;
  percentage: number | null;
}

export interface ActivitySectorTable {
  activity_id: string;
  code: string;
  vocabulary: string;
  /** Share of the activity in this sector, 0..1 (equal shares when the source gives none). */
  share: number;
}

export interface ActivityOrgTable {
  activity_id: string;
  ref: string | null;
  name: string | null;
  role: string | null;
}

export interface MoneyFlowTable {
  activity_id: string;
  /** 'transaction' or 'budget'. */
  kind: string;
  /** IATI TransactionType code, or BudgetType for budgets. */
  type: string | null;
  date: string | null;
  value_minor: number | bigint;
  currency: string | null;
  value_date: string | null;
}

export interface OrganisationTable {
  ref: string;
  name: string | null;
  type: string | null;
  names: string;
  source_file: string | null;
}

export interface CodelistTable {
  list: string;
  code: string;
  name: string;
  category: string | null;
  withdrawn: number;
}

export interface ExchangeRateTable {
  currency: string;
  frequency: string;
  period: string;
  units_per_usd: number;
  source: string;
}

export interface Tables {
  source_file: SourceFileTable;
  activity: ActivityTable;
  activity_country: ActivityCountryTable;
  activity_region: ActivityRegionTable;
  activity_sector: ActivitySectorTable;
  activity_org: ActivityOrgTable;
  money_flow: MoneyFlowTable;
  organisation: OrganisationTable;
  codelist: CodelistTable;
  exchange_rate: ExchangeRateTable;
}
