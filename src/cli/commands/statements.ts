// devfin statements extract: read a press release (a text or HTML file, or a web page) and show the
// organisations, people, countries and programmes it names, the figures it claims and the events
// it reports. --json prints the extraction contract of DESIGN.md.
import type { Command } from 'commander';
import type { Claim, StatementExtraction } from '../../model/statement.js';
import type { StatementDocument } from '../../statements/document.js';
import { isoDate } from '../options.js';
import { type Column, printNotes, tableOf } from '../output.js';
import { registerStatementCheck } from './statementsCheck.js';
import { registerStatementTimeline } from './statementsTimeline.js';

/** 8,000,000,000 for amounts; a year or a rank without separators. */
const valueText = (claim: Claim) =>
  claim.value.toLocaleString('en-US', { maximumFractionDigits: 2, useGrouping: claim.measure !== 'year' && claim.measure !== 'rank' });

function printSummary(document: StatementDocument, publishedOn: string | null, extraction: StatementExtraction): void {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const { entities, claims, events } = extraction;
  if (document.title) out(document.title);
  out(`published: ${publishedOn ?? 'unknown'}${document.source ? `   source: ${document.source}` : ''}`);
  out();
  out(`Organisations: ${entities.organisations.join('; ') || '-'}`);
  out(`Countries:     ${entities.countries.join(' ') || '-'}`);
  out(`Programmes:    ${entities.programmes.join('; ') || '-'}`);
  out('People:');
  if (entities.people.length === 0) out('  -');
  for (const person of entities.people) {
    const role = [person.role, person.organisation].filter(Boolean).join(', ');
    out(`  ${person.name}${role ? ` — ${role}` : ''}`);
  }
  out();
  out(`Claims (${claims.length}):`);
  if (claims.length > 0) {
    const columns: Column<Claim>[] = [
      { header: 'text', value: (c) => c.text },
      { header: 'measure', value: (c) => c.measure },
      { header: 'value', value: valueText, numeric: true },
      { header: 'unit', value: (c) => c.unit },
      { header: 'qualifier', value: (c) => c.qualifier },
      { header: 'financier', value: (c) => c.scope.financier },
      { header: 'country', value: (c) => c.scope.country },
      { header: 'period', value: (c) => c.scope.period },
      { header: 'status', value: (c) => c.scope.status },
    ];
    out(tableOf(claims, columns));
  }
  out();
  out(`Events (${events.length}):`);
  for (const event of events) {
    const where = [event.date ?? 'undated', event.place].filter(Boolean).join(', ');
    out(`  ${event.type} (${where})${event.participants.length > 0 ? `: ${event.participants.join('; ')}` : ''}`);
    out(`    "${event.text}"`);
  }
}

export function registerStatements(program: Command): void {
  const statements = program
    .command('statements')
    .description('official statements: the entities, figures and events a press release states');
  statements
    .command('extract')
    .description('read a press release (text or HTML file, or URL) and list its entities, quantitative claims and events')
    .argument('<file-or-url>', 'a .txt or .html file, or an http(s) URL')
    .option('--json', 'print JSON (the extraction contract, stable for scripts)')
    .option('--date <YYYY-MM-DD>', 'publication date, for relative days ("on Friday"); wins over the date the file or page gives', isoDate)
    .action(async (input: string, options: { json?: boolean; date?: string }) => {
      const { readStatement, extract } = await import('./statementReader.js');
      const document = await readStatement(input);
      const publishedOn = options.date ?? document.publishedOn;
      const extraction = extract(document, publishedOn);
      if (options.json) process.stdout.write(`${JSON.stringify(extraction, null, 2)}\n`);
      else printSummary(document, publishedOn, extraction);
      if (!publishedOn)
        printNotes(['the publication date is unknown: relative days ("on Friday") are left undated; give --date YYYY-MM-DD']);
    });
  registerStatementCheck(statements);
  registerStatementTimeline(statements);
}
