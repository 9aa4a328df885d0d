// Converts sums in their own currency to US dollars, once, at the monthly rate of their value date
// (the annual average where no monthly rate exists), and says what it could not convert. A figure
// shown in another currency is the dollars of each sum converted on at the rate of the same value
// date: a cross rate per month, never today's rate applied to old amounts.
import type { ExchangeRate } from '../model/exchangeRate.js';

/** The currency figures are given in when none is asked for. */
export const DEFAULT_CURRENCY = 'USD';

export interface Conversion {
  usd: number;
  /** The sum in the target currency (equal to `usd` for USD): the sums with a target rate for their date. */
  amount: number;
  /** How many sums `amount` holds. */
  inTarget: number;
  /** Amounts with no usable rate, by currency (in units of that currency), left out of `usd`. */
  unconverted: Map<string, number>;
  /** Sums that have dollars but no rate of the target currency for their date, left out of `amount`. */
  noTargetRate: { sums: number; usd: number };
  /** How many sums were converted at an annual average because no monthly rate existed (theirs or the target's). */
  annualFallbacks: number;
}

export class UsdConverter {
  private readonly monthly = new Map<string, number>();
  private readonly annual = new Map<string, number>();

  constructor(rates: ExchangeRate[]) {
    for (const rate of rates) {
      (rate.frequency === 'M' ? this.monthly : this.annual).set(`${rate.currency}|${rate.period}`, rate.unitsPerUsd);
    }
  }

  get hasRates(): boolean {
    return this.monthly.size + this.annual.size > 0;
  }

  /** The currencies a figure can be given in: USD and every currency with at least one rate, sorted. */
  currencies(): string[] {
    const codes = new Set(['USD']);
    for (const key of [...this.monthly.keys(), ...this.annual.keys()]) codes.add(key.slice(0, key.indexOf('|')));
    return [...codes].sort();
  }

  /** Units of `currency` per USD for the month 'YYYY-MM', with how it was found; null if unknown. */
  rate(currency: string, month: string | null): { unitsPerUsd: number; annual: boolean } | null {
    if (currency === 'USD') return { unitsPerUsd: 1, annual: false };
    if (!month) return null;
    const monthly = this.monthly.get(`${currency}|${month}`);
    if (monthly) return { unitsPerUsd: monthly, annual: false };
    const annual = this.annual.get(`${currency}|${month.slice(0, 4)}`);
    return annual ? { unitsPerUsd: annual, annual: true } : null;
  }

  /**
   * Adds up sums given in hundredths of their currency, converting each once to USD and, for another
   * target, on from USD at the target's rate for the same month.
   */
  convert(sums: Iterable<{ currency: string | null; month: string | null; hundredths: number }>, target = DEFAULT_CURRENCY): Conversion {
    const result: Conversion = {
      usd: 0,
      amount: 0,
      inTarget: 0,
      unconverted: new Map(),
      noTargetRate: { sums: 0, usd: 0 },
      annualFallbacks: 0,
    };
    for (const sum of sums) {
      const units = sum.hundredths / 100;
      const rate = sum.currency ? this.rate(sum.currency, sum.month) : null;
      if (!rate) {
        const currency = sum.currency ?? 'no currency';
        result.unconverted.set(currency, (result.unconverted.get(currency) ?? 0) + units);
        continue;
      }
      const usd = units / rate.unitsPerUsd;
      result.usd += usd;
      const onward = this.rate(target, sum.month);
      if (!onward) {
        result.noTargetRate.sums++;
        result.noTargetRate.usd += usd;
      } else {
        result.amount += usd * onward.unitsPerUsd;
        result.inTarget++;
      }
      if (rate.annual || onward?.annual) result.annualFallbacks++;
    }
    return result;
  }
}
