// Folders of annotated statements (NAME.txt or NAME.html beside NAME.json, as in the shared data):
// read them, extract each statement and score it against its annotation. The statements bench
// prints the result and the integration test holds it above a floor, so both measure the same thing.
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { StatementExtraction } from '../../src/model/statement.js';
import { statementFromHtml } from '../../src/statements/document.js';
import { extractStatement } from '../../src/statements/extract.js';
import { addExtractionScores, type ExtractionScore, emptyExtractionScore, scoreExtraction } from './statementScores.js';

export interface AnnotatedStatement {
  name: string;
  /** The file as published: plain text, or an HTML page. */
  text: string;
  html: boolean;
  annotation: StatementExtraction;
}

export interface StatementScore {
  name: string;
  score: ExtractionScore;
  extraction: StatementExtraction;
  milliseconds: number;
}

const READABLE = new Set(['.txt', '.html', '.htm']);

/** The statements of `folder` that have a NAME.json beside them, in name order. */
export function readAnnotatedStatements(folder: string): AnnotatedStatement[] {
  const files = new Set(readdirSync(folder));
  return [...files]
    .filter((file) => READABLE.has(extname(file).toLowerCase()) && files.has(`${file.slice(0, -extname(file).length)}.json`))
    .sort()
    .map((file) => {
      const name = file.slice(0, -extname(file).length);
      return {
        name,
        text: readFileSync(join(folder, file), 'utf8'),
        html: extname(file).toLowerCase() !== '.txt',
        annotation: JSON.parse(readFileSync(join(folder, `${name}.json`), 'utf8')) as StatementExtraction,
      };
    });
}

/** The extraction of one annotated statement, read as the CLI reads a file of its kind. */
export function extractAnnotated(statement: AnnotatedStatement): StatementExtraction {
  if (!statement.html) return extractStatement(statement.text);
  const document = statementFromHtml(statement.text);
  return extractStatement(document.text, document.publishedOn ? { publishedOn: document.publishedOn } : {});
}

/** Extracts and scores every annotated statement of `folder`; `total` adds the counts up (micro-average). */
export function scoreAnnotatedStatements(folder: string): { statements: StatementScore[]; total: ExtractionScore } {
  const statements = readAnnotatedStatements(folder).map((statement): StatementScore => {
    const start = performance.now();
    const extraction = extractAnnotated(statement);
    const milliseconds = performance.now() - start;
    return { name: statement.name, score: scoreExtraction(extraction, statement.annotation), extraction, milliseconds };
  });
  return { statements, total: statements.map((s) => s.score).reduce(addExtractionScores, emptyExtractionScore()) };
}
