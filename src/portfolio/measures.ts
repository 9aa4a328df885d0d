// The definitions behind every figure: which transactions are commitments and disbursements, and
// how their sums become US dollars.
import type { MoneySum } from '../store/activityQueries.js';
import type { Store } from '../store/open.js';
import { loadExchangeRates } from '../store/reference.js';
import { UsdConverter } from './currency.js';

/** IATI TransactionType 2 (Outgoing Commitment) and 3 (Disbursement). */
export const COMMITMENT = '2';
export const DISBURSEMENT = '3';
export const MONEY_TYPES = [COMMITMENT, DISBURSEMENT];

export interface MoneyMeasures {
  commitmentUsd: number;
  disbursementUsd: number;
}

/** Collects what conversion could not do, to tell the user once per answer. */
export class ConversionNotes {
  readonly unconverted = new Map<string, number>();
  annualFallbacks = 0;

  lines(hasRates: boolean): string[] {
    const lines: string[] = [];
    if (!hasRates && this.unconverted.size > 0)
      lines.push('No exchange rates are loaded: run `devfin rates update`. Only USD amounts are counted.');
    if (this.unconverted.size > 0) {
      const parts = [...this.unconverted].map(([currency, units]) => `${currency} ${Math.round(units).toLocaleString('en-US')}`);
      lines.push(`Not converted to USD (no rate for their value date), left out of the totals: ${parts.join(', ')}.`);
    }
    if (this.annualFallbacks > 0)
      lines.push(`${this.annualFallbacks} sums were converted at an annual average rate because no monthly rate exists.`);
    return lines;
  }
}

export async function loadConverter(store: Store): Promise<UsdConverter> {
  return new UsdConverter(await loadExchangeRates(store));
}

/** Commitments and disbursements in USD per key, from sums per currency and month. */
export function moneyByKey(sums: MoneySum[], converter: UsdConverter, notes: ConversionNotes): Map<string, MoneyMeasures> {
  const grouped = new Map<string, { [type: string]: MoneySum[] }>();
  for (const sum of sums) {
    const byType = grouped.get(sum.key) ?? {};
    byType[sum.type] = [...(byType[sum.type] ?? []), sum];
    grouped.set(sum.key, byType);
  }
  const result = new Map<string, MoneyMeasures>();
  for (const [key, byType] of grouped) {
    const usd = (type: string) => {
      const conversion = converter.convert(byType[type] ?? []);
      for (const [currency, units] of conversion.unconverted)
        notes.unconverted.set(currency, (notes.unconverted.get(currency) ?? 0) + units);
      notes.annualFallbacks += conversion.annualFallbacks;
      return Math.round(conversion.usd);
    };
    result.set(key, { commitmentUsd: usd(COMMITMENT), disbursementUsd: usd(DISBURSEMENT) });
  }
  return result;
}
