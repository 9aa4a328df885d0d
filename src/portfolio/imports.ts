// The import log and the data-quality view: what was imported when, by whom, with which warnings,
// and per source how much it covers and how fresh it is. `devfin log` and /api/imports answer alike.

import type { ImportDetail, ImportPage, LoggedWarning, SourceQuality } from '../model/answers.js';
import {
  countImports,
  importById,
  latestImportOf,
  recentImports,
  sourceQuality,
  warningsOfImport,
  warningsOfProject,
} from '../store/importLog.js';
import type { Store } from '../store/open.js';
import { portfolioActivity } from './activities.js';

export async function importLog(store: Store, page: { limit: number; offset?: number }): Promise<ImportPage> {
  const [total, imports] = await Promise.all([countImports(store), recentImports(store, page)]);
  return { total, imports };
}

/** One import by its id, or the latest import of a file (its path or checksum); null when none. */
export async function importDetail(store: Store, idOrFile: string): Promise<ImportDetail | null> {
  const found = /^\d+$/.test(idOrFile) ? await importById(store, Number(idOrFile)) : await latestImportOf(store, idOrFile);
  if (!found) return null;
  const warningList = await warningsOfImport(store, found.id);
  const warningsByKind: Record<string, number> = {};
  const warningsByField: Record<string, number> = {};
  for (const w of warningList) {
    warningsByKind[w.kind] = (warningsByKind[w.kind] ?? 0) + 1;
    const field = `${w.kind} ${w.field ?? '(unnamed)'}`;
    warningsByField[field] = (warningsByField[field] ?? 0) + 1;
  }
  return { ...found, warningsByKind, warningsByField, warningList };
}

export async function dataQuality(store: Store): Promise<{ sources: SourceQuality[] }> {
  return { sources: await sourceQuality(store) };
}

/** The warnings the imports gave about a project's records; null when there is no such project. */
export async function projectWarnings(store: Store, id: string): Promise<{ id: string; warnings: LoggedWarning[] } | null> {
  const project = await portfolioActivity(store, id);
  if (!project) return null;
  const projectId = project.activity.id;
  return { id: projectId, warnings: await warningsOfProject(store, projectId) };
}
