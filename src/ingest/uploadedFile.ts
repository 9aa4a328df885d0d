// An IATI XML file sent to the HTTP API (POST /api/imports), imported as `devfin import` imports a
// file, with the import written to the audit log under the name of the token that sent it.
import { stat } from 'node:fs/promises';
import { writeAuditEntry } from '../store/manualRecords.js';
import type { Store } from '../store/open.js';
import { type FileResult, importFiles, storeKnownCodes } from './importFiles.js';

export async function importUploadedIati(store: Store, path: string, name: string, actor: string): Promise<FileResult> {
  const { codes } = await storeKnownCodes(store);
  // Logged and listed under the name it was sent with, not the temporary file it was kept in.
  const file = { path, label: name, format: 'iati-xml' as const, companions: [], bytes: (await stat(path)).size };
  let result: FileResult | undefined;
  for await (const outcome of importFiles(store, [file], codes, undefined, actor)) result = outcome;
  if (!result) throw new Error(`${name}: the import gave no outcome`);
  // Messages name the file as it was sent, not the temporary file it was kept in.
  const named = (message: string) => message.replaceAll(path, name);
  const { file: _path, ...read } = result;
  const outcome = {
    ...read,
    ...(read.error ? { error: { ...read.error, message: named(read.error.message) } } : {}),
    warnings: read.warnings.map((w) => ({ ...w, message: named(w.message) })),
  };
  await writeAuditEntry(store.db, {
    actor,
    action: 'import',
    subject: `import:${name}`,
    before: null,
    after: { name, bytes: file.bytes, ...outcome },
  });
  return { file: name, ...outcome };
}
