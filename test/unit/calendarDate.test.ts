import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCalendarDate } from '../../src/model/calendarDate.js';

/** The days a calendar has, by a round trip through Date (slower, and independent of the rule under test). */
function byDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('isCalendarDate', () => {
  it('takes the days the calendar has and no others', () => {
    expect(['2024-02-29', '2000-02-29', '2023-12-31', '1999-04-30'].every(isCalendarDate)).toBe(true);
    expect(
      ['2023-02-29', '1900-02-29', '2023-04-31', '2023-13-01', '2023-00-10', '2023-01-00', '2023-1-01', ' 2023-01-01'].some(isCalendarDate),
    ).toBe(false);
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        const text = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
        expect(isCalendarDate(text)).toBe(byDate(text));
      }),
      { numRuns: 20_000 },
    );
  });
});
