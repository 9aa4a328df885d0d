// ADB's list of sovereign projects, as the projects pages of adb.org export it to CSV: a few title
// lines, then the header Project Number, Project Name, Country, Approval Date, Status, Sector,
// Modality, ADB Financing in US$ (see test/fixtures/adb/README.md for the shape).
//
// One row per project, numbered as ADB numbers them (54188-001): the number its IATI activities
// carry (46004-54188-001-LN3940, one activity per loan or grant), so the two make one project.
//
// Known flaw of the published list: some nonsovereign rows give an amount in local currency under
// the US$ heading (a tenge loan of KZT 20 billion shown as US$ 20,000,000,000). Such an amount is
// not counted as dollars: the row is kept, the figure is kept as published in `extra`, and a
// warning names the project.
import { InputError, type InputWarning } from '../../model/problems.js';
import type { SourceRecord } from '../../model/sourceRecord.js';
import type { ActivityStatus } from '../../model/status.js';
import { ASIAN_DEVELOPMENT_BANK, bankProjectActivity } from '../bankProject.js';
import { readBankDate, readPlainAmount } from '../bankValues.js';
import { readCsvText } from '../csvText.js';

export const ADB_PROJECT_COLUMNS = [
  'Project Number',
  'Project Name',
  'Country',
  'Approval Date',
  'Status',
  'Sector',
  'Modality',
  'ADB Financing in US$',
] as const;

/**
 * ADB's statuses: Proposed (not yet approved), Approved and Active (under way), Closed, Archived
 * (closed long ago), Dropped / Terminated.
 */
const STATUSES: Record<string, ActivityStatus> = {
  proposed: 'pipeline',
  approved: 'active',
  active: 'active',
  closed: 'closed',
  archived: 'closed',
  completed: 'closed',
  dropped: 'dropped',
  terminated: 'dropped',
  'dropped / terminated': 'dropped',
  cancelled: 'dropped',
};

/** No single nonsovereign ADB commitment comes near this; a larger "US$" figure is in local currency. */
export const ADB_NONSOVEREIGN_CEILING_USD = 1e9;

/** Does this CSV text start like ADB's project list (its header within the first lines)? */
export function looksLikeAdbProjectList(head: string): boolean {
  return /project number/i.test(head) && /adb financing in us\$/i.test(head);
}

/** The activities of ADB's project list; bad rows reject the whole list (InputError with the line). */
export function* readAdbProjectList(text: string, source: string, importedAt: string): Generator<SourceRecord> {
  const seen = new Map<string, number>();
  for (const { line, values } of readCsvText(text, source, ADB_PROJECT_COLUMNS)) {
    const at = { file: source, line };
    const warning = (message: string, notable = false): SourceRecord => ({
      kind: 'warning',
      warning: { ...at, message, ...(notable ? { notable } : {}) } satisfies InputWarning,
    });
    const id = values['Project Number'] ?? '';
    if (!/^\d{4,5}-\d{3}$/.test(id)) throw new InputError(at, `Project Number "${id}" is not an ADB project number (like 54188-001)`);
    const first = seen.get(id);
    if (first !== undefined) throw new InputError(at, `project ${id} is listed twice (first at line ${first})`);
    seen.set(id, line);

    const approvalText = values['Approval Date'] ?? '';
    const approvalDate = readBankDate(approvalText);
    if (approvalText !== '' && approvalDate === null) yield warning(`${id}: Approval Date "${approvalText}" is not a date; left out`);
    const statusText = values.Status ?? '';
    const status = STATUSES[statusText.toLowerCase().replace(/\s+/g, ' ')] ?? null;
    if (statusText !== '' && status === null) yield warning(`${id}: Status "${statusText}" is not one of ADB's statuses; left out`);

    const amountText = values['ADB Financing in US$'] ?? '';
    const amount = readPlainAmount(amountText);
    if (!amount.ok) throw new InputError(at, `ADB Financing in US$: ${amount.reason}`);
    const modality = values.Modality ?? '';
    let counted = amount.amount;
    if (counted !== null && /non-?sovereign/i.test(modality) && Number(counted) >= ADB_NONSOVEREIGN_CEILING_USD) {
      yield warning(
        `${id}: ADB Financing in US$ ${amountText} for a nonsovereign ${modality.toLowerCase().replace(/non-?sovereign\s*/i, '') || 'operation'} is more than ADB lends to one company: most likely local currency labelled US$; not counted`,
        true,
      );
      counted = null;
    }
    yield {
      kind: 'activity',
      activity: bankProjectActivity({
        id,
        bank: ASIAN_DEVELOPMENT_BANK,
        title: values['Project Name'] ?? '',
        country: values.Country ?? '',
        approvalDate,
        status,
        sector: values.Sector ?? '',
        instrument: modality,
        amount: counted !== null && Number(counted) > 0 ? { amount: counted, currency: 'USD', valueDate: approvalDate } : null,
        extra: { status: statusText, country: values.Country ?? '', financingAsPublished: amountText },
        provenance: { source: 'adb', location: source, line, importedAt },
      }),
    };
  }
}
