// devfin statements check FILE: each figure of a statement against the loaded portfolio.
import type { Command } from 'commander';
import type { Accepted } from '../../verify/checkClaim.js';
import { addStoreOption, isoDate, withStore } from '../options.js';
import { formatAmount, printNotes } from '../output.js';

const VERDICTS = { supported: 'SUPPORTED', contradicted: 'CONTRADICTED', not_verifiable: 'NOT VERIFIABLE' } as const;

export function registerStatementCheck(statements: Command): void {
  addStoreOption(
    statements
      .command('check')
      .description(
        'check each figure of a statement against the loaded portfolio: supported, contradicted or not verifiable, with the projects behind',
      )
      .argument('<file>', 'a .txt or .html file')
      .option('--date <YYYY-MM-DD>', 'the date the statement speaks of (default: its publication date, else today)', isoDate)
      .option('--json', 'print JSON'),
  ).action(async (file: string, options: { db?: string; date?: string; json?: boolean }) => {
    const [{ readStatement }, { checkStatementDocument }] = await Promise.all([
      import('./statementReader.js'),
      import('../../verify/checkStatement.js'),
    ]);
    const document = await readStatement(file);
    const today = new Date().toISOString().slice(0, 10);
    const { asOf, dateAssumed, checks } = await withStore(
      options,
      (store) => checkStatementDocument(store, document, options.date, today),
      { create: false },
    );
    const notes = dateAssumed ? [`the statement gives no date: checked as of today (${today}); give --date YYYY-MM-DD`] : [];
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ asOf, dateAssumed, checks }, null, 2)}\n`);
    } else {
      for (const check of checks) {
        const show = (value: number | null) =>
          value === null ? '-' : check.claim.measure === 'amount' ? `USD ${formatAmount(value)}` : String(Math.round(value * 100) / 100);
        // The precision a claim is read at ("$8bn": 7.5 to 8.5 billion); "over", "up to" say theirs.
        const range = (a: Accepted | null) =>
          a?.min != null && a.max != null && a.min !== a.max ? ` (${show(a.min)} to ${show(a.max)} bear it out)` : '';
        process.stdout.write(`\n"${check.claim.text}"  →  ${VERDICTS[check.verdict]}\n`);
        process.stdout.write(
          `  claimed ${check.claim.qualifier} ${show(check.claimed)}${range(check.accepted)}; the data: ${show(check.figure)} (${check.definition})\n`,
        );
        // The finding says it in words; a supported portfolio figure has said it in the line above.
        const said = check.subject.kind === 'portfolio' && (check.verdict === 'supported' || check.finding.startsWith('contradicted: '));
        if (!said) process.stdout.write(`  ${check.finding}\n`);
        if (check.reason && check.finding !== check.reason && !check.finding.endsWith(check.reason))
          process.stdout.write(`  ${check.reason}\n`);
        for (const alt of check.alternatives.filter((a) => said || !check.finding.includes(a.definition)).slice(0, 5))
          process.stdout.write(`  or ${alt.definition}: ${show(alt.figure)} (${alt.verdict.replace('_', ' ')})\n`);
        if (check.projects.length > 0)
          process.stdout.write(
            `  behind it: ${check.projects
              .slice(0, 8)
              .map((p) => p.id)
              .join(', ')}${check.projects.length > 8 ? ', …' : ''}\n`,
          );
      }
      if (checks.length === 0) process.stdout.write('no quantitative claims found\n');
    }
    printNotes(notes);
  });
}
