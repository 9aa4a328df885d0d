// Facts derived from an activity the same way for every source, so filters and lists agree.
import type { Activity, Money, Narrative } from './activity.js';
import { knownFinancier } from './financierAliases.js';

/** The text in the wanted language, else English, else the first given. */
export function preferredText(narratives: Narrative[], lang = 'en'): string | null {
  const pick = narratives.find((n) => n.lang === lang) ?? narratives.find((n) => n.lang === 'en') ?? narratives[0];
  return pick?.text ?? null;
}

/** The financier is the organisation that reports the activity and its money (one name per known organisation). */
export function financierName(activity: Activity): string {
  return leadFinancier(activity).financier;
}

/** The reporting organisation as a financier: its name and ref, merged with a known organisation's (model/financierAliases.ts). */
function leadFinancier(activity: Activity): { financier: string; financierRef: string | null } {
  const { names, ref } = activity.reportingOrg;
  return knownFinancier(preferredText(names) ?? ref ?? 'Unknown', ref);
}

const dateOfType = (activity: Activity, type: string) => activity.dates.find((d) => d.type === type)?.date ?? null;

/**
 * The board approval date where the source gives one. IATI has none; the actual start (else the
 * planned start, else the first commitment) stands in for it.
 */
export function approvalDate(activity: Activity): string | null {
  if (activity.approvalDate) return activity.approvalDate;
  const firstCommitment = activity.transactions
    .filter((t) => t.type === '2' && t.date)
    .map((t) => t.date as string)
    .sort()[0];
  return dateOfType(activity, '2') ?? dateOfType(activity, '1') ?? firstCommitment ?? null;
}

/** Actual end, else planned end. */
export function closingDate(activity: Activity): string | null {
  return dateOfType(activity, '4') ?? dateOfType(activity, '3');
}

/** Description of type 2 (objectives), else the general one, else any. */
export function objective(activity: Activity): string | null {
  const byType = (type: string | null) => activity.descriptions.find((d) => d.type === type && d.narratives.length > 0);
  const description = byType('2') ?? byType('1') ?? byType(null) ?? activity.descriptions.find((d) => d.narratives.length > 0);
  return description ? preferredText(description.narratives) : null;
}

/**
 * Shares 0..1 from percentages, normalised to add up to 1 (publishers' percentages do not always
 * add up to 100); equal shares when no percentage is given.
 */
function withShares<T extends { percentage: number | null }>(items: T[]): (T & { share: number })[] {
  const total = items.reduce((sum, item) => sum + (item.percentage ?? 0), 0);
  return items.map((item) => ({ ...item, share: total > 0 ? (item.percentage ?? 0) / total : 1 / items.length }));
}

/** Recipient countries on the activity, else those named on its transactions, with their shares. */
export function recipientCountries(activity: Activity): { code: string; percentage: number | null; share: number }[] {
  if (activity.recipientCountries.length > 0) return withShares(activity.recipientCountries);
  const codes = new Set(activity.transactions.flatMap((t) => t.recipientCountries));
  return withShares([...codes].map((code) => ({ code, percentage: null })));
}

export type Measure = 'commitment' | 'disbursement';

/** An amount that counts towards a measure, and the financier it counts for. */
export interface MeasureFlow {
  measure: Measure;
  financier: string;
  financierRef: string | null;
  money: Money;
}

/**
 * The amounts behind the commitment and disbursement figures. Commitments come from the financing
 * lines where a source lists them (each financier counted once, with its own amount), else from
 * IATI commitment transactions (type 2) credited to the reporting organisation. Disbursements are
 * IATI disbursement transactions (type 3).
 */
export function measureFlows(activity: Activity): MeasureFlow[] {
  const lead = leadFinancier(activity);
  const fromTransactions = (type: string, measure: Measure) =>
    activity.transactions.filter((t) => t.type === type).map((t) => ({ measure, ...lead, money: t.value }));
  const commitments =
    activity.financing.length > 0
      ? activity.financing.map((f) => ({
          measure: 'commitment' as const,
          ...knownFinancier(f.financier, f.financierRef),
          money: f.amount,
        }))
      : fromTransactions('2', 'commitment');
  return [...commitments, ...fromTransactions('3', 'disbursement')];
}

/** Everyone who finances the activity: the reporting financier and every financing line's. */
export function financiers(activity: Activity): { financier: string; financierRef: string | null; role: 'lead' | 'co-financing' }[] {
  const all = [
    { ...leadFinancier(activity), role: 'lead' as const },
    ...activity.financing.map((f) => ({ ...knownFinancier(f.financier, f.financierRef), role: f.role })),
  ];
  const seen = new Set<string>();
  return all.filter((f) => {
    const key = `${f.financier}|${f.financierRef}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
