// Reading amounts, percentages and dates as source files (IATI, the World Bank export, the banks' lists) write them.

import { isCalendarDate } from '../model/calendarDate.js';
import { InputError } from '../model/problems.js';

/** Beyond this, an amount in any currency is a data error rather than a real figure. */
export const ABSURD_AMOUNT = 1e15;

/**
 * Decimal places an amount may have. The store keeps an amount as the decimal text read, so any
 * figure within these bounds is kept exactly; published amounts have a handful of places (the
 * longest in the shared data, float artefacts such as 44414.824494500004, have 12).
 */
export const MAX_AMOUNT_DECIMALS = 20;

const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * A decimal string for the amount, or null when the element is empty (the caller warns).
 * Anything that is not a plain number, is absurdly large or has more decimal places than the
 * store keeps, rejects the file. An exponent form (5e-7, 1.5E6) becomes the plain decimal it
 * stands for, by moving the decimal point in the text: no float rounds it.
 */
export function readAmount(text: string, file: string, line: number): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const match = NUMBER.exec(trimmed);
  const [, sign = '', integer = '', fraction = '', exponent] = match ?? [];
  if (!match || integer + fraction === '') {
    throw new InputError({ file, line }, `value "${trimmed.slice(0, 40)}" is not a number`);
  }
  const shown = trimmed.length > 40 ? `${trimmed.slice(0, 40)}...` : trimmed;
  const digits = integer + fraction;
  const firstSignificant = digits.search(/[1-9]/);
  if (firstSignificant < 0) return exponent === undefined ? trimmed.replace(/^\+/, '') : '0';
  const lastSignificant = digits.length - (digits.match(/0*$/)?.[0].length ?? 0);
  // Where the decimal point falls among `digits` once the exponent is applied.
  const point = integer.length + (exponent === undefined ? 0 : Number(exponent));
  if (point - firstSignificant > 15) {
    throw new InputError({ file, line }, `value ${shown} is absurdly large (limit ${ABSURD_AMOUNT.toExponential()} in any currency)`);
  }
  if (lastSignificant - point > MAX_AMOUNT_DECIMALS) {
    throw new InputError({ file, line }, `value ${shown} cannot be kept exactly: it has more than ${MAX_AMOUNT_DECIMALS} decimal places`);
  }
  // Keep the publisher's digits; only normalise exponent notation and a leading '+'.
  if (exponent === undefined) return trimmed.replace(/^\+/, '');
  const significant = digits.slice(firstSignificant, lastSignificant);
  const start = point - firstSignificant;
  let plain: string;
  if (start <= 0) plain = `0.${'0'.repeat(-start)}${significant}`;
  else if (start >= significant.length) plain = significant + '0'.repeat(start - significant.length);
  else plain = `${significant.slice(0, start)}.${significant.slice(start)}`;
  return sign === '-' ? `-${plain}` : plain;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

/** 'YYYY-MM-DD' from an ISO date or date-time (time and zone ignored), or null if it is not one. */
export function readIsoDate(text: string | undefined): string | null {
  const date = ISO_DATE.exec(text?.trim() ?? '')?.[0];
  return date !== undefined && isCalendarDate(date) ? date : null;
}

export function readPercentage(text: string | undefined): number | null {
  if (text == null || text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}
