// Statement extraction benchmark (npm run bench:statements): precision and recall of claims,
// entities and events over sets of annotated statements, each set scored on its own, and the time
// per page. The matching rules are those of bench/support/statementScores.ts (printed below).
//
// Sets: `shared` (the annotated statements of the shared data), `dev` (bench/statements/dev, the
// texts the rules may be tuned on) and `holdout` (bench/statements/holdout, texts the rules are not
// tuned on; see bench/statements/README.md). Arguments pick sets by name or folder
// (`npm run bench:statements -- dev /some/folder`); with none, all three are scored.
// Environment: BENCH_STATEMENTS_DIR (the shared set's folder, default ../shared/data/statements
// beside the checkout); BENCH_VERBOSE=1 to list, per statement, what was missed and what was extra,
// except in the held-out set, whose misses are not for reading while rules change.
// Always exits 0: the claims target (precision and recall >= 0.9) is reported as PASS/MISS per set.
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractAnnotated, readAnnotatedStatements, type StatementScore, scoreAnnotatedStatements } from './support/annotatedStatements.js';
import { claimsAgree, type ExtractionScore, precision, recall, type Score } from './support/statementScores.js';
import { fixed, median, verdict } from './support/stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TARGET = 0.9;
const SETS: Record<string, string> = {
  shared: process.env.BENCH_STATEMENTS_DIR || join(ROOT, '../shared/data/statements'),
  dev: join(ROOT, 'bench/statements/dev'),
  holdout: join(ROOT, 'bench/statements/holdout'),
};

interface BenchSet {
  name: string;
  folder: string;
}

function chosenSets(args: string[]): BenchSet[] {
  if (args.length === 0) return Object.entries(SETS).map(([name, folder]) => ({ name, folder }));
  return args.map((arg) => {
    const folder = SETS[arg] ?? resolve(arg);
    if (!existsSync(folder)) throw new Error(`bench:statements: no set or folder named ${arg} (sets: ${Object.keys(SETS).join(', ')})`);
    return { name: SETS[arg] ? arg : basename(folder), folder };
  });
}

const pr = (score: Score) =>
  `P ${fixed(precision(score))}  R ${fixed(recall(score))}  (${score.matched} matched, ${score.predicted} found, ${score.expected} annotated)`;
const cell = (s: Score) => `${fixed(precision(s))}/${fixed(recall(s))}`.padEnd(15);

function printSet(set: BenchSet, statements: StatementScore[], total: ExtractionScore): void {
  process.stdout.write(`\n== ${set.name}: ${statements.length} annotated documents in ${set.folder}\n\n`);
  process.stdout.write(`${'document'.padEnd(48)} claims P/R     entities P/R   events P/R   ms\n`);
  for (const { name, score, milliseconds } of statements) {
    process.stdout.write(`${name.padEnd(48)} ${cell(score.claims)}${cell(score.entities)}${cell(score.events)}${fixed(milliseconds, 1)}\n`);
  }
  process.stdout.write(`
claims       ${pr(total.claims)}
entities     ${pr(total.entities)}
  organisations  ${pr(total.organisations)}
  countries      ${pr(total.countries)}
  people         ${pr(total.people)}
  programmes     ${pr(total.programmes)}
events       ${pr(total.events)}
claims target (precision and recall >= ${TARGET}): ${verdict(precision(total.claims) >= TARGET && recall(total.claims) >= TARGET)}
`);
}

function printMisses(set: BenchSet, statements: StatementScore[]): void {
  const annotated = readAnnotatedStatements(set.folder);
  for (const { name, extraction } of statements) {
    const annotation = annotated.find((s) => s.name === name)?.annotation;
    if (!annotation) continue;
    const missed = annotation.claims.filter((e) => !extraction.claims.some((p) => claimsAgree(p, e)));
    const extra = extraction.claims.filter((p) => !annotation.claims.some((e) => claimsAgree(p, e)));
    if (missed.length + extra.length === 0) continue;
    process.stdout.write(`\n${set.name}/${name}\n`);
    for (const c of missed) process.stdout.write(`  missed ${c.measure} ${c.value} ${c.unit}: ${c.text}\n`);
    for (const c of extra) process.stdout.write(`  extra  ${c.measure} ${c.value} ${c.unit}: ${c.text}\n`);
  }
}

const sets = chosenSets(process.argv.slice(2));
const summary: string[] = [];
const times: number[] = [];
let coldPage: number | null = null;
for (const set of sets) {
  const { statements, total } = scoreAnnotatedStatements(set.folder);
  coldPage ??= statements[0]?.milliseconds ?? null;
  printSet(set, statements, total);
  summary.push(`${set.name.padEnd(10)} claims ${pr(total.claims)}`);
  if (process.env.BENCH_VERBOSE && set.name !== 'holdout') printMisses(set, statements);
  // Time per page once the modules are warm (the first call also compiles the patterns).
  const annotated = readAnnotatedStatements(set.folder);
  for (let round = 0; round < 5; round++) {
    for (const statement of annotated) {
      const start = performance.now();
      extractAnnotated(statement);
      times.push(performance.now() - start);
    }
  }
}

process.stdout.write(`
== claims per set
${summary.join('\n')}

time per page: median ${fixed(median(times), 1)} ms, max ${fixed(Math.max(...times), 1)} ms (warm), first page ${fixed(coldPage ?? 0, 1)} ms (cold)

Matching: a claim matches an annotated one when measure and value agree (value within 0.005, for
fractions written in words), and for amounts, durations and shares the unit too; countries match by
ISO code; organisations, programmes and people by name: after normalising case, accents,
punctuation, British/American spelling and little words (the, of, for, and), the words of one name
contain all the words of the other and the shorter has at least two words, or one is the acronym of
the other; events by type and date. Each annotated item is matched at most once.
`);
