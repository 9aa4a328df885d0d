// World Bank export import benchmark (npm run bench:worldbank).
//
// Imports the whole export in ../shared/data/worldbank (projects.csv and its four companion
// tables) into a fresh SQLite store, exactly as `devfin import projects.csv` does, and in the same
// run parses the same five files with csv-parse and nothing else. Each is measured BENCH_RUNS times
// (default 3) after a warm-up of both (as bench:import does: the first run of each pays for the
// compiling of its code, the import's reading thread included) and the medians are compared.
// Target: the import takes at most 3x the bare parse.
// Always exits 0: the target is reported as PASS/MISS, not enforced.
import { createReadStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { listSourceFiles } from '../src/sources/files.js';
import { importIntoFreshStore } from './support/importer.js';
import { envNumber, fixed, int, MB, median, timed, verdict } from './support/stats.js';

const WORLDBANK = process.env.BENCH_WORLDBANK_DIR ?? fileURLToPath(new URL('../../shared/data/worldbank', import.meta.url));
const RUNS = Math.round(envNumber('BENCH_RUNS', 3));
const TARGET = 3;

async function bareParse(paths: string[]): Promise<number> {
  let rows = 0;
  for (const path of paths) {
    for await (const _record of createReadStream(path).pipe(parse({ bom: true, relax_column_count: true }))) rows++;
  }
  return rows;
}

async function main(): Promise<void> {
  const [file] = await listSourceFiles([join(WORLDBANK, 'projects.csv')]);
  if (file?.format !== 'worldbank-export') throw new Error(`no World Bank export at ${WORLDBANK}`);
  const paths = [file.path, ...file.companions];
  const megabytes = paths.reduce((sum, p) => sum + statSync(p).size, 0) / MB;
  process.stderr.write(`files: ${paths.length} (${paths.map((p) => p.split('/').pop()).join(', ')}), ${fixed(megabytes, 1)} MB\n`);

  const bare: number[] = [];
  const imports: number[] = [];
  let rows = 0;
  let projects = 0;
  await bareParse(paths);
  await importIntoFreshStore([file]);
  for (let run = 1; run <= RUNS; run++) {
    const parsed = await timed(() => bareParse(paths));
    bare.push(parsed.seconds);
    rows = parsed.value;
    const imported = await importIntoFreshStore([file]);
    imports.push(imported.seconds);
    projects = imported.activities;
    process.stderr.write(`run ${run}: bare parse ${fixed(parsed.seconds)} s, import ${fixed(imported.seconds)} s\n`);
  }
  const bareSeconds = median(bare);
  const importSeconds = median(imports);
  const ratio = importSeconds / bareSeconds;
  const lines = [
    `World Bank export: ${int(projects)} projects, ${int(rows)} CSV rows in all, ${fixed(megabytes, 1)} MB (median of ${RUNS} runs)`,
    `bare CSV parse : ${fixed(bareSeconds)} s  ${int(rows / bareSeconds)} rows/s  ${fixed(megabytes / bareSeconds, 1)} MB/s`,
    `devfin import  : ${fixed(importSeconds)} s  ${int(rows / importSeconds)} rows/s  ${int(projects / importSeconds)} projects/s`,
    `import / parse : ${fixed(ratio)}x (target <= ${TARGET}x) ${verdict(ratio <= TARGET)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
