// Which files an import names: files as given, folders searched recursively for readable formats.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';

export type SourceFormat = 'iati-xml';

export interface SourceFileRef {
  path: string;
  format: SourceFormat;
  bytes: number;
}

const FORMATS: Record<string, SourceFormat> = { '.xml': 'iati-xml' };

/** Files named directly are taken whatever their extension (read as IATI XML); folders give their .xml files. */
export async function listSourceFiles(paths: string[]): Promise<SourceFileRef[]> {
  const found: SourceFileRef[] = [];
  for (const given of paths) {
    const path = resolve(given);
    const info = await stat(path).catch(() => null);
    if (!info) throw new Error(`${given}: no such file or folder`);
    if (info.isDirectory()) found.push(...(await listFolder(path)));
    else found.push({ path, format: FORMATS[extname(path).toLowerCase()] ?? 'iati-xml', bytes: info.size });
  }
  return found;
}

async function listFolder(folder: string): Promise<SourceFileRef[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  const found: SourceFileRef[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...(await listFolder(path)));
    else {
      const format = FORMATS[extname(entry.name).toLowerCase()];
      if (entry.isFile() && format) found.push({ path, format, bytes: (await stat(path)).size });
    }
  }
  return found;
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest('hex');
}
