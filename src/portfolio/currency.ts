// Converts sums in their own currency to US dollars, once, at the monthly rate of their value date
// (the annual average where no monthly rate exists), and says what it could not convert.
import type { ExchangeRate } from '../model/exchangeRate.js';

export interface Conversion {
  usd: number;
  /** Amounts with no usable rate, by currency (in units of that currency), left out of `usd`. */
  unconverted: Map<string, number>;
  /** How many sums were converted at an annual average because no monthly rate existed. */
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

  /** Units of `currency` per USD for the month 'YYYY-MM', with how it was found; null if unknown. */
  rate(currency: string, month: string | null): { unitsPerUsd: number; annual: boolean } | null {
    if (currency === 'USD') return { unitsPerUsd: 1, annual: false };
    if (!month) return null;
    const monthly = this.monthly.get(`${currency}|${month}`);
    if (monthly) return { unitsPerUsd: monthly, annual: false };
    const annual = this.annual.get(`${currency}|${month.slice(0, 4)}`);
    return annual ? { unitsPerUsd: annual, annual: true } : null;
  }

  /** Adds up sums given in hundredths of their currency, converting each once. */
  convert(sums: Iterable<{ currency: string | null; month: string | null; hundredths: number }>): Conversion {
    const result: Conversion = { usd: 0, unconverted: new Map(), annualFallbacks: 0 };
    for (const sum of sums) {
      const units = sum.hundredths / 100;
      const rate = sum.currency ? this.rate(sum.currency, sum.month) : null;
      if (!rate) {
        const currency = sum.currency ?? 'no currency';
        result.unconverted.set(currency, (result.unconverted.get(currency) ?? 0) + units);
        continue;
      }
      if (rate.annual) result.annualFallbacks++;
      result.usd += units / rate.unitsPerUsd;
    }
    return result;
  }
}
