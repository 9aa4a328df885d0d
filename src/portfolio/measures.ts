// How the sums behind every figure become US dollars (which amounts are commitments and
// disbursements is defined once, in model/activityFacts.ts measureFlows).
import type { Measure } from '../model/activityFacts.js';
import type { MoneySum } from '../store/activityQueries.js';
import type { UsdConverter } from './currency.js';

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

/** Commitments and disbursements in USD per key, from sums per currency and month. */
export function moneyByKey(sums: MoneySum[], converter: UsdConverter, notes: ConversionNotes): Map<string, MoneyMeasures> {
  const grouped = new Map<string, Record<Measure, MoneySum[]>>();
  for (const sum of sums) {
    const byMeasure = grouped.get(sum.key) ?? { commitment: [], disbursement: [] };
    byMeasure[sum.measure].push(sum);
    grouped.set(sum.key, byMeasure);
  }
  const result = new Map<string, MoneyMeasures>();
  for (const [key, byMeasure] of grouped) {
    const usd = (measure: Measure) => {
      const conversion = converter.convert(byMeasure[measure]);
      for (const [currency, units] of conversion.unconverted)
        notes.unconverted.set(currency, (notes.unconverted.get(currency) ?? 0) + units);
      notes.annualFallbacks += conversion.annualFallbacks;
      return Math.round(conversion.usd);
    };
    result.set(key, { commitmentUsd: usd('commitment'), disbursementUsd: usd('disbursement') });
  }
  return result;
}
