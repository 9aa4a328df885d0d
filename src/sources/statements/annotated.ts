// Folders of annotated statements (NAME.txt beside NAME.json, as in the shared data): read them,
// extract each text and score it against its annotation. The statements bench prints the result
// and the integration test holds it above a floor, so both measure the same thing.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { StatementExtraction } from '../../model/statement.js';
import { addExtractionScores, type ExtractionScore, emptyExtractionScore, scoreExtraction } from './evaluate.js';
import { extractStatement } from './extract.js';

export interface AnnotatedStatement {
  name: string;
  text: string;
  annotation: StatementExtraction;
}

export interface StatementScore {
  name: string;
  score: ExtractionScore;
  extraction: StatementExtraction;
  milliseconds: number;
}

/** The NAME.txt files of `folder` that have a NAME.json beside them, in name order. */
export function readAnnotatedStatements(folder: string): AnnotatedStatement[] {
  const files = new Set(readdirSync(folder));
  return [...files]
    .filter((file) => file.endsWith('.txt') && files.has(`${basename(file, '.txt')}.json`))
    .sort()
    .map((file) => ({
      name: basename(file, '.txt'),
      text: readFileSync(join(folder, file), 'utf8'),
      annotation: JSON.parse(readFileSync(join(folder, `${basename(file, '.txt')}.json`), 'utf8')) as StatementExtraction,
    }));
}

/** Extracts and scores every annotated statement of `folder`; `total` adds the counts up (micro-average). */
export function scoreAnnotatedStatements(folder: string): { statements: StatementScore[]; total: ExtractionScore } {
  const statements = readAnnotatedStatements(folder).map((statement): StatementScore => {
    const start = performance.now();
    const extraction = extractStatement(statement.text);
    const milliseconds = performance.now() - start;
    return { name: statement.name, score: scoreExtraction(extraction, statement.annotation), extraction, milliseconds };
  });
  return { statements, total: statements.map((s) => s.score).reduce(addExtractionScores, emptyExtractionScore()) };
}
