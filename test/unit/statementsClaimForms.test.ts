// The forms of issue 15 that the shared annotated statements happen not to contain, each on
// sentences written for this test: currencies written out or glued to the figure, fractions in
// words, counts whose noun was said before, durations in words, members and parts of a strategy.
import { describe, expect, it } from 'vitest';
import { findClaims } from '../../src/statements/claims.js';
import { extractStatement } from '../../src/statements/extract.js';

const claims = (sentence: string) => findClaims(sentence).map((c) => [c.measure, c.value, c.unit, c.qualifier]);
const counts = (text: string) =>
  extractStatement(text)
    .claims.filter((c) => c.measure === 'count')
    .map((c) => [c.value, c.unit]);

describe('currencies written out', () => {
  it('name the currency after the figure, with or without its country', () => {
    expect(claims('The fund lends 12 million US dollars, 7 million American dollars and 3 million dollars.')).toEqual([
      ['amount', 12e6, 'USD', 'exact'],
      ['amount', 7e6, 'USD', 'exact'],
      ['amount', 3e6, 'USD', 'exact'],
    ]);
    expect(claims('Farmers got 80 billion tenge, 900 million soms, 45 million euros and 60 million Tajik somoni.')).toEqual([
      ['amount', 80e9, 'KZT', 'exact'],
      ['amount', 900e6, 'KGS', 'exact'],
      ['amount', 45e6, 'EUR', 'exact'],
      ['amount', 60e6, 'TJS', 'exact'],
    ]);
    expect(claims('A credit line of 2.5 trillion Uzbek soums opened.')).toEqual([['amount', 2.5e12, 'UZS', 'exact']]);
  });

  it('read a currency symbol written after the figure, but not one that starts the next figure', () => {
    expect(claims('The city borrowed 1.4 billion US$ and 250 million €.')).toEqual([
      ['amount', 1.4e9, 'USD', 'exact'],
      ['amount', 250e6, 'EUR', 'exact'],
    ]);
    expect(claims('In 2021 $4 billion was committed.')).toEqual([['amount', 4e9, 'USD', 'exact']]);
  });
});

describe('currencies and scales glued to the figure', () => {
  it('read a code or symbol and a short scale around the digits', () => {
    expect(claims('The board approved US$750m, KZT3.5bn, UZS900mln and $2.6bln.')).toEqual([
      ['amount', 750e6, 'USD', 'exact'],
      ['amount', 3.5e9, 'KZT', 'exact'],
      ['amount', 900e6, 'UZS', 'exact'],
      ['amount', 2.6e9, 'USD', 'exact'],
    ]);
    expect(claims('Small firms received 350mln tenge and 40mn euros.')).toEqual([
      ['amount', 350e6, 'KZT', 'exact'],
      ['amount', 40e6, 'EUR', 'exact'],
    ]);
  });

  it('leave a glued scale without a currency: no unit to give it', () => {
    expect(claims('The utility raised 700mln last spring.')).toEqual([]);
  });
});

describe('fractions in words', () => {
  it('read a third, two-thirds, half and a quarter before "of" or a determiner', () => {
    expect(claims('A third of the grants and two-thirds of the loans went to water.')).toEqual([
      ['share', 33.33, 'percent', 'exact'],
      ['share', 66.67, 'percent', 'exact'],
    ]);
    expect(claims('Roughly half the portfolio and a quarter of its guarantees are in energy.')).toEqual([
      ['share', 50, 'percent', 'about'],
      ['share', 25, 'percent', 'exact'],
    ]);
    expect(claims('Well over a third of this lending supports women.')).toEqual([['share', 33.33, 'percent', 'over']]);
  });

  it('leave halves and quarters of time and ordinals', () => {
    expect(claims('Half the year passed before the third of the tranches arrived in the second half of 2022.')).toEqual([]);
  });
});

describe('counts whose noun was said before', () => {
  it('read a number as the subject of a status: "N are active"', () => {
    expect(claims('The bank finances 64 operations, and 23 are active while 5 remain under preparation.')).toEqual([
      ['count', 64, 'operations', 'exact'],
      ['count', 23, 'operations', 'exact'],
      ['count', 5, 'operations', 'exact'],
    ]);
    expect(claims('It signed 30 loans; 12 have been fully disbursed.')).toEqual([
      ['count', 30, 'loans', 'exact'],
      ['count', 12, 'loans', 'exact'],
    ]);
  });

  it('read a part of the count before: "of these, N", "N of them", bare status words', () => {
    expect(claims('Of the 90 grants, 41 completed and 49 ongoing.')).toEqual([
      ['count', 90, 'grants', 'exact'],
      ['count', 41, 'grants', 'exact'],
      ['count', 49, 'grants', 'exact'],
    ]);
    expect(counts('The fund has backed 58 projects in the region. Of these, 31 were completed. Nine of them won awards.')).toEqual([
      [58, 'projects'],
      [31, 'projects'],
      [9, 'projects'],
    ]);
    expect(counts('The agency supports 140 schools. Some 90 of these schools are in rural areas.')).toEqual([
      [140, 'schools'],
      [90, 'schools'],
    ]);
  });

  it('need a count before, no larger a part than its whole, and more than one picked out', () => {
    expect(claims('Of these, 18 were completed.')).toEqual([]);
    expect(claims('The bank lent $3 billion; 12 are active.')).toEqual([['amount', 3e9, 'USD', 'exact']]);
    expect(counts('It financed 6 roads. Of these, 14 were completed.')).toEqual([[6, 'roads']]);
    expect(counts('It financed 40 projects. One of these projects is a bridge.')).toEqual([[40, 'projects']]);
    // The sentence before the count's sentence is too far: a count goes on for one sentence.
    expect(counts('It financed 40 projects. The minister thanked the bank. Of these, 12 were completed.')).toEqual([[40, 'projects']]);
  });
});

describe('durations in words', () => {
  it('read decades, half and quarter centuries, and periods with a half', () => {
    expect(claims('The partnership spans a decade, the programme two decades.')).toEqual([
      ['duration', 10, 'years', 'exact'],
      ['duration', 20, 'years', 'exact'],
    ]);
    expect(claims('Their ties go back half a century.')).toEqual([['duration', 50, 'years', 'exact']]);
    expect(claims('The bank has been present for more than a decade and a half.')).toEqual([['duration', 15, 'years', 'over']]);
    expect(claims('The reform took two and a half years and the audit a year and a half.')).toEqual([
      ['duration', 2.5, 'years', 'exact'],
      ['duration', 1.5, 'years', 'exact'],
    ]);
  });
});

describe('members and parts of a strategy', () => {
  it('count members, member countries, priority areas, pillars and phases', () => {
    expect(claims('The bank now has 93 members and the programme unites 11 member countries.')).toEqual([
      ['count', 93, 'members', 'exact'],
      ['count', 11, 'countries', 'exact'],
    ]);
    expect(claims('The strategy rests on three pillars and sets four priority areas in two phases.')).toEqual([
      ['count', 3, 'pillars', 'exact'],
      ['count', 4, 'areas', 'exact'],
      ['count', 2, 'phases', 'exact'],
    ]);
  });

  it('do not count the parties of a meeting or an audience', () => {
    expect(claims('The two countries agreed to deepen ties.')).toEqual([]);
    expect(claims('Delegates from 40 countries attended the forum.')).toEqual([]);
  });
});
