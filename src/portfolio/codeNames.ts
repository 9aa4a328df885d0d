// The names of the codes a project's records use (status, date types, transaction types,
// organisation roles, sectors...), from the loaded IATI codelists, so that a reader of the project
// sees "Disbursement" where the record says "3". Only codes the codelists know are named; the
// codelists are in English, so the names are too.
import type { Activity } from '../model/activity.js';
import type { Labels } from './labels.js';

/** Codelist name → code → name, for the codes of one project's records. */
export type CodeNames = Record<string, Record<string, string>>;

/** The codelist of a sector code, by its vocabulary (1: DAC 5-digit, 2: DAC 3-digit); others have none. */
const SECTOR_LISTS: Readonly<Record<string, string>> = { '1': 'Sector', '2': 'SectorCategory' };
/** The codelist of a region code, by its vocabulary (1: OECD DAC regions). */
const REGION_LISTS: Readonly<Record<string, string>> = { '1': 'Region' };

/** Every (codelist, code) pair that the records use. */
function codesOf(records: readonly Activity[]): [string, string | null | undefined][] {
  return records.flatMap((r): [string, string | null | undefined][] => [
    ['ActivityStatus', r.statusCode],
    ['Currency', r.defaultCurrency],
    ['Language', r.defaultLanguage],
    ['OrganisationType', r.reportingOrg.type],
    ...r.descriptions.map((d): [string, string | null] => ['DescriptionType', d.type]),
    ...r.dates.map((d): [string, string] => ['ActivityDateType', d.type]),
    ...r.recipientCountries.map((c): [string, string] => ['Country', c.code]),
    ...r.recipientRegions.flatMap((g): [string, string][] => {
      const list = REGION_LISTS[g.vocabulary];
      return list ? [[list, g.code]] : [];
    }),
    ...r.sectors.flatMap((s): [string, string][] => {
      const list = SECTOR_LISTS[s.vocabulary];
      return [['SectorVocabulary', s.vocabulary], ...(list ? [[list, s.code] as [string, string]] : [])];
    }),
    ...r.participatingOrgs.flatMap((o): [string, string | null][] => [
      ['OrganisationRole', o.role],
      ['OrganisationType', o.type],
    ]),
    ...r.transactions.flatMap((t): [string, string | null][] => [
      ['TransactionType', t.type],
      ['Currency', t.value.currency],
    ]),
    ...r.budgets.flatMap((b): [string, string | null][] => [
      ['BudgetType', b.type],
      ['BudgetStatus', b.status],
      ['Currency', b.value.currency],
    ]),
    ...r.relatedActivities.map((a): [string, string | null] => ['RelatedActivityType', a.type]),
    ...r.documents.flatMap((d) => d.categories.map((c): [string, string] => ['DocumentCategory', c])),
    ...r.financing.map((f): [string, string | null] => ['Currency', f.amount.currency]),
  ]);
}

/** The names the codelists give the codes of `records`; a code they do not know is left out. */
export function codeNamesOf(records: readonly Activity[], labels: Labels): CodeNames {
  const names: CodeNames = {};
  for (const [list, code] of codesOf(records)) {
    if (!code) continue;
    const name = labels.name(list, code);
    if (name === null) continue;
    names[list] ??= {};
    (names[list] as Record<string, string>)[code] = name;
  }
  return names;
}
