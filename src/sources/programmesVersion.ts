// A text that changes when a programme definition file is added, removed or edited, so answers
// that depend on the definitions (cached by the HTTP API) are made again when they change.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { programmeFolders } from './programmes.js';

export function programmesVersion(folders: string[] = programmeFolders()): string {
  const parts: string[] = [];
  for (const folder of folders) {
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder).sort()) {
      const stat = statSync(join(folder, name));
      parts.push(`${folder}/${name}:${stat.size}:${stat.mtimeMs}`);
    }
  }
  return parts.join('|');
}
