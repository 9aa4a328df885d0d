// Reads the World Bank projects export (CSV or XLSX, as the projects portal writes it) with its
// companion tables from the same folder: financiers (co-financing), sectors, themes, locations.
import { existsSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { InputError } from '../../model/problems.js';
import { excessMessage, sectorPercentageExcess } from '../../model/sectorVocabularies.js';
import type { SourceRecord } from '../../model/sourceRecord.js';
import { readTable, type TableRow } from '../tableRows.js';
import { worldBankActivity } from './activity.js';
import type { WorldBankProject, WorldBankProjectRow } from './projectRow.js';

/** The portal's Excel export writes readable headers; the CSV uses these field names. */
const HEADERS: Record<string, keyof WorldBankProjectRow> = {
  'project id': 'id',
  region: 'regionname',
  country: 'countryshortname',
  'project status': 'status',
  'last stage reached name': 'last_stage_reached_name',
  'project name': 'project_name',
  'project development objective': 'pdo',
  'implementing agency': 'impagency',
  'public disclosure date': 'public_disclosure_date',
  'board approval date': 'boardapprovaldate',
  'loan effective date': 'loan_effective_date',
  'project closing date': 'closingdate',
  'current project cost': 'curr_project_cost',
  'ibrd commitment': 'curr_ibrd_commitment',
  'ida commitment': 'idacommamt',
  'grant amount': 'grantamt',
  'total ibrd, ida and grant commitment': 'curr_total_commitment',
  borrower: 'borrower',
  'lending instrument': 'lendinginstr',
  'environmental assessment category': 'envassesmentcategorycode',
  'financing type': 'projectfinancialtype',
};

const REQUIRED: (keyof WorldBankProjectRow)[] = ['id', 'countryshortname', 'status', 'project_name', 'boardapprovaldate'];

const COMPANIONS = {
  financiers: 'project_financiers',
  sectors: 'project_sectors',
  themes: 'project_themes',
  locations: 'project_geo',
} as const;

/** Is this file a World Bank projects export (by its name)? */
export function isWorldBankExport(path: string): boolean {
  return /projects?[^/\\]*\.(csv|xlsx)$/i.test(path) && !Object.values(COMPANIONS).some((name) => path.toLowerCase().includes(name));
}

/** The companion files found beside the export (same extension first, then the other one). */
export function companionFiles(projectsPath: string): Partial<Record<keyof typeof COMPANIONS, string>> {
  const folder = dirname(projectsPath);
  const extensions = extname(projectsPath).toLowerCase() === '.xlsx' ? ['.xlsx', '.csv'] : ['.csv', '.xlsx'];
  const found: Partial<Record<keyof typeof COMPANIONS, string>> = {};
  for (const [key, name] of Object.entries(COMPANIONS) as [keyof typeof COMPANIONS, string][]) {
    const path = extensions.map((ext) => join(folder, `${name}${ext}`)).find((p) => existsSync(p));
    if (path) found[key] = path;
  }
  return found;
}

/** The companion tables by what they hold, with the columns each must have (besides project_id). */
const COMPANION_COLUMNS = {
  financiers: ['name', 'amount_usd', 'project_financial_type'],
  sectors: ['sector', 'sector_percent'],
  themes: ['level_1', 'percentage_1'],
  locations: ['geo_loc_name', 'geo_latitude_number', 'geo_longitude_number'],
} as const satisfies Record<keyof typeof COMPANIONS, readonly string[]>;

type CompanionKey = keyof typeof COMPANIONS;
type CompanionRows = Pick<WorldBankProject, CompanionKey>;

/**
 * Reason of the rejection when a table of the export is not in project id order, which the
 * streaming read needs; importFiles then imports the file again with `groupCompanions`.
 */
export const UNSORTED_EXPORT = 'not in project id order';

/** Is this the rejection of a streaming read of an export whose tables are not in project id order? */
export function isUnsortedExport(error: unknown): boolean {
  return error instanceof InputError && error.reason.includes(UNSORTED_EXPORT);
}

/**
 * A companion table read alongside projects.csv, both in project id order (as the portal writes
 * them): the rows of each project are taken as the project comes, so only the current chunk of
 * each table is in memory, whatever the size of the export.
 */
class CompanionStream {
  private readonly batches: AsyncGenerator<TableRow[]>;
  private batch: TableRow[] = [];
  private index = 0;
  private ended = false;
  private lastId = '';

  constructor(
    private readonly path: string,
    required: readonly string[],
    onBytes: (bytes: number) => void,
  ) {
    this.batches = readTable(path, { required: ['project_id', ...required], onBytes });
  }

  /** The rows of project `id`, which comes after every project asked for before; rows of projects not asked for are passed over. */
  async rowsOf<T>(id: string): Promise<T[]> {
    const rows: T[] = [];
    for (;;) {
      if (this.index >= this.batch.length) {
        if (this.ended) return rows;
        const next = await this.batches.next();
        if (next.done) {
          this.ended = true;
          return rows;
        }
        this.batch = next.value;
        this.index = 0;
        continue;
      }
      const row = this.batch[this.index] as TableRow;
      const rowId = row.values.project_id ?? '';
      if (rowId === '') {
        this.index++;
        continue;
      }
      if (rowId < this.lastId)
        throw new InputError(
          { file: this.path, line: row.line },
          `project ${rowId} comes after ${this.lastId}: the table is ${UNSORTED_EXPORT}`,
        );
      this.lastId = rowId;
      if (rowId > id) return rows;
      if (rowId === id) rows.push(row.values as T);
      this.index++;
    }
  }

  async close(): Promise<void> {
    await this.batches.return(undefined);
  }
}

/** Rows of a companion table, grouped by project id (for tables not in project id order). */
async function groupedRows(path: string, required: readonly string[], onBytes: (bytes: number) => void): Promise<Map<string, object[]>> {
  const byProject = new Map<string, object[]>();
  for await (const batch of readTable(path, { required: ['project_id', ...required], onBytes })) {
    for (const { values } of batch) {
      const id = values.project_id;
      if (!id) continue;
      const rows = byProject.get(id);
      if (rows) rows.push(values);
      else byProject.set(id, [values]);
    }
  }
  return byProject;
}

export interface WorldBankExportOptions {
  importedAt?: string;
  /** What the records' provenance names as their file (the path by default). */
  location?: string;
  /**
   * Read the companion tables whole first and group their rows in memory, for exports whose tables
   * are not in project id order; by default they are streamed beside projects.csv.
   */
  groupCompanions?: boolean;
}

/**
 * Yields one activity per project row; bad rows reject the file (InputError with its line).
 * Progress records count the bytes read so far of all the export's files, while they are read.
 */
export async function* readWorldBankExport(projectsPath: string, options: WorldBankExportOptions = {}): AsyncGenerator<SourceRecord> {
  const importedAt = options.importedAt ?? new Date().toISOString();
  const location = options.location ?? projectsPath;
  const files = companionFiles(projectsPath);
  const keys = Object.keys(files) as CompanionKey[];
  // Bytes read of each file, by path: a progress record gives their sum.
  const read = new Map<string, number>();
  const readBytes = () => {
    let sum = 0;
    for (const bytes of read.values()) sum += bytes;
    return sum;
  };
  const counter = (path: string) => (bytes: number) => read.set(path, bytes);
  const progress = (): SourceRecord => ({ kind: 'progress', bytes: readBytes() });

  let companionsOf: (id: string, line: number) => Promise<CompanionRows>;
  let closeCompanions = async () => {};
  if (options.groupCompanions) {
    const grouped = new Map<CompanionKey, Map<string, object[]>>();
    for (const key of keys) {
      const path = files[key] as string;
      grouped.set(key, await groupedRows(path, COMPANION_COLUMNS[key], counter(path)));
      yield progress();
    }
    companionsOf = async (id) => {
      const rows = (key: CompanionKey) => (grouped.get(key)?.get(id) ?? []) as never[];
      return { financiers: rows('financiers'), sectors: rows('sectors'), themes: rows('themes'), locations: rows('locations') };
    };
  } else {
    const streams = new Map(
      keys.map((key) => [key, new CompanionStream(files[key] as string, COMPANION_COLUMNS[key], counter(files[key] as string))]),
    );
    let lastId = '';
    companionsOf = async (id, line) => {
      if (id < lastId)
        throw new InputError({ file: projectsPath, line }, `project ${id} comes after ${lastId}: the file is ${UNSORTED_EXPORT}`);
      lastId = id;
      const rows = async <T>(key: CompanionKey) => (await streams.get(key)?.rowsOf<T>(id)) ?? [];
      return {
        financiers: await rows('financiers'),
        sectors: await rows('sectors'),
        themes: await rows('themes'),
        locations: await rows('locations'),
      };
    };
    closeCompanions = async () => {
      for (const stream of streams.values()) await stream.close();
    };
  }

  const seen = new Map<string, number>();
  const rows = readTable(projectsPath, {
    required: REQUIRED,
    header: (name) => HEADERS[name.toLowerCase()] ?? name,
    onBytes: counter(projectsPath),
  });
  try {
    for await (const batch of rows) {
      for (const { line, values } of batch) {
        const project = readProjectRow(line, values);
        const record = projectRecord(line, { project, ...(await companionsOf(project.id, line)) });
        yield record;
        for (const excess of sectorPercentageExcess(record.activity))
          yield { kind: 'warning', warning: { file: projectsPath, line, message: `${record.activity.id}: ${excessMessage(excess)}` } };
      }
      yield progress();
    }
  } finally {
    await closeCompanions();
  }

  function readProjectRow(line: number, values: Record<string, string>): WorldBankProjectRow {
    const project = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()])) as unknown as WorldBankProjectRow;
    for (const field of Object.keys(HEADERS).map((h) => HEADERS[h] as keyof WorldBankProjectRow)) {
      if (project[field] === undefined) (project as unknown as Record<string, string>)[field] = '';
    }
    if (!/^P\d+$/.test(project.id))
      throw new InputError({ file: projectsPath, line }, `"${project.id}" is not a World Bank project id (P followed by digits)`);
    const first = seen.get(project.id);
    if (first != null) throw new InputError({ file: projectsPath, line }, `project ${project.id} is listed twice (first at line ${first})`);
    seen.set(project.id, line);
    return project;
  }

  function projectRecord(line: number, record: WorldBankProject): Extract<SourceRecord, { kind: 'activity' }> {
    return { kind: 'activity', activity: worldBankActivity(record, { source: 'worldbank', location, line, importedAt }) };
  }
}
