/** Units of `currency` per one US dollar for a month ('YYYY-MM', frequency M) or a year ('YYYY', frequency A). */
export interface ExchangeRate {
  currency: string;
  frequency: 'M' | 'A';
  period: string;
  unitsPerUsd: number;
  /** Where the rate was read from (URL or file). */
  source: string;
}
