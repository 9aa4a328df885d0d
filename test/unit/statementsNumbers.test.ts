import { describe, expect, it } from 'vitest';
import { numberValue, parseFraction, parseNumberWords, parseOrdinal, scaleDigits } from '../../src/statements/numbers.js';
import { findQuantities } from '../../src/statements/quantities.js';

describe('number words', () => {
  it('reads cardinal numbers written in words', () => {
    expect(parseNumberWords('six')).toBe(6);
    expect(parseNumberWords('forty-eight')).toBe(48);
    expect(parseNumberWords('one hundred and twenty')).toBe(120);
    expect(parseNumberWords('two thousand five hundred')).toBe(2500);
    expect(parseNumberWords('a dozen')).toBe(12);
    expect(parseNumberWords('a hundred')).toBe(100);
    expect(parseNumberWords('several')).toBeNull();
  });

  it('reads ordinals and fractions', () => {
    expect(parseOrdinal('sixth')).toBe(6);
    expect(parseOrdinal('23rd')).toBe(23);
    expect(parseOrdinal('many')).toBeNull();
    expect(parseFraction('two-thirds')).toBe(66.67);
    expect(parseFraction('one third')).toBe(33.33);
    expect(parseFraction('half')).toBe(50);
    expect(parseFraction('three quarters')).toBe(75);
    expect(parseFraction('a fifth')).toBe(20);
  });
});

describe('scaled values', () => {
  it('are exact, computed on the decimal digits', () => {
    expect(scaleDigits('1.046', 9)).toBe(1_046_000_000);
    expect(scaleDigits('42.1', 6)).toBe(42_100_000);
    expect(scaleDigits('13,000', 0)).toBe(13_000);
    expect(scaleDigits('1,2', 9)).toBe(1_200_000_000);
    expect(numberValue('1.2', 'trillion')).toBe(1_200_000_000_000);
    expect(numberValue('8', 'bn')).toBe(8_000_000_000);
    expect(numberValue('390', 'Mln')).toBe(390_000_000);
    expect(numberValue('five', 'million')).toBe(5_000_000);
    expect(numberValue('2.5', 'mlrd')).toBe(2_500_000_000);
  });
});

describe('findQuantities', () => {
  const values = (text: string) => findQuantities(text).map((q) => [q.number, q.scale, q.value]);

  it('finds figures in digits and words with their scale', () => {
    expect(values('about $8bn and 1.2 trillion tenge for forty-eight projects')).toEqual([
      ['8', 'bn', 8e9],
      ['1.2', 'trillion', 1.2e12],
      ['forty-eight', null, 48],
    ]);
    expect(values('USD1.2bn')).toEqual([['1.2', 'bn', 1.2e9]]);
  });

  it('leaves numbers that are parts of words, codes and ordinals', () => {
    expect(values('COVID-19, CASA-1000, the G20 and the 43rd meeting')).toEqual([]);
    expect(values('someone often mentions tenure')).toEqual([]);
  });

  it('marks four-digit years', () => {
    expect(findQuantities('in 2019 and 2,019 units').map((q) => q.yearLike)).toEqual([true, false]);
  });
});
