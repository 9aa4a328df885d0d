// One World Bank project as the projects portal exports it (CSV/XLSX) and as the Projects API
// returns it, in the export's column names. Values are text as published; empty means missing.

export interface WorldBankProjectRow {
  id: string;
  regionname: string;
  countryshortname: string;
  /** ISO 3166-1 alpha-2 codes when the source gives them (the API does; the export does not). */
  countrycodes?: string[];
  status: string;
  last_stage_reached_name: string;
  project_name: string;
  pdo: string;
  impagency: string;
  public_disclosure_date: string;
  boardapprovaldate: string;
  loan_effective_date: string;
  closingdate: string;
  curr_project_cost: string;
  curr_ibrd_commitment: string;
  idacommamt: string;
  grantamt: string;
  curr_total_commitment: string;
  borrower: string;
  lendinginstr: string;
  envassesmentcategorycode: string;
  projectfinancialtype: string;
}

/** The companion tables' rows for one project. */
export interface WorldBankFinancierRow {
  name: string;
  current_amount: string;
  amount_usd: string;
  financer_id: string;
  currency: string;
  project_financial_type: string;
}

export interface WorldBankSectorRow {
  major_sector: string;
  sector: string;
  sector_percent: string;
}

export interface WorldBankThemeRow {
  level_1: string;
  percentage_1: string;
  level_2: string;
  percentage_2: string;
  level_3: string;
  percentage_3: string;
}

export interface WorldBankGeoRow {
  geo_loc_id: string;
  wbg_country_key: string;
  geo_loc_name: string;
  geo_latitude_number: string;
  geo_longitude_number: string;
  admin_unit1_name: string;
  admin_unit2_name: string;
}

export interface WorldBankProject {
  project: WorldBankProjectRow;
  financiers: WorldBankFinancierRow[];
  sectors: WorldBankSectorRow[];
  themes: WorldBankThemeRow[];
  locations: WorldBankGeoRow[];
}
