// Import throughput and memory benchmark (npm run bench:import).
//
// 0. The command a person types: `devfin import /work/shared/data/iati` (every file of the folder,
//    bin/devfin.js on the built dist/, in a child process, into a fresh store): wall clock and peak
//    RSS, beside the bare streaming XML pass over the same files in this process, in the same run.
//    The figures of 1. are the breakdown: how much of the command is the import itself.
// 1. On the real IATI activity files under /work/shared/data/iati, compares a bare streaming XML
//    pass (same saxes setup, no tree, no model, no store) with what `devfin import` does into a fresh
//    SQLite store, run in process on the built dist/; each measured BENCH_RUNS times (default 3),
//    medians reported.
// 2. Builds (or reuses) a file of BENCH_BIG_MB (default 520) MB of replicated real activities under
//    bench/.data/, imports it with the devfin command in a child process and reports its peak RSS.
//
// Environment: BENCH_RUNS, BENCH_BIG_MB, BENCH_BIG_RUNS (default 1), BENCH_SKIP_BIG=1,
// BENCH_CHILD=dist|tsx (dist: bin/devfin.js on the built dist/, the default; tsx: src/ via tsx, which
// parses in the importing thread: the read-ahead worker exists only in dist/),
// BENCH_RSS=poll (poll /proc instead of /usr/bin/time), BENCH_DATA_DIR.
// Always exits 0: targets are reported as PASS/MISS, not enforced.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Files from '../src/sources/files.js';
import { listSourceFiles, type SourceFileRef } from '../src/sources/files.js';
import type * as KnownCodes from '../src/sources/iati/knownCodes.js';
import { bareXmlPass } from './support/bare.js';
import { ensureBigFile } from './support/bigFile.js';
import { type ChildRun, runMeasured } from './support/child.js';
import { activityFiles, DATA_DIR } from './support/corpus.js';
import { ensureDist, importDist, ROOT } from './support/dist.js';
import { importIntoFreshStore } from './support/importer.js';
import { envNumber, fixed, int, MB, median, timed, verdict } from './support/stats.js';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const RUNS = Math.round(envNumber('BENCH_RUNS', 3));
const BIG_MB = envNumber('BENCH_BIG_MB', 520);
const BIG_RUNS = Math.round(envNumber('BENCH_BIG_RUNS', 1));
const CHILD = process.env.BENCH_CHILD === 'tsx' ? 'tsx' : 'dist';
const RATIO_TARGET = 0.5;
const RSS_TARGET_MB = 300;

const log = (line: string) => process.stderr.write(`${line}\n`);

async function bareAll(paths: string[]): Promise<{ seconds: number; activities: number }> {
  const { seconds, value } = await timed(async () => {
    let activities = 0;
    for (const path of paths) activities += await bareXmlPass(path);
    return activities;
  });
  return { seconds, activities: value };
}

/**
 * The importer's reading alone (parse, element tree, model; in this thread, no store), from dist/:
 * set beside the import, it shows how much of the import is reading and how much the store adds.
 */
async function readAll(files: SourceFileRef[]): Promise<number> {
  const { readSourceFile } = await importDist<typeof Files>('sources/files');
  const { NO_KNOWN_CODES } = await importDist<typeof KnownCodes>('sources/iati/knownCodes');
  const { seconds } = await timed(async () => {
    for (const file of files) for await (const _record of readSourceFile(file, NO_KNOWN_CODES));
  });
  return seconds;
}

/** The bare pass over every file of the folder (a malformed file counts until its error, as the import rejects it there). */
async function bareFolder(paths: string[]): Promise<{ seconds: number; cpuSeconds: number }> {
  return await timed(async () => {
    for (const path of paths) await bareXmlPass(path).catch(() => 0);
  });
}

