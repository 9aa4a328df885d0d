// Reading amounts, percentages and dates as source files (IATI, the World Bank export, the banks' lists) write them.

import { isCalendarDate } from '../model/calendarDate.js';
import { InputError } from '../model/problems.js';

/** Beyond this, an amount in any currency is a data error rather than a real figure. */
export const ABSURD_AMOUNT = 1e15;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A decimal string for the amount, or null when the element is empty (the caller warns).
 * Anything that is not a plain number, or is absurdly large, rejects the file.
 */
export function readAmount(text: string, file: string, line: number): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (!NUMBER.test(trimmed)) {
    throw new InputError({ file, line }, `value "${trimmed.slice(0, 40)}" is not a number`);
  }
  const value = Number(trimmed);
  if (!Number.isFinite(value) || Math.abs(value) >= ABSURD_AMOUNT) {
    throw new InputError({ file, line }, `value ${trimmed} is absurdly large (limit ${ABSURD_AMOUNT.toExponential()} in any currency)`);
  }
  // Keep the publisher's digits; only normalise exponent notation and a leading '+'.
  return /[eE]/.test(trimmed) ? String(value) : trimmed.replace(/^\+/, '');
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
