// devfin programmes [list|show NAME|members NAME]: the programme and framework definitions devfin
// knows, and what the store holds of one: its members and why each is one, its published figures
// beside devfin's.
import type { Command } from 'commander';
import { programmeMemberColumns } from '../../portfolio/columns.js';
import { findProgramme, listProgrammes, type ProgrammeReport, programmeReport } from '../../portfolio/programmes.js';
import { programmeFolders } from '../../sources/programmes.js';
import { addCurrencyOption, addFormatOptions, addStoreOption, currencyOption, outputFormat, withStore } from '../options.js';
import { formatAmount, printNotes, printResult, tableOf } from '../output.js';

export function registerProgrammes(program: Command): void {
  const programmes = program
    .command('programmes')
    .description(
      `programmes and frameworks (YAML/JSON definitions in ${programmeFolders().join(' and ')}; set $DEVFIN_PROGRAMMES to a folder of your own)`,
    );
  programmes
    .command('list', { isDefault: true })
    .description('list the known programmes')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const all = await listProgrammes();
      if (options.json) process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
      else for (const p of all) process.stdout.write(`${p.name.padEnd(24)} ${p.title} (${p.countries.join(' ')})\n`);
    });
  const show = addStoreOption(
    programmes
      .command('show')
      .description("one programme: its definition, devfin's figures, its published figures beside devfin's, warnings about its rules")
      .argument('<name>')
      .option('--json', 'print JSON (the definition, figures, comparisons, members with their evidence, warnings)'),
  );
  addCurrencyOption(show).action(async (name: string, options: { db?: string; json?: boolean; currency?: string }) => {
    const programme = await findProgramme(name);
    const report = await withStore(options, async (store) => programmeReport(store, programme, await currencyOption(store, options)));
    if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stdout.write(reportText(report));
    for (const warning of report.warnings) process.stderr.write(`warning: ${warning}\n`);
    if (!options.json) printNotes(report.notes);
  });
  const members = addStoreOption(
    addFormatOptions(
      programmes
        .command('members')
        .description('the projects of a programme in the store, each with the evidence that makes it a member and its parts')
        .argument('<name>'),
    ),
  );
  addCurrencyOption(members).action(async (name: string, options: { db?: string; json?: boolean; csv?: boolean; currency?: string }) => {
    const programme = await findProgramme(name);
    const report = await withStore(options, async (store) => programmeReport(store, programme, await currencyOption(store, options)));
    printResult(outputFormat(options), report.members, report.members, [...programmeMemberColumns(report.currency)]);
    if (outputFormat(options) === 'table') printNotes([`${report.members.length} members`]);
  });
}

const money = (value: number | null, currency: string) => (value === null ? 'not reported' : `${currency} ${formatAmount(value)}`);

/** A published figure or devfin's beside it: amounts in USD, as programmes publish them. */
function figureText(figure: string, value: number | null): string {
  if (value === null) return '—';
  return figure === 'projects' ? formatAmount(value) : money(value, 'USD');
}

function reportText(report: ProgrammeReport): string {
  const lines = [`${report.name}: ${report.title}`, `countries: ${report.countries.join(' ')}`];
  for (const [country, places] of Object.entries(report.places ?? {})) lines.push(`  ${country} takes part through: ${places.join(', ')}`);
  if (report.description) lines.push(report.description);
  lines.push(
    '',
    `devfin holds ${formatAmount(report.figures.projects)} member projects: commitments ${money(report.figures.commitment, report.currency)}, disbursements ${money(report.figures.disbursement, report.currency)}`,
  );
  for (const part of report.partCounts) lines.push(`  part ${part.part}: ${formatAmount(part.projects)} projects`);
  const byEvidence = new Map<string, number>();
  for (const member of report.members) for (const e of member.evidence) byEvidence.set(e, (byEvidence.get(e) ?? 0) + 1);
  if (byEvidence.size > 0) {
    lines.push('evidence (a member can have several; `devfin programmes members` lists each):');
    for (const [evidence, count] of [...byEvidence].sort((a, b) => b[1] - a[1])) lines.push(`  ${String(count).padStart(6)}  ${evidence}`);
  }
  if (report.comparisons.length > 0) {
    lines.push('', "Published figures beside devfin's (devfin's as of the same day):");
    const rows = report.comparisons.map((c) => ({
      figure: c.financier ? `${c.figure} (${c.financier})` : c.share ? `${c.figure} (${c.share})` : c.figure,
      asOf: c.asOf,
      published: figureText(c.figure, c.value),
      devfin: figureText(c.figure, c.devfin),
      difference: c.difference === null ? '—' : `${c.difference > 0 ? '+' : ''}${figureText(c.figure, c.difference)}`,
    }));
    lines.push(
      tableOf(rows, [
        { header: 'figure', value: (r) => r.figure },
        { header: 'as of', value: (r) => r.asOf },
        { header: 'published', value: (r) => r.published, numeric: true },
        { header: 'devfin', value: (r) => r.devfin, numeric: true },
        { header: 'difference', value: (r) => r.difference, numeric: true },
      ]),
    );
    for (const c of report.comparisons) {
      lines.push(
        `- ${c.figure}${c.financier ? ` (${c.financier})` : c.share ? ` (${c.share})` : ''}: ${c.explanation}`,
        `  source: ${c.source}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
