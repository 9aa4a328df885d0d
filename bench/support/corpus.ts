// The benchmark corpus: the real IATI activity files under /work/shared/data/iati, read where they lie.
import { open } from 'node:fs/promises';
import { sep } from 'node:path';
import { listSourceFiles, type SourceFileRef } from '../../src/sources/files.js';

export const DATA_DIR = process.env.BENCH_DATA_DIR ?? '/work/shared/data/iati';

/** Rejected by the importer on purpose (a stress test of malformed input), so not a throughput input. */
const EXCLUDED = [`examples${sep}frankenstein.xml`];

async function head(path: string, bytes = 4096): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead).toString('latin1');
  } finally {
    await handle.close();
  }
}

/** Every .xml file under DATA_DIR (recursively, in the order `devfin import DIR` takes them) whose root is <iati-activities>. */
export async function activityFiles(): Promise<SourceFileRef[]> {
  const all = await listSourceFiles([DATA_DIR]);
  const kept: SourceFileRef[] = [];
  for (const file of all) {
    if (file.format !== 'iati-xml' || EXCLUDED.some((suffix) => file.path.endsWith(suffix))) continue;
    const start = (await head(file.path)).replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, '');
    if (/<iati-activities[\s>]/.test(start)) kept.push(file);
  }
  return kept;
}
