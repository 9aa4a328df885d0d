// devfin activity ID: one project with every field as read and the records it came from.
import type { Command } from 'commander';
import { portfolioActivity } from '../../portfolio/activities.js';
import { addCurrencyOption, addStoreOption, currencyOption, withStore } from '../options.js';
import { formatAmount, printNotes } from '../output.js';

export function registerActivity(program: Command): void {
  const activity = addStoreOption(
    program
      .command('activity')
      .description('one activity with every field as read and where it came from')
      .argument('<id>', 'activity identifier, e.g. 44000-P179204 (or P179204 when only one activity ends with it)')
      .option('--json', 'print JSON'),
  );
  addCurrencyOption(activity).action(async (id: string, options: { db?: string; json?: boolean; currency?: string }) => {
    const detail = await withStore(options, async (store) => portfolioActivity(store, id, await currencyOption(store, options)), {
      create: false,
    });
    if (!detail) {
      process.stderr.write(`error: no activity with id ${id} in the store\n`);
      process.exitCode = 1;
      return;
    }
    if (options.json) {
      process.stdout.write(`${JSON.stringify(detail, null, 2)}\n`);
      return;
    }
    const a = detail.activity;
    const lines = [
      `${a.id}  ${a.titles[0]?.text ?? ''}`,
      `financiers:   ${detail.financiers.join('; ')}`,
      `status:       ${detail.status.status ?? 'unknown'} on ${detail.status.day}${
        detail.status.status === a.status ? '' : `; the source says ${a.status} (as of ${detail.status.statusDate ?? 'an unknown date'})`
      }${a.statusCode ? ` (IATI code ${a.statusCode})` : ''}`,
      `dates:        ${a.dates.map((d) => `${DATE_TYPES[d.type] ?? d.type} ${d.date}`).join(', ') || '-'}`,
      `countries:    ${a.recipientCountries.map((c) => (c.percentage == null ? c.code : `${c.code} ${c.percentage}%`)).join(', ') || '-'}`,
      `regions:      ${a.recipientRegions.map((r) => (r.percentage == null ? r.code : `${r.code} ${r.percentage}%`)).join(', ') || '-'}`,
      `sectors:      ${a.sectors.map((s) => `${s.code}${s.percentage == null ? '' : ` ${s.percentage}%`}`).join(', ') || '-'}`,
      ...(a.themes?.length
        ? [`themes:       ${a.themes.map((t) => `${t.name}${t.percentage == null ? '' : ` ${t.percentage}%`}`).join(', ')}`]
        : []),
      `instrument:   ${a.instrument ?? '-'}   approved: ${a.approvalDate ?? '-'}`,
      `commitments:  ${detail.currency} ${formatAmount(detail.commitment)}   disbursements: ${detail.currency} ${formatAmount(detail.disbursement)}`,
      `participants: ${a.participatingOrgs.map((o) => `${o.names[0]?.text ?? o.ref ?? '?'} [role ${o.role ?? '?'}]`).join('; ') || '-'}`,
      `transactions: ${a.transactions.length}   budgets: ${a.budgets.length}   locations: ${a.locations.length}   documents: ${a.documents.length}`,
      ...detail.records.map(
        (r) =>
          `source:       ${r.id} from ${r.provenance.source} ${r.provenance.location}${r.provenance.line ? `:${r.provenance.line}` : ''} (imported ${r.provenance.importedAt})`,
      ),
      '(--json shows every field)',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    printNotes(detail.notes);
  });
}

const DATE_TYPES: Record<string, string> = { '1': 'planned start', '2': 'actual start', '3': 'planned end', '4': 'actual end' };