/** `devfin import DATA_DIR` as typed, into a fresh store. */
async function importFolderCommand(): Promise<ChildRun> {
  const dir = await mkdtemp(join(tmpdir(), 'devfin-bench-cli-'));
  try {
    const [exe, ...args] = devfinCommand() as [string, ...string[]];
    return await runMeasured(
      exe,
      [...args, 'import', '--db', join(dir, 'iati.sqlite'), DATA_DIR],
      ROOT,
      process.env.BENCH_RSS === 'poll' ? 'poll' : 'auto',
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The devfin command line for the child: the shipped bin/devfin.js on dist/, or src/ through tsx. */
function devfinCommand(): string[] {
  if (CHILD === 'tsx') return [process.execPath, '--import', 'tsx', join(BENCH_DIR, 'support', 'devfinCli.ts')];
  return [process.execPath, join(ROOT, 'bin', 'devfin.js')];
}

function checkGitignore(): void {
  const ignore = existsSync(join(ROOT, '.gitignore')) ? readFileSync(join(ROOT, '.gitignore'), 'utf8') : '';
  if (!/^\/?bench\/\.data\/?$/m.test(ignore))
    log('warning: .gitignore does not list bench/.data/; the generated file must not be committed');
}

async function main(): Promise<void> {
  await ensureDist(log);
  const files = await activityFiles();
  const paths = files.map((f) => f.path);
  const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
  log(`corpus: ${files.length} activity files under ${DATA_DIR}, ${fixed(bytes / MB, 1)} MB; ${RUNS} runs each after a warm-up`);

  // Warm-up (JIT, page cache), which also says which files the importer accepts.
  await bareAll(paths);
  const warm = await importIntoFreshStore(files);
  const rejected = warm.results.filter((r) => r.status === 'rejected');
  for (const r of rejected) log(`  rejected by the importer: ${relative(DATA_DIR, r.file)}: ${r.error?.message}`);

  // 0. The command as typed, beside the bare pass over the same files.
  const folder = (await listSourceFiles([DATA_DIR])).filter((f) => f.format === 'iati-xml');
  const folderMb = folder.reduce((sum, f) => sum + f.bytes, 0) / MB;
  const folderBare: number[] = [];
  const folderBareCpu: number[] = [];
  const commandRuns: ChildRun[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const bare = await bareFolder(folder.map((f) => f.path));
    folderBare.push(bare.seconds);
    folderBareCpu.push(bare.cpuSeconds);
    const command = await importFolderCommand();
    commandRuns.push(command);
    const summary = command.stderr.split('\n').find((l) => /^\d+ files?:/.test(l));
    // Without its summary the command did not get to the end (it crashed): its time is not an import's.
    if (!summary)
      throw new Error(`devfin import failed (exit ${command.exitCode}):\n${command.stderr.split('\n').slice(0, 20).join('\n')}`);
    log(
      `  command run ${run}: bare ${fixed(folderBare.at(-1) as number)} s, devfin import ${fixed(command.seconds)} s (cpu ${fixed(command.cpuSeconds ?? Number.NaN)} s), peak RSS ${fixed((command.peakRssKb ?? Number.NaN) / 1024, 0)} MB; devfin: ${summary}`,
    );
  }
  const commandS = median(commandRuns.map((r) => r.seconds));
  const commandBareS = median(folderBare);
  const commandPeak = Math.max(...commandRuns.map((r) => (r.peakRssKb ?? Number.NaN) / 1024));
  const commandRatio = commandBareS / commandS;
  const commandCpu = median(commandRuns.map((r) => r.cpuSeconds ?? Number.NaN));

  const bareRuns: number[] = [];
  const readRuns: number[] = [];
  const importRuns: number[] = [];
  let bareActivities = 0;
  let importActivities = 0;
  for (let run = 1; run <= RUNS; run++) {
    const bare = await bareAll(paths);
    const read = await readAll(files);
    const imported = await importIntoFreshStore(files);
    bareRuns.push(bare.seconds);
    readRuns.push(read);
    importRuns.push(imported.seconds);
    bareActivities = bare.activities;
    importActivities = imported.activities;
    log(`  run ${run}: bare ${fixed(bare.seconds)} s, reading alone ${fixed(read)} s, import ${fixed(imported.seconds)} s`);
  }
  const bareS = median(bareRuns);
  const readS = median(readRuns);
  const importS = median(importRuns);
  const ratio = bareS / importS;

  let bigLine = 'big file: skipped (BENCH_SKIP_BIG=1)';
  if (process.env.BENCH_SKIP_BIG !== '1') {
    checkGitignore();
    const sources = warm.results.filter((r) => r.status === 'imported').map((r) => r.file);
    const made = await timed(() => ensureBigFile(join(BENCH_DIR, '.data'), BIG_MB, sources));
    const big = made.value;
    log(
      big.generated
        ? `big file: wrote ${relative(ROOT, big.path)} (${fixed(big.bytes / MB, 1)} MB, ${int(big.activities ?? 0)} activities from ${int(big.templates ?? 0)} real ones) in ${fixed(made.seconds, 1)} s`
        : `big file: reusing ${relative(ROOT, big.path)} (${fixed(big.bytes / MB, 1)} MB)`,
    );
    const command = devfinCommand();
    const bigBare: number[] = [];
    const bigImport: number[] = [];
    const peaks: number[] = [];
    let bigActivities = 0;
    let method = '';
    let failures = 0;
    for (let run = 1; run <= BIG_RUNS; run++) {
      const bare = await bareAll([big.path]);
      bigBare.push(bare.seconds);
      bigActivities = bare.activities;
      const dir = await mkdtemp(join(tmpdir(), 'devfin-bench-big-'));
      try {
        const [exe, ...args] = command as [string, ...string[]];
        const child = await runMeasured(
          exe,
          [...args, 'import', '--db', join(dir, 'big.sqlite'), big.path],
          ROOT,
          process.env.BENCH_RSS === 'poll' ? 'poll' : 'auto',
        );
        method = child.method;
        const summary = child.stderr.split('\n').find((l) => /^\d+ files?:/.test(l)) ?? '(no summary line)';
        if (child.exitCode !== 0 || !/1 imported/.test(summary)) {
          failures++;
          log(`  big import failed (exit ${child.exitCode}):\n${child.stderr.split('\n').slice(0, 30).join('\n')}`);
        }
        bigImport.push(child.seconds);
        if (child.peakRssKb != null) peaks.push(child.peakRssKb / 1024);
        log(
          `  big run ${run}: bare ${fixed(bare.seconds, 1)} s, import ${fixed(child.seconds, 1)} s, peak RSS ${child.peakRssKb == null ? '?' : fixed(child.peakRssKb / 1024, 0)} MB; devfin: ${summary}`,
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    const bImport = median(bigImport);
    const bBare = median(bigBare);
    const peak = peaks.length > 0 ? Math.max(...peaks) : Number.NaN;
    const bigMb = statSync(big.path).size / MB;
    bigLine =
      `big file ${fixed(bigMb, 0)} MB (${int(bigActivities)} act): import ${fixed(bImport, 1)} s, ${fixed(bigMb / bImport, 1)} MB/s, ` +
      `${int(bigActivities / bImport)} act/s, peak RSS ${fixed(peak, 0)} MB (target < ${RSS_TARGET_MB} MB) ${verdict(peak < RSS_TARGET_MB)}; ` +
      `bare ${fixed(bBare, 1)} s, ${fixed(bigMb / bBare, 1)} MB/s; ratio ${fixed(bBare / bImport)} (target >= ${RATIO_TARGET}) ${verdict(bBare / bImport >= RATIO_TARGET)}\n` +
      (failures > 0
        ? `  FAILED: ${failures} of ${BIG_RUNS} big imports did not import the file (see above); the figures are not valid\n`
        : '') +
      `  (child: ${CHILD === 'dist' ? 'node bin/devfin.js (dist/)' : 'node --import tsx (src/)'}, peak RSS by ${method}; import time is the whole command: start-up, sha256, parse, store)`;
  }

  const mb = bytes / MB;
  const lines = [
    '',
    `command: devfin import ${DATA_DIR} (${folder.length} files, ${fixed(folderMb, 1)} MB; medians of ${RUNS} runs; load average ${loadavg()
      .map((l) => fixed(l, 1))
      .join(' ')})`,
    `  bare XML pass  : ${fixed(commandBareS)} s  ${fixed(folderMb / commandBareS, 1)} MB/s (cpu ${fixed(median(folderBareCpu))} s)`,
    `  devfin import  : ${fixed(commandS)} s  ${fixed(folderMb / commandS, 1)} MB/s (cpu ${fixed(commandCpu)} s), peak RSS ${fixed(commandPeak, 0)} MB (target < ${RSS_TARGET_MB} MB) ${verdict(commandPeak < RSS_TARGET_MB)}`,
    `  speed vs bare  : ${fixed(commandRatio)} (target >= ${RATIO_TARGET}) ${verdict(commandRatio >= RATIO_TARGET)}; the command less the in-process import below: ${fixed(commandS - median(importRuns))} s (start-up, store open and close, compiling)`,
    `  in CPU seconds, which the load moves less: bare / command = ${fixed(median(folderBareCpu) / commandCpu)} (the command's two threads together)`,
    '',
    'breakdown, in process:',
    `files: ${files.length}, ${fixed(mb, 1)} MB, ${int(bareActivities)} activities (1 MB = 2^20 bytes; medians of ${RUNS} runs)`,
    `bare XML pass   : ${fixed(bareS)} s  ${fixed(mb / bareS, 1)} MB/s  ${int(bareActivities / bareS)} act/s`,
    `devfin reading  : ${fixed(readS)} s  ${fixed(mb / readS, 1)} MB/s  (the import's parse, tree and model in one thread, no store: ${fixed(readS / bareS, 2)}x the bare pass)`,
    `devfin import   : ${fixed(importS)} s  ${fixed(mb / importS, 1)} MB/s  ${int(importActivities / importS)} act/s   ratio ${fixed(ratio)} (target >= ${RATIO_TARGET}) ${verdict(ratio >= RATIO_TARGET)}`,
    `  (import / reading alone: ${fixed(importS / readS, 2)}x; import: ${int(importActivities)} activities in ${files.length - rejected.length} accepted files${rejected.length ? `, ${rejected.length} rejected` : ''}; fresh store per run)`,
    bigLine,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
