// Claim checking rules on small cases: how a qualifier and the stated precision decide a verdict,
// and how a claim's period becomes an approval date range.
import { describe, expect, it } from 'vitest';
import type { Claim } from '../../src/model/statement.js';
import { acceptedRange, verdictOf } from '../../src/verify/checkClaim.js';
import { claimQuestion, periodOf } from '../../src/verify/claimQuestion.js';

const claim = (over: Partial<Claim>): Claim => ({
  text: 'x',
  subject: 'projects',
  measure: 'count',
  value: 48,
  unit: 'projects',
  qualifier: 'exact',
  scope: { financier: 'World Bank', country: 'KZ', period: null, status: 'all' },
  ...over,
});

/** The verdict on a claimed value, given the figure the data gives. */
const judge = (c: Claim, claimed: number, figure: number) => verdictOf(acceptedRange(c, claimed), figure);

describe('judge', () => {
  it('wants counts exact, and amounts right at the precision they are stated in', () => {
    expect(judge(claim({}), 48, 48)).toBe('supported');
    expect(judge(claim({}), 48, 49)).toBe('contradicted');
    const amount = claim({ measure: 'amount', unit: 'USD', value: 8e9 });
    expect(judge(amount, 8e9, 8.4e9)).toBe('supported'); // "$8bn" is anything from 7.5 to 8.5 billion
    expect(judge(amount, 8e9, 8.6e9)).toBe('contradicted');
  });

  it('reads over, nearly, about, up to and at least', () => {
    expect(judge(claim({ qualifier: 'over' }), 8e9, 10e9)).toBe('supported');
    expect(judge(claim({ qualifier: 'over' }), 8e9, 7.9e9)).toBe('contradicted');
    expect(judge(claim({ qualifier: 'under' }), 100, 95)).toBe('supported');
    expect(judge(claim({ qualifier: 'under' }), 100, 101)).toBe('contradicted');
    expect(judge(claim({ qualifier: 'about', measure: 'amount' }), 51e9, 55e9)).toBe('supported');
    expect(judge(claim({ qualifier: 'up_to' }), 100, 100)).toBe('supported');
    expect(judge(claim({ qualifier: 'at_least' }), 6, 5)).toBe('contradicted');
  });
});

describe('acceptedRange', () => {
  it('says which figures bear a claim out, the rule judge applies', () => {
    expect(acceptedRange(claim({}), 48)).toEqual({ min: 48, max: 48 });
    expect(acceptedRange(claim({ measure: 'amount', unit: 'USD' }), 8e9)).toEqual({ min: 7.5e9, max: 8.5e9 });
    expect(acceptedRange(claim({ measure: 'duration', unit: 'years' }), 30)).toEqual({ min: 25, max: 35 });
    expect(acceptedRange(claim({ measure: 'year', unit: 'year' }), 2003)).toEqual({ min: 2002, max: 2004 });
    expect(acceptedRange(claim({ qualifier: 'over' }), 6)).toEqual({ min: 6, max: null });
    expect(acceptedRange(claim({ qualifier: 'up_to' }), 6)).toEqual({ min: null, max: 6 });
    expect(acceptedRange(claim({ qualifier: 'under' }), 100)).toEqual({ min: 85, max: 100 });
  });
});

describe('the period of a claim', () => {
  it('counts back from the statement date', () => {
    expect(periodOf('past 30 years', '2023-05-10')).toMatchObject({ from: '1993-05-10', to: '2023-05-10' });
    expect(periodOf('over the past decade', '2023-05-10')).toMatchObject({ from: '2013-05-10' });
    expect(periodOf('since 2003', '2023-05-10')).toMatchObject({ from: '2003-01-01', to: '2023-05-10' });
    expect(periodOf('2020-2025', '2023-05-10')).toMatchObject({ from: '2020-01-01', to: '2025-12-31' });
    expect(periodOf('in 2019', '2023-05-10')).toMatchObject({ from: '2019-01-01', to: '2019-12-31' });
    expect(periodOf('for a long time', '2023-05-10')).toBeNull();
  });

  it('becomes a filter as of the statement date, saying what it could not use', () => {
    const question = claimQuestion(
      claim({ scope: { financier: 'World Bank', country: 'KZ', period: 'for a long time', status: 'active' } }),
      '2023-05-10',
    );
    expect(question.filter).toEqual({ asOf: '2023-05-10', financier: 'World Bank', countries: ['KZ'], status: 'active' });
    expect(question.ignored).toEqual(['the period "for a long time"']);
  });
});
