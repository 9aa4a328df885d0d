// The tables of the store, as Kysely sees them. Amounts are integers of hundredths of the currency
// unit (exact sums per currency); each record as read is kept whole as JSON in `source_record.doc`.
import type { Generated } from 'kysely';
export interface SourceFileTable {
  sha256: string;
  location: string;
  kind: string;
  imported_at: string;
  activities: number;
  organisations: number;
}

/** One record as a source gave it (the full model activity as JSON, without its provenance). */
export interface SourceRecordTable {
  id: string;
  /** The project it belongs to (see model/project.ts): several records can share one. */
  project_id: string;
  source: string;
  last_updated: string | null;
  source_file: string | null;
  source_line: number | null;
  imported_at: string;
  doc: string;
}

/** One portfolio entry per project: the merge of its source records, in columns for queries. */
export interface ActivityTable {
  id: string;
  /** The source of the record whose facts win (see model/project.ts). */
  source: string;
  records: number;
  reporting_org_ref: string | null;
  financier: string;
  title: string | null;
  objective: string | null;
  status: string | null;
  status_code: string | null;
  /** The day the source's status is known on: its record's last-updated date, else its import date. */
  status_date: string | null;
  approval_date: string | null;
  closing_date: string | null;
  instrument: string | null;
}

/** Every financier of a project: its lead financier and each co-financier. */
export interface ActivityFinancierTable {
  activity_id: string;
  financier: string;
  financier_ref: string | null;
  role: string;
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

/** A project's places with coordinates (its Location records that have a point), for maps. */
export interface ActivityLocationTable {
  activity_id: string;
  /** Order among the project's locations as its source lists them. */
  position: number;
  ref: string | null;
  name: string | null;
  lat: number;
  lon: number;
}

/** The amounts behind the commitment and disbursement figures (model/activityFacts.ts measureFlows). */
export interface MoneyFlowTable {
  activity_id: string;
  /** 'commitment' or 'disbursement'. */
  measure: string;
  financier: string;
  financier_ref: string | null;
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

/** Where a live sync stands, so an interrupted one resumes and `devfin sync` can refresh them all. */
export interface SyncStateTable {
  /** source + query, e.g. worldbank {"countries":["KZ"]}. */
  key: string;
  source: string;
  /** The query as JSON. */
  query: string;
  next_offset: number;
  total: number | null;
  completed_at: string | null;
  updated_at: string;
}

/** An official statement kept for the timeline of engagements, with what was read out of it. */
export interface StatementTable {
  /** sha256 of the text: adding the same statement twice changes nothing. */
  id: string;
  source: string | null;
  title: string | null;
  published_on: string | null;
  added_at: string;
  text: string;
  /** The extraction (entities, claims, events) as JSON. */
  extraction: string;
}

/** One row (id 1): raised by every write transaction (store/dataVersion.ts). */
export interface DataVersionTable {
  id: number;
  version: number;
}

/** One import of a file or one page of a sync, whatever its outcome (store/importLog.ts). */
export interface ImportLogTable {
  id: Generated<number>;
  /** 'import' (a file) or 'sync' (a page of a live source). */
  kind: string;
  /** The file path or the URL. */
  location: string;
  sha256: string | null;
  format: string | null;
  /** Who: a token's name through the API, else cli:<os user>. */
  actor: string;
  started_at: string;
  finished_at: string;
  /** 'imported', 'already-imported' or 'rejected'. */
  status: string;
  added: number;
  replaced: number;
  unchanged: number;
  kept_newer: number;
  organisations: number;
  warnings: number;
  /** Why the file was refused. */
  error: string | null;
  error_line: number | null;
}

/** One warning of an import, classified (model/warningKind.ts). */
export interface ImportWarningTable {
  import_id: number;
  position: number;
  file: string;
  line: number | null;
  /** 'unknown-code', 'date', 'currency', 'amount', 'disagreement', 'other'. */
  kind: string;
  field: string | null;
  /** The record the warning is about, when the message names it. */
  record_id: string | null;
  message: string;
}

export interface Tables {
  source_file: SourceFileTable;
  source_record: SourceRecordTable;
  activity: ActivityTable;
  activity_financier: ActivityFinancierTable;
  activity_country: ActivityCountryTable;
  activity_region: ActivityRegionTable;
  activity_sector: ActivitySectorTable;
  activity_org: ActivityOrgTable;
  activity_location: ActivityLocationTable;
  money_flow: MoneyFlowTable;
  organisation: OrganisationTable;
  codelist: CodelistTable;
  exchange_rate: ExchangeRateTable;
  sync_state: SyncStateTable;
  statement: StatementTable;
  data_version: DataVersionTable;
  import_log: ImportLogTable;
  import_warning: ImportWarningTable;
  manual_record: ManualRecordTable;
  audit_log: AuditLogTable;
  api_token: ApiTokenTable;
}

/** A record kept by hand (model/manualRecord.ts): its input as given, checked, in `doc`. */
export interface ManualRecordTable {
  id: string;
  kind: string;
  /** The project it makes (its own id) or, for a correction, the project it corrects. */
  project_id: string;
  doc: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  /** Set while the record is removed; a restore clears it. */
  removed_at: string | null;
}

/** One change: who, when, what, and the subject's state before and after it (JSON). */
export interface AuditLogTable {
  seq: Generated<number | bigint>;
  at: string;
  actor: string;
  /** add, edit, remove, restore (records); create, revoke (tokens); import. */
  action: string;
  /** A record id, `token:<name>` or `import:<file>`. */
  subject: string;
  before: string | null;
  after: string | null;
}

export interface ApiTokenTable {
  name: string;
  /** viewer, editor or admin. */
  role: string;
  /** SHA-256 of the token, hex; the token itself is shown once and never kept. */
  sha256: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
}
