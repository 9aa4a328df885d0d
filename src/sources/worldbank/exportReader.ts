// Reads the World Bank projects export (CSV or XLSX, as the projects portal writes it) with its
// companion tables from the same folder: financiers (co-financing), sectors, themes, locations.
import { existsSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { InputError } from '../../model/problems.js';
import { excessMessage, sectorPercentageExcess } from '../../model/sectorVocabularies.js';
import type { SourceRecord } from '../../model/sourceRecord.js';
import { readTable } from '../tableRows.js';
import { worldBankActivity } from './activity.js';
import type {
  WorldBankFinancierRow,
  WorldBankGeoRow,
  WorldBankProject,
  WorldBankProjectRow,
  WorldBankSectorRow,
  WorldBankThemeRow,
} from './projectRow.js';

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

/** Rows of a companion table, grouped by project id. */
async function companionRows<T>(path: string | undefined, required: string[]): Promise<Map<string, T[]>> {
  const byProject = new Map<string, T[]>();
  if (!path) return byProject;
  for await (const batch of readTable(path, { required: ['project_id', ...required] })) {
    for (const { values } of batch) {
      const id = values.project_id;
      if (!id) continue;
      const rows = byProject.get(id);
      if (rows) rows.push(values as T);
      else byProject.set(id, [values as T]);
    }
  }
  return byProject;
}

export interface WorldBankExportOptions {
  importedAt?: string;
  /** What the records' provenance names as their file (the path by default). */
  location?: string;
}

/** Yields one activity per project row; bad rows reject the file (InputError with its line). */
export async function* readWorldBankExport(projectsPath: string, options: WorldBankExportOptions = {}): AsyncGenerator<SourceRecord> {
  const importedAt = options.importedAt ?? new Date().toISOString();
  const location = options.location ?? projectsPath;
  const files = companionFiles(projectsPath);
  const [financiers, sectors, themes, locations] = await Promise.all([
    companionRows<WorldBankFinancierRow>(files.financiers, ['name', 'amount_usd', 'project_financial_type']),
    companionRows<WorldBankSectorRow>(files.sectors, ['sector', 'sector_percent']),
    companionRows<WorldBankThemeRow>(files.themes, ['level_1', 'percentage_1']),
    companionRows<WorldBankGeoRow>(files.locations, ['geo_loc_name', 'geo_latitude_number', 'geo_longitude_number']),
  ]);
  const seen = new Map<string, number>();
  const pending: SourceRecord[] = [];
  const rows = readTable(projectsPath, {
    required: REQUIRED,
    header: (name) => HEADERS[name.toLowerCase()] ?? name,
    onBytes: (bytes) => pending.push({ kind: 'progress', bytes }),
  });
  for await (const batch of rows) {
    yield* pending.splice(0);
    for (const { line, values } of batch) {
      const record = readProjectRow(line, values);
      yield record;
      for (const excess of sectorPercentageExcess(record.activity))
        yield { kind: 'warning', warning: { file: projectsPath, line, message: `${record.activity.id}: ${excessMessage(excess)}` } };
    }
  }
  yield* pending.splice(0);

  function readProjectRow(line: number, values: Record<string, string>): Extract<SourceRecord, { kind: 'activity' }> {
    const project = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()])) as unknown as WorldBankProjectRow;
    for (const field of Object.keys(HEADERS).map((h) => HEADERS[h] as keyof WorldBankProjectRow)) {
      if (project[field] === undefined) (project as unknown as Record<string, string>)[field] = '';
    }
    if (!/^P\d+$/.test(project.id))
      throw new InputError({ file: projectsPath, line }, `"${project.id}" is not a World Bank project id (P followed by digits)`);
    const first = seen.get(project.id);
    if (first != null) throw new InputError({ file: projectsPath, line }, `project ${project.id} is listed twice (first at line ${first})`);
    seen.set(project.id, line);
    const record: WorldBankProject = {
      project,
      financiers: financiers.get(project.id) ?? [],
      sectors: sectors.get(project.id) ?? [],
      themes: themes.get(project.id) ?? [],
      locations: locations.get(project.id) ?? [],
    };
    return { kind: 'activity', activity: worldBankActivity(record, { source: 'worldbank', location, line, importedAt }) };
  }
}
