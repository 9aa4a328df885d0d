// EBRD's list of Project Summary Documents, as the project pages of ebrd.com export it to CSV:
// Project ID, Title, Country, Sector, Project status, Publication date ("05 Mar 2021"), quoted
// fields that hold commas ("Kazakhstan, Uzbekistan"), and the EBRD finance of the project in euros
// where the export gives it (see test/fixtures/ebrd/README.md for the shape).
//
// The record's id is the one EBRD's IATI activities carry (XI-IATI-EBRD-50756 for project 50756),
// so the list and EBRD's IATI file describe one project; `devfin activity 50756` finds it.
// Amounts stay in euros with their value date (the board date where the list gives one, else the
// publication date); the portfolio converts them to dollars at that month's rate.
import { InputError, type InputWarning } from '../../model/problems.js';
import type { SourceRecord } from '../../model/sourceRecord.js';
import type { ActivityStatus } from '../../model/status.js';
import { bankProjectActivity, EBRD } from '../bankProject.js';
import { readBankDate, readPlainAmount, readWordedAmount } from '../bankValues.js';
import { readCsvText } from '../csvText.js';

export const EBRD_PSD_COLUMNS = ['Project ID', 'Title', 'Country', 'Sector', 'Project status', 'Publication date'] as const;

/** Headers under which the export gives the EBRD finance, in euros. */
const AMOUNT_COLUMNS = ['EBRD Finance (EUR)', 'EBRD finance', 'Total EBRD finance (EUR)'];
const BOARD_DATE_COLUMNS = ['Board date', 'Board Date'];

/**
 * EBRD's project stages: reviews before the board are the pipeline; approved, signed, disbursing
 * and repaying projects are under way; complete or repaid ones closed; cancelled ones dropped.
 */
const STATUSES: Record<string, ActivityStatus> = {
  'concept reviewed': 'pipeline',
  'passed concept review': 'pipeline',
  'pending final review': 'pipeline',
  'passed final review': 'pipeline',
  'final review': 'pipeline',
  'pending board approval': 'pipeline',
  'board approved': 'active',
  signed: 'active',
  disbursing: 'active',
  repaying: 'active',
  complete: 'closed',
  completed: 'closed',
  repaid: 'closed',
  closed: 'closed',
  cancelled: 'dropped',
  canceled: 'dropped',
};

/** Does this CSV text start like EBRD's PSD list? */
export function looksLikeEbrdPsdList(head: string): boolean {
  return /project id/i.test(head) && /project status/i.test(head) && /publication date/i.test(head);
}

export function* readEbrdPsdList(text: string, source: string, importedAt: string): Generator<SourceRecord> {
  const seen = new Map<string, number>();
  for (const { line, values } of readCsvText(text, source, EBRD_PSD_COLUMNS)) {
    const at = { file: source, line };
    const warning = (message: string): SourceRecord => ({ kind: 'warning', warning: { ...at, message } satisfies InputWarning });
    const projectId = values['Project ID'] ?? '';
    if (!/^\d{3,6}$/.test(projectId))
      throw new InputError(at, `Project ID "${projectId}" is not an EBRD project number (digits, like 50756)`);
    const first = seen.get(projectId);
    if (first !== undefined) throw new InputError(at, `project ${projectId} is listed twice (first at line ${first})`);
    seen.set(projectId, line);

    const published = readDate(values['Publication date'] ?? '', 'Publication date');
    const boardColumn = BOARD_DATE_COLUMNS.find((name) => name in values);
    const board = boardColumn ? readDate(values[boardColumn] ?? '', boardColumn) : { date: null, problem: null };
    for (const problem of [published.problem, board.problem]) if (problem) yield warning(`${projectId}: ${problem}`);
    const statusText = values['Project status'] ?? '';
    const status = STATUSES[statusText.toLowerCase().replace(/\s+/g, ' ')] ?? null;
    if (statusText !== '' && status === null)
      yield warning(`${projectId}: Project status "${statusText}" is not one of EBRD's stages; left out`);

    const amountColumn = AMOUNT_COLUMNS.find((name) => name in values);
    const amountText = amountColumn ? (values[amountColumn] ?? '') : '';
    let amount: string | null = null;
    if (amountText !== '') {
      const read = /[A-Za-z€$]/.test(amountText) ? readWordedAmount(amountText) : { ...readPlainAmount(amountText), currency: 'EUR' };
      if (!read.ok) throw new InputError(at, `${amountColumn}: ${read.reason}`);
      if (read.currency !== 'EUR') throw new InputError(at, `${amountColumn}: "${amountText}" is not in euros`);
      amount = read.amount;
    }
    const valueDate = board.date ?? published.date;
    yield {
      kind: 'activity',
      activity: bankProjectActivity({
        id: `XI-IATI-EBRD-${projectId}`,
        bank: EBRD,
        title: values.Title ?? '',
        country: values.Country ?? '',
        approvalDate: board.date,
        status,
        sector: values.Sector ?? '',
        instrument: '',
        amount: amount !== null && Number(amount) > 0 ? { amount, currency: 'EUR', valueDate } : null,
        extra: {
          projectNumber: projectId,
          status: statusText,
          country: values.Country ?? '',
          publicationDate: published.date ?? '',
          financingAsPublished: amountText,
        },
        provenance: { source: 'ebrd', location: source, line, importedAt },
      }),
    };
  }
}

function readDate(text: string, column: string): { date: string | null; problem: string | null } {
  if (text === '') return { date: null, problem: null };
  const date = readBankDate(text);
  return { date, problem: date === null ? `${column} "${text}" is not a date; left out` : null };
}
