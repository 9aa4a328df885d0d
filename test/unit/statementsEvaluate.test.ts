import { describe, expect, it } from 'vitest';
import { claimsAgree, namesMatch, precision, recall, scoreExtraction } from '../../bench/support/statementScores.js';
import type { Claim, StatementExtraction } from '../../src/model/statement.js';

const claim = (measure: Claim['measure'], value: number, unit: string): Claim => ({
  text: '',
  subject: '',
  measure,
  value,
  unit,
  qualifier: 'exact',
  scope: { financier: null, country: null, period: null, status: 'all' },
});

describe('claim matching', () => {
  it('needs measure and value, and the unit for amounts, durations and shares', () => {
    expect(claimsAgree(claim('amount', 8e9, 'USD'), claim('amount', 8e9, 'USD'))).toBe(true);
    expect(claimsAgree(claim('amount', 8e9, 'EUR'), claim('amount', 8e9, 'USD'))).toBe(false);
    expect(claimsAgree(claim('duration', 30, 'years'), claim('duration', 30, 'year'))).toBe(true);
    expect(claimsAgree(claim('duration', 6, 'months'), claim('duration', 6, 'years'))).toBe(false);
    expect(claimsAgree(claim('count', 2, 'loan agreements'), claim('count', 2, 'agreements'))).toBe(true);
    expect(claimsAgree(claim('share', 66.67, 'percent'), claim('share', 66.666, 'percent'))).toBe(true);
    expect(claimsAgree(claim('count', 48, 'projects'), claim('amount', 48, 'projects'))).toBe(false);
    expect(claimsAgree(claim('amount', 390_000_000, 'USD'), claim('amount', 390_010_000, 'USD'))).toBe(false);
  });
});

describe('name matching', () => {
  it('matches containment of words after normalising, or an acronym', () => {
    expect(namesMatch('Islamic Development Bank', 'Islamic Development Bank (IDB)')).toBe(true);
    expect(namesMatch('ADB', 'Asian Development Bank')).toBe(true);
    expect(namesMatch('CAREC', 'Central Asia Regional Economic Cooperation Programme (CAREC)')).toBe(true);
    expect(namesMatch('Central Asia Regional Economic Cooperation Program', 'Central Asia Regional Economic Cooperation Programme')).toBe(
      true,
    );
    expect(namesMatch('Péteris Ustubes', 'Peteris Ustubes')).toBe(true);
    expect(namesMatch('partnership strategy for 2018-2021', 'IsDB–Uzbekistan partnership strategy 2018-2021')).toBe(true);
    expect(namesMatch('Asian Development Bank', 'Asian Infrastructure Investment Bank')).toBe(false);
    expect(namesMatch('Bank', 'World Bank')).toBe(false);
    expect(namesMatch('Smailov', 'Alikhan Smailov')).toBe(false);
  });
});

describe('scoreExtraction', () => {
  const empty: StatementExtraction = { entities: { organisations: [], people: [], countries: [], programmes: [] }, claims: [], events: [] };

  it('matches each annotated item at most once', () => {
    const expected: StatementExtraction = {
      ...empty,
      claims: [claim('count', 8, 'projects'), claim('count', 8, 'projects'), claim('amount', 3e9, 'USD')],
      entities: {
        organisations: ['Asian Development Bank'],
        people: [{ name: 'Declan Magee', role: null, organisation: null }],
        countries: ['MN'],
        programmes: [],
      },
      events: [{ type: 'meeting', date: null, place: null, participants: [], text: '' }],
    };
    const predicted: StatementExtraction = {
      ...empty,
      claims: [claim('count', 8, 'projects'), claim('count', 8, 'projects'), claim('count', 8, 'projects'), claim('amount', 3e9, 'EUR')],
      entities: { organisations: ['ADB', 'Asian Development Bank'], people: [], countries: ['MN', 'PH'], programmes: [] },
      events: [{ type: 'meeting', date: '2024-01-01', place: null, participants: [], text: '' }],
    };
    const score = scoreExtraction(predicted, expected);
    expect(score.claims).toEqual({ matched: 2, predicted: 4, expected: 3 });
    expect(precision(score.claims)).toBe(0.5);
    expect(recall(score.claims)).toBeCloseTo(2 / 3, 6);
    expect(score.organisations).toEqual({ matched: 1, predicted: 2, expected: 1 });
    expect(score.entities).toEqual({ matched: 2, predicted: 4, expected: 3 });
    expect(score.events).toEqual({ matched: 0, predicted: 1, expected: 1 });
  });
});
