// Statement extraction benchmark (npm run bench:statements): precision and recall of claims,
// entities and events over the annotated statements in the shared data, and the time per page.
// The matching rules are those of src/sources/statements/evaluate.ts (printed below the table).
//
// Environment: BENCH_STATEMENTS_DIR (default ../shared/data/statements beside the checkout),
// BENCH_VERBOSE=1 to list, per statement, what was missed and what was extra.
// Always exits 0: the claims target (precision and recall >= 0.9) is reported as PASS/MISS.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractAnnotated, readAnnotatedStatements, scoreAnnotatedStatements } from '../src/sources/statements/annotated.js';
import { claimsAgree, precision, recall, type Score } from '../src/sources/statements/evaluate.js';
import { fixed, median, verdict } from './support/stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FOLDER = process.env.BENCH_STATEMENTS_DIR || join(ROOT, '../shared/data/statements');
const TARGET = 0.9;

const pr = (score: Score) =>
  `P ${fixed(precision(score))}  R ${fixed(recall(score))}  (${score.matched} matched, ${score.predicted} found, ${score.expected} annotated)`;

const { statements, total } = scoreAnnotatedStatements(FOLDER);

process.stdout.write(`statements: ${statements.length} annotated documents in ${FOLDER}\n\n`);
process.stdout.write(`${'document'.padEnd(48)} claims P/R     entities P/R   events P/R   ms\n`);
for (const { name, score, milliseconds } of statements) {
  const cell = (s: Score) => `${fixed(precision(s))}/${fixed(recall(s))}`.padEnd(15);
  process.stdout.write(`${name.padEnd(48)} ${cell(score.claims)}${cell(score.entities)}${cell(score.events)}${fixed(milliseconds, 1)}\n`);
}

// Time per page once the modules are warm (the first call also compiles the patterns).
const annotated = readAnnotatedStatements(FOLDER);
const times: number[] = [];
for (let round = 0; round < 5; round++) {
  for (const statement of annotated) {
    const start = performance.now();
    extractAnnotated(statement);
    times.push(performance.now() - start);
  }
}

process.stdout.write(`
claims       ${pr(total.claims)}
entities     ${pr(total.entities)}
  organisations  ${pr(total.organisations)}
  countries      ${pr(total.countries)}
  people         ${pr(total.people)}
  programmes     ${pr(total.programmes)}
events       ${pr(total.events)}
time per page: median ${fixed(median(times), 1)} ms, max ${fixed(Math.max(...times), 1)} ms (warm), first page ${fixed(statements[0]?.milliseconds ?? 0, 1)} ms (cold)

claims target (precision and recall >= ${TARGET}): ${verdict(precision(total.claims) >= TARGET && recall(total.claims) >= TARGET)}

Matching: a claim matches an annotated one when measure and value agree (value within 0.005, for
fractions written in words), and for amounts, durations and shares the unit too; countries match by
ISO code; organisations, programmes and people by name: after normalising case, accents,
punctuation, British/American spelling and little words (the, of, for, and), the words of one name
contain all the words of the other and the shorter has at least two words, or one is the acronym of
the other; events by type and date. Each annotated item is matched at most once.
`);

if (process.env.BENCH_VERBOSE) {
  for (const { name, extraction } of statements) {
    const annotation = annotated.find((s) => s.name === name)?.annotation;
    if (!annotation) continue;
    const missed = annotation.claims.filter((e) => !extraction.claims.some((p) => claimsAgree(p, e)));
    const extra = extraction.claims.filter((p) => !annotation.claims.some((e) => claimsAgree(p, e)));
    if (missed.length + extra.length === 0) continue;
    process.stdout.write(`\n${name}\n`);
    for (const c of missed) process.stdout.write(`  missed ${c.measure} ${c.value} ${c.unit}: ${c.text}\n`);
    for (const c of extra) process.stdout.write(`  extra  ${c.measure} ${c.value} ${c.unit}: ${c.text}\n`);
  }
}
