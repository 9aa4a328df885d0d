// Values as the banks' own project lists write them: dates in several human forms, and amounts
// with thousands separators or in words ("USD 125 million"). Each reader says which forms it
// expects; these functions only read them.
import { ABSURD_AMOUNT } from './amountsAndDates.js';

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

/**
 * 'YYYY-MM-DD' from "2020-04-24", "24 Apr 2020", "24-Apr-2020", "Apr 24, 2020", "April 24 2020"
 * or "Apr 24，2020" (a full-width comma, as in AIIB's list); null for anything else or a day that
 * does not exist.
 */
export function readBankDate(text: string): string | null {
  const clean = text
    .trim()
    .replace(/[\uFF0C,]/g, ' ')
    .replace(/\s+/g, ' ');
  let year: number | undefined;
  let month: number | undefined;
  let day: number | undefined;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(clean);
  const dayFirst = /^(\d{1,2})[ -]([A-Za-z]+)\.?[ -](\d{4})$/.exec(clean);
  const monthFirst = /^([A-Za-z]+)\.? (\d{1,2}) (\d{4})$/.exec(clean);
  if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dayFirst) [year, month, day] = [Number(dayFirst[3]), monthNumber(dayFirst[2] as string), Number(dayFirst[1])];
  else if (monthFirst) [year, month, day] = [Number(monthFirst[3]), monthNumber(monthFirst[1] as string), Number(monthFirst[2])];
  if (year === undefined || month === undefined || day === undefined) return null;
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function monthNumber(name: string): number | undefined {
  const lower = name.toLowerCase();
  return MONTHS[lower] ?? MONTHS[lower.slice(0, 3)];
}

export type AmountReading = { ok: true; amount: string | null } | { ok: false; reason: string };

/**
 * A plain amount ("1,000,000,000.00", "250000") as a decimal string; null amount for an empty
 * cell. Anything else, or an amount of 10^15 or more, is not an amount.
 */
export function readPlainAmount(text: string): AmountReading {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '-') return { ok: true, amount: null };
  const compact = trimmed.replace(/(?<=\d),(?=\d{3}(\D|$))/g, '');
  if (!/^\d+(\.\d+)?$/.test(compact)) return { ok: false, reason: `"${trimmed.slice(0, 40)}" is not an amount` };
  if (Number(compact) >= ABSURD_AMOUNT)
    return { ok: false, reason: `${trimmed} is absurdly large (limit ${ABSURD_AMOUNT.toExponential()})` };
  return {
    ok: true,
    amount: compact
      .replace(/^0+(?=\d)/, '')
      .replace(/(\.\d*?)0+$/, '$1')
      .replace(/\.$/, ''),
  };
}

const SCALES: Record<string, number> = { thousand: 3, million: 6, mn: 6, m: 6, billion: 9, bn: 9, b: 9 };

/**
 * An amount in words with its currency, "USD 125 million", "US$ 1.5 billion", "EUR 60.5 million",
 * "USD 125,000,000": { currency, amount } with the amount as a decimal string (the scale applied
 * by moving the decimal point, never through a float).
 */
export function readWordedAmount(text: string): { ok: true; currency: string; amount: string } | { ok: false; reason: string } {
  const match = /^(USD|US\$|EUR|€|\$)\s*([\d,]+(?:\.\d+)?)\s*([A-Za-z]*)\.?$/i.exec(text.trim());
  if (!match) return { ok: false, reason: `"${text.trim().slice(0, 40)}" is not an amount with its currency` };
  const currency = /eur|€/i.test(match[1] as string) ? 'EUR' : 'USD';
  const scaleWord = (match[3] as string).toLowerCase();
  const places = scaleWord === '' ? 0 : SCALES[scaleWord];
  if (places === undefined) return { ok: false, reason: `"${text.trim()}": unknown scale "${match[3]}"` };
  const plain = readPlainAmount(match[2] as string);
  if (!plain.ok || plain.amount === null) return { ok: false, reason: `"${text.trim()}" is not an amount` };
  const [integer = '0', fraction = ''] = plain.amount.split('.');
  const digits = (integer + fraction.padEnd(places, '0')).replace(/^0+(?=\d)/, '');
  const point = integer.length + places;
  const amount = fraction.length > places ? `${(integer + fraction).slice(0, point)}.${(integer + fraction).slice(point)}` : digits;
  if (Number(amount) >= ABSURD_AMOUNT) return { ok: false, reason: `"${text.trim()}" is absurdly large` };
  return { ok: true, currency, amount: amount.replace(/^0+(?=\d)/, '') };
}
