// devfin statements add FILE / statements timeline: keep statements, and read the events they
// report as a country's timeline of engagements.
import type { Command } from 'commander';
import { keepStatement, statementPublicationDate } from '../../ingest/keepStatement.js';
import { engagementTimeline } from '../../portfolio/timeline.js';
import { addStoreOption, countryCode, isoDate, withStore } from '../options.js';

export function registerStatementTimeline(statements: Command): void {
  addStoreOption(
    statements
      .command('add')
      .description('keep a statement: its events join the timeline of engagements of the countries it names')
      .argument('<files...>', '.txt or .html files')
      .option('--date <YYYY-MM-DD>', 'publication date, when the file does not give one', isoDate),
  ).action(async (files: string[], options: { db?: string; date?: string }) => {
    const { readStatement, extract } = await import('./statementReader.js');
    await withStore(options, async (store) => {
      for (const file of files) {
        const document = await readStatement(file);
        const publishedOn = await statementPublicationDate(store, document.text, options.date ?? document.publishedOn);
        const extraction = extract(document, publishedOn);
        const id = await keepStatement(store, {
          text: document.text,
          source: document.source ?? file,
          title: document.title,
          publishedOn,
          extraction,
        });
        process.stderr.write(
          `kept ${file} as ${id}: ${extraction.events.length} events, ${extraction.claims.length} claims, countries ${extraction.entities.countries.join(' ') || '-'}${publishedOn ? '' : ' (no publication date: give --date)'}\n`,
        );
      }
    });
  });

  addStoreOption(
    statements
      .command('timeline')
      .description('the events of the kept statements in date order: meetings, agreements signed, loans approved, visits')
      .option('--country <ISO2>', 'only statements that name this country', (v) => countryCode(v)[0] as string)
      .option('--json', 'print JSON'),
  ).action(async (options: { db?: string; country?: string; json?: boolean }) => {
    const entries = await withStore(options, (store) => engagementTimeline(store, { country: options.country }), { create: false });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
      return;
    }
    for (const e of entries) {
      const when = e.when ? `${e.when}${e.dated ? '' : ' (published)'}` : 'undated';
      process.stdout.write(
        `${when}  ${e.type}${e.place ? ` in ${e.place}` : ''}${e.participants.length ? `: ${e.participants.join('; ')}` : ''}\n    "${e.text}"\n    (${e.statement.title ?? e.statement.source ?? e.statement.id})\n`,
      );
    }
    if (entries.length === 0) process.stderr.write('no events: keep statements with devfin statements add FILE\n');
  });
}
