// The built code (dist/), which is what users run: the import is measured there, because only
// there does the read-ahead worker exist (src/ run through tsx reads in the importing thread).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function newestMtime(dir: string, ext: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(ext)) newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when it is missing; warns when some src/ file is newer (the figures would be of older code). */
export async function ensureDist(log: (line: string) => void): Promise<void> {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    log('dist/ is missing: running npm run build');
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
  } else if ((await newestMtime(join(ROOT, 'src'), '.ts')) > (await newestMtime(join(ROOT, 'dist'), '.js'))) {
    log('warning: some src/ files are newer than dist/, and the import is measured on dist/ (npm run build first)');
  }
}

/** Loads a module of dist/ by its path under src/ ("ingest/importFiles"), typed as its source. */
export async function importDist<T>(modulePath: string): Promise<T> {
  return (await import(new URL(`../../dist/${modulePath}.js`, import.meta.url).href)) as T;
}
