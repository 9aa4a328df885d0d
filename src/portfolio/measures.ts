// How the sums behind every figure become US dollars, and the answer's currency (which amounts are
// commitments and disbursements is defined once, in model/activityFacts.ts measureFlows).
import type { Measure } from '../model/activityFacts.js';
import type { MoneySum } from '../store/activityQueries.js';
import { DEFAULT_CURRENCY, type UsdConverter } from './currency.js';

export interface MoneyMeasures {
  /** US dollars; null when no record of the activities reports the measure ("not reported", never 0). */
  commitmentUsd: number | null;
  disbursementUsd: number | null;
  /**
   * In the answer's currency (its `currency`; the dollars again for USD); null when not reported, or
   * when none of the amounts has a rate of that currency for its value date (the notes say so).
   */
  commitment: number | null;
  disbursement: number | null;
}

/** One key's sums of each measure, in dollars and in the answer's currency (null: nothing had its rate). */
export interface KeyMoney {
  commitmentUsd: number;
  disbursementUsd: number;
  commitment: number | null;
  disbursement: number | null;
}

/** How many activities report each measure (have at least one amount of it). */
export interface Reporting {
  commitment: number;
  disbursement: number;
}

/** The dollars of each measure that some activity reports; null for a measure none reports. */
export function reportedMoney(money: KeyMoney | undefined, reporting: Reporting): MoneyMeasures {
  return {
    commitmentUsd: reporting.commitment > 0 ? (money?.commitmentUsd ?? 0) : null,
    disbursementUsd: reporting.disbursement > 0 ? (money?.disbursementUsd ?? 0) : null,
    commitment: reporting.commitment > 0 ? (money ? money.commitment : 0) : null,
    disbursement: reporting.disbursement > 0 ? (money ? money.disbursement : 0) : null,
  };
}

/** What share of the activities each sum covers, said once per answer when it is not all of them. */
export function reportingNotes(total: { activities: number; reporting: Reporting }): string[] {
  const names = { commitment: 'Commitments', disbursement: 'Disbursements' } as const;
  return (['commitment', 'disbursement'] as const).flatMap((measure) => {
    const n = total.reporting[measure];
    if (total.activities === 0 || n === total.activities) return [];
    if (n === 0) return [`${names[measure]}: not reported by any of the ${total.activities} activities (shown as — or null, not 0).`];
    return [
      `${names[measure]}: reported by ${n} of ${total.activities} activities; the sum covers only those (— or null where none of a row's activities report it).`,
    ];
  });
}

/** Collects what conversion could not do, to tell the user once per answer. */
export class ConversionNotes {
  readonly unconverted = new Map<string, number>();
  /** Sums with dollars but no rate of the answer's currency for their value date, left out of its figures. */
  readonly noTargetRate = { sums: 0, usd: 0 };
  annualFallbacks = 0;

  constructor(readonly currency = DEFAULT_CURRENCY) {}

  lines(hasRates: boolean): string[] {
    const lines: string[] = [];
    if (!hasRates && this.unconverted.size > 0)
      lines.push('No exchange rates are loaded: run `devfin rates update`. Only USD amounts are counted.');
    if (this.unconverted.size > 0) {
      // By currency code: the order in which the store returned the sums is no order at all.
      const parts = [...this.unconverted]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([currency, units]) => `${currency} ${Math.round(units).toLocaleString('en-US')}`);
      lines.push(`Not converted to USD (no rate for their value date), left out of the totals: ${parts.join(', ')}.`);
    }
    if (this.annualFallbacks > 0)
      lines.push(`${this.annualFallbacks} sums were converted at an annual average rate because no monthly rate exists.`);
    if (this.currency !== DEFAULT_CURRENCY) {
      lines.push(
        `Amounts in ${this.currency}: each converted to USD, then to ${this.currency} at the rate of the same value date (monthly, else the annual average).`,
      );
      if (this.noTargetRate.sums > 0)
        lines.push(
          `Not converted to ${this.currency} (no ${this.currency} rate for their value date), left out of the ${this.currency} figures: ${this.noTargetRate.sums.toLocaleString('en-US')} ${this.noTargetRate.sums === 1 ? 'sum' : 'sums'} of amounts (one currency and month each), USD ${Math.round(this.noTargetRate.usd).toLocaleString('en-US')} in all; a figure none of whose amounts converts is null, not 0.`,
        );
    }
    return lines;
  }
}

/**
 * The sums of all keys together, per measure, currency and month, under the key 'all': what the
 * store gives when asked for the sums without grouping, in its order (missing values first, then
 * by code unit), so that the dollars are added up in the same order and come out the same.
 */
export function sumsOverKeys(sums: MoneySum[]): MoneySum[] {
  const merged = new Map<string, MoneySum>();
  for (const sum of sums) {
    const bucket = `${sum.measure}\u0000${sum.currency ?? ''}\u0000${sum.month ?? ''}`;
    const found = merged.get(bucket);
    if (found) found.hundredths += sum.hundredths;
    else merged.set(bucket, { key: 'all', measure: sum.measure, currency: sum.currency, month: sum.month, hundredths: sum.hundredths });
  }
  return [...merged.values()].sort((a, b) => byValue(a.measure, b.measure) || byValue(a.currency, b.currency) || byValue(a.month, b.month));
}

function byValue(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/** Commitments and disbursements in USD and in the notes' currency per key, from sums per currency and month. */
export function moneyByKey(sums: MoneySum[], converter: UsdConverter, notes: ConversionNotes): Map<string, KeyMoney> {
  const grouped = new Map<string, Record<Measure, MoneySum[]>>();
  for (const sum of sums) {
    const byMeasure = grouped.get(sum.key) ?? { commitment: [], disbursement: [] };
    byMeasure[sum.measure].push(sum);
    grouped.set(sum.key, byMeasure);
  }
  const result = new Map<string, KeyMoney>();
  for (const [key, byMeasure] of grouped) {
    const convert = (measure: Measure) => {
      const conversion = converter.convert(byMeasure[measure], notes.currency);
      for (const [currency, units] of conversion.unconverted)
        notes.unconverted.set(currency, (notes.unconverted.get(currency) ?? 0) + units);
      notes.noTargetRate.sums += conversion.noTargetRate.sums;
      notes.noTargetRate.usd += conversion.noTargetRate.usd;
      notes.annualFallbacks += conversion.annualFallbacks;
      // Not reported is not zero: when every amount with dollars lacks a rate of the target for its date, the figure is unknown.
      const unknown = conversion.inTarget === 0 && conversion.noTargetRate.sums > 0;
      return { usd: Math.round(conversion.usd), amount: unknown ? null : Math.round(conversion.amount) };
    };
    const commitment = convert('commitment');
    const disbursement = convert('disbursement');
    result.set(key, {
      commitmentUsd: commitment.usd,
      disbursementUsd: disbursement.usd,
      commitment: commitment.amount,
      disbursement: disbursement.amount,
    });
  }
  return result;
}

/** Dollars and the notes' currency per key, each measure null for a key with no amount of it (see reportedMoney). */
export function reportedMoneyByKey(sums: MoneySum[], converter: UsdConverter, notes: ConversionNotes): Map<string, MoneyMeasures> {
  const reporting = new Map<string, Reporting>();
  for (const sum of sums) {
    const counts = reporting.get(sum.key) ?? { commitment: 0, disbursement: 0 };
    counts[sum.measure] = 1;
    reporting.set(sum.key, counts);
  }
  const usd = moneyByKey(sums, converter, notes);
  return new Map([...reporting].map(([key, counts]) => [key, reportedMoney(usd.get(key), counts)]));
}
