import { describe, expect, it } from 'vitest';
import { toHundredths } from '../../src/model/money.js';
import { UsdConverter } from '../../src/portfolio/currency.js';

describe('toHundredths', () => {
  it('is exact for decimal strings, rounding half away from zero', () => {
    expect(toHundredths('2500000.50')).toBe(250000050n);
    expect(toHundredths('0.005')).toBe(1n);
    expect(toHundredths('-12.345')).toBe(-1235n);
    expect(toHundredths('999999999999999.99')).toBe(99999999999999999n);
    expect(toHundredths('7')).toBe(700n);
    expect(() => toHundredths('1,5')).toThrow(/not a decimal/);
  });
});

describe('UsdConverter', () => {
  const converter = new UsdConverter([
    { currency: 'KZT', frequency: 'M', period: '2020-01', unitsPerUsd: 400, source: 't' },
    { currency: 'KZT', frequency: 'A', period: '2021', unitsPerUsd: 425, source: 't' },
  ]);

  it('uses the monthly rate of the value date, else the annual average, and reports the rest', () => {
    const result = converter.convert([
      { currency: 'KZT', month: '2020-01', hundredths: 400_000_00 },
      { currency: 'KZT', month: '2021-07', hundredths: 425_000_00 },
      { currency: 'USD', month: null, hundredths: 5_00 },
      { currency: 'KZT', month: '1999-01', hundredths: 1_00 },
      { currency: null, month: '2020-01', hundredths: 2_00 },
    ]);
    expect(result.usd).toBeCloseTo(1000 + 1000 + 5, 6);
    expect(result.annualFallbacks).toBe(1);
    expect([...result.unconverted]).toEqual([
      ['KZT', 1],
      ['no currency', 2],
    ]);
  });
});

describe('UsdConverter to another currency', () => {
  const converter = new UsdConverter([
    { currency: 'EUR', frequency: 'M', period: '2020-01', unitsPerUsd: 0.9, source: 't' },
    { currency: 'KZT', frequency: 'M', period: '2020-01', unitsPerUsd: 400, source: 't' },
    { currency: 'KZT', frequency: 'M', period: '2020-06', unitsPerUsd: 420, source: 't' },
    { currency: 'KZT', frequency: 'A', period: '2021', unitsPerUsd: 425, source: 't' },
  ]);

  it('converts each sum through USD at the target rate of its own month, not one rate for all', () => {
    const result = converter.convert(
      [
        { currency: 'EUR', month: '2020-01', hundredths: 90_00 },
        { currency: 'USD', month: '2020-06', hundredths: 10_00 },
        { currency: 'USD', month: '2021-03', hundredths: 1_00 },
      ],
      'KZT',
    );
    expect(result.usd).toBeCloseTo(100 + 10 + 1, 9);
    expect(result.amount).toBeCloseTo(100 * 400 + 10 * 420 + 1 * 425, 6);
    expect(result.inTarget).toBe(3);
    // The 2021 sum used the target's annual average.
    expect(result.annualFallbacks).toBe(1);
  });

  it('leaves out and counts the sums with dollars but no target rate for their month', () => {
    const result = converter.convert(
      [
        { currency: 'USD', month: '2020-01', hundredths: 2_00 },
        { currency: 'USD', month: '2025-01', hundredths: 7_00 },
        { currency: 'USD', month: null, hundredths: 3_00 },
      ],
      'KZT',
    );
    expect(result.usd).toBe(12);
    expect(result.amount).toBe(800);
    expect(result.noTargetRate).toEqual({ sums: 2, usd: 10 });
  });

  it('knows which currencies have rates', () => {
    expect(converter.currencies()).toEqual(['EUR', 'KZT', 'USD']);
  });
});
