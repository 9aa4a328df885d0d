import { describe, expect, it } from 'vitest';
import { findClaims } from '../../src/statements/claims.js';

/** measure, value, unit and qualifier of each claim of a sentence, for compact expectations. */
const claims = (sentence: string) => findClaims(sentence).map((c) => [c.measure, c.value, c.unit, c.qualifier]);

describe('amounts', () => {
  it('read currencies before and after the figure, with scale words', () => {
    expect(claims('The bank lent $8bn, US$1.2 billion and USD 693 million.')).toEqual([
      ['amount', 8e9, 'USD', 'exact'],
      ['amount', 1.2e9, 'USD', 'exact'],
      ['amount', 693e6, 'USD', 'exact'],
    ]);
    expect(claims('It provides 500 million euros, €20m and EUR 15 million.')).toEqual([
      ['amount', 500e6, 'EUR', 'exact'],
      ['amount', 20e6, 'EUR', 'exact'],
      ['amount', 15e6, 'EUR', 'exact'],
    ]);
    expect(claims('Costs reach KZT 100 billion, or 2.5 trillion tenge, or 390 Mln USD, or 3 billion dollars.')).toEqual([
      ['amount', 100e9, 'KZT', 'exact'],
      ['amount', 2.5e12, 'KZT', 'exact'],
      ['amount', 390e6, 'USD', 'exact'],
      ['amount', 3e9, 'USD', 'exact'],
    ]);
  });

  it('knows the currencies of the region and IFI units of account', () => {
    expect(claims('The fund gives 5 billion soums, 40 million somoni, SDR 25 million and 2 billion Kyrgyz soms.').map((c) => c[2])).toEqual(
      ['UZS', 'TJS', 'XDR', 'KGS'],
    );
  });

  it('take the qualifier from the words before the figure', () => {
    expect(claims('Loans worth over $1.2 billion were given.')[0]?.[3]).toBe('over');
    expect(claims('It exceeded $1 billion.')[0]?.[3]).toBe('over');
    expect(claims('The portfolio has surpassed $7 billion.')[0]?.[3]).toBe('over');
    expect(claims('Financing hits $1bn.')[0]?.[3]).toBe('at_least');
    expect(claims('It is estimated at about 1.2 trillion tenge.')[0]?.[3]).toBe('about');
    expect(claims('Nearly $2 billion was disbursed.')[0]?.[3]).toBe('under');
    expect(claims('A loan of up to €50 million.')[0]?.[3]).toBe('up_to');
    expect(claims('At least $10 million will follow.')[0]?.[3]).toBe('at_least');
    expect(claims('Some $300 million went to roads.')[0]?.[3]).toBe('about');
  });

  it('bound a conversion in brackets like the amount it converts', () => {
    expect(claims('It needs about 1.2 trillion tenge (US$2.4 billion).')).toEqual([
      ['amount', 1.2e12, 'KZT', 'about'],
      ['amount', 2.4e9, 'USD', 'about'],
    ]);
  });

  it('read an article as the figure: a billion, half a billion', () => {
    expect(claims('It gave about half a billion dollars and a billion euros.')).toEqual([
      ['amount', 5e8, 'USD', 'about'],
      ['amount', 1e9, 'EUR', 'exact'],
    ]);
  });

  it('read both ends of a range: at least the first, up to the second', () => {
    expect(claims('The bank plans to invest 600-700 million euros and $1-2 billion later.')).toEqual([
      ['amount', 600e6, 'EUR', 'at_least'],
      ['amount', 700e6, 'EUR', 'up_to'],
      ['amount', 1e9, 'USD', 'at_least'],
      ['amount', 2e9, 'USD', 'up_to'],
    ]);
    expect(claims('It will finance 10 to 15 projects.')).toEqual([
      ['count', 10, 'projects', 'at_least'],
      ['count', 15, 'projects', 'up_to'],
    ]);
    expect(claims('Their number rose from 10 to 15 projects.')).toEqual([
      ['count', 10, 'projects', 'exact'],
      ['count', 15, 'projects', 'exact'],
    ]);
  });

  it('include the qualifier in the claim text', () => {
    expect(findClaims('The bank has invested over $9 billion in Kazakhstan.')[0]?.text).toBe('over $9 billion');
  });

  it('leave out macroeconomic figures', () => {
    expect(claims('The GDP of the country reached $260 billion.')).toEqual([]);
    expect(claims('Trade turnover amounted to $5 billion, while the bank lent $40 million.')).toEqual([['amount', 40e6, 'USD', 'exact']]);
  });
});

describe('counts', () => {
  it('count development-finance nouns, number words included', () => {
    expect(claims('There are 48 joint projects, six active projects and twenty-five new schools.')).toEqual([
      ['count', 48, 'projects', 'exact'],
      ['count', 6, 'projects', 'exact'],
      ['count', 25, 'schools', 'exact'],
    ]);
    expect(claims('The project creates more than 13,000 new jobs and repairs 220 kilometres of roads.')).toEqual([
      ['count', 13000, 'jobs', 'over'],
      ['count', 220, 'km', 'exact'],
    ]);
    expect(claims('It will benefit around 1.2 million people.')).toEqual([['count', 1.2e6, 'people', 'about']]);
    expect(claims('The number of joint projects has reached 25.')).toEqual([['count', 25, 'projects', 'exact']]);
    expect(claims('It finances 48 projects, six of them active, and 257 loans, of which 22 are new.')).toEqual([
      ['count', 48, 'projects', 'exact'],
      ['count', 6, 'projects', 'exact'],
      ['count', 257, 'loans', 'exact'],
      ['count', 22, 'loans', 'exact'],
    ]);
    expect(claims('The number of projects financed by the bank stood at more than 1,200.')).toEqual([['count', 1200, 'projects', 'over']]);
  });

  it('take the last noun of a compound: six loan projects', () => {
    expect(findClaims('This includes six loan projects and two grant projects.').map((c) => [c.value, c.unit, c.subject])).toEqual([
      [6, 'projects', 'loan projects'],
      [2, 'projects', 'grant projects'],
    ]);
  });

  it('do not count other things, ordinals, dates, times and identifiers', () => {
    expect(claims('Three organisations of the group met for the 23rd time on March 4 at 10:30.')).toEqual([]);
    expect(claims('One of the partners joined Phase 2 under Resolution No. 15 during COVID-19.')).toEqual([]);
    expect(claims('Kazakhstan 2050 strategy and 2019 projects report')).toEqual([]);
    expect(claims('More than 500 people attended the forum.')).toEqual([]);
    expect(claims('The plant will cut CO2 emissions by 400,000 tons a year.')).toEqual([]);
  });
});

describe('durations and years', () => {
  it('read periods in years, decades and months', () => {
    expect(claims('It has operated for more than 20 years.')).toEqual([['duration', 20, 'years', 'over']]);
    expect(claims('It has operated for more than two decades.')).toEqual([['duration', 20, 'years', 'over']]);
    expect(claims('The loan has a 25-year maturity and a six-month grace period.')).toEqual([
      ['duration', 25, 'years', 'exact'],
      ['duration', 6, 'months', 'exact'],
    ]);
    expect(claims('They have worked together for a quarter of a century.')).toEqual([['duration', 25, 'years', 'exact']]);
    expect(claims('Lending grew over the past decade.')).toEqual([['duration', 10, 'years', 'exact']]);
  });

  it('read "over the past 30 years" as during the period: exact', () => {
    const [claim] = findClaims('It financed 48 projects over the past 30 years.').filter((c) => c.measure === 'duration');
    expect(claim).toMatchObject({ value: 30, unit: 'years', qualifier: 'exact', text: 'over the past 30 years' });
  });

  it('do not take ages or points in time for durations', () => {
    expect(claims('The 45-year-old minister recalled events of 30 years ago.')).toEqual([]);
  });

  it('give the start year of a period that no other claim of the sentence takes as scope', () => {
    expect(claims('Since 2003, the programme has supported reforms.')).toEqual([['year', 2003, 'year', 'exact']]);
    expect(claims('The framework guides lending from 2020 to 2025.')).toEqual([['year', 2020, 'year', 'exact']]);
    expect(claims('The strategy covers 2023-2028.')).toEqual([['year', 2023, 'year', 'exact']]);
    expect(claims('Uzbekistan became a member of the bank in August 1995.')).toEqual([['year', 1995, 'year', 'exact']]);
    expect(claims('Cooperation between the two sides began in 1992.')).toEqual([['year', 1992, 'year', 'exact']]);
    expect(findClaims('In 1995, Uzbekistan joined the bank.').map((c) => [c.text, c.value])).toEqual([['In 1995', 1995]]);
    // Here 1995 is the scope of the amount, not a claim of its own.
    expect(claims('Since 1995, the bank has provided loans worth over $1.2 billion.')).toEqual([['amount', 1.2e9, 'USD', 'over']]);
    expect(claims('The meeting took place on 2024-11-24 in 2024.')).toEqual([]);
  });
});

describe('shares, ranks and ratios', () => {
  it('read percentages and fractions in words', () => {
    expect(claims('Nearly 54 percent went to green projects, 15 per cent to roads and 45% to SMEs.')).toEqual([
      ['share', 54, 'percent', 'under'],
      ['share', 15, 'percent', 'exact'],
      ['share', 45, 'percent', 'exact'],
    ]);
    expect(claims('About two-thirds of the support went to energy, and over half of the loans to farmers.')).toEqual([
      ['share', 66.67, 'percent', 'about'],
      ['share', 50, 'percent', 'over'],
    ]);
    expect(claims("The country's share reached one-third.")).toEqual([['share', 33.33, 'percent', 'exact']]);
  });

  it('leave shares of macroeconomic figures and times of year', () => {
    expect(claims('The economy grew by 4.8 percent and inflation was 9%.')).toEqual([]);
    expect(claims('In the first half of 2024 and the second quarter of 2023, lending slowed.')).toEqual([]);
    expect(claims('On behalf of the government, he spoke.')).toEqual([]);
  });

  it('read ranks', () => {
    expect(claims('Globally, Uzbekistan ranks sixth in the portfolio.')).toEqual([['rank', 6, 'place', 'exact']]);
    expect(claims('The bank occupies the first place among lenders.')).toEqual([['rank', 1, 'place', 'exact']]);
    expect(claims('It is the second-largest shareholder.')).toEqual([['rank', 2, 'place', 'exact']]);
    expect(claims('It is the largest partner and held the first such forum.')).toEqual([]);
  });

  it('read ratios', () => {
    expect(claims('The portfolio has doubled since 2015.')).toEqual([['ratio', 2, 'times', 'exact']]);
    expect(claims('Lending increased by 1.5 times.')).toEqual([['ratio', 1.5, 'times', 'exact']]);
    expect(claims('The bank intends to double its investments.')).toEqual([['ratio', 2, 'times', 'exact']]);
    expect(claims('Lending is twice as much as in 2018 and one and a half times more than planned.')).toEqual([
      ['ratio', 2, 'times', 'exact'],
      ['ratio', 1.5, 'times', 'exact'],
    ]);
    expect(claims('Lending grew 2.5 times and trade rose threefold.')).toEqual([
      ['ratio', 2.5, 'times', 'exact'],
      ['ratio', 3, 'times', 'exact'],
    ]);
  });
});

describe('long or odd texts', () => {
  it('stay linear: runs of capitals, numbers without nouns', () => {
    const capitals = Array(2000).fill('ALMATY ASTANA TASHKENT Alpha Beta').join(' ');
    const numbers = Array(3000).fill('12 34 56,000 7.5 million').join(' ');
    const start = performance.now();
    findClaims(capitals);
    findClaims(numbers);
    expect(performance.now() - start).toBeLessThan(3000);
  });

  it('block telephone numbers but not a figure after a period of years', () => {
    expect(claims('For details call +998 71 238 59 50.')).toEqual([]);
    expect(claims('In 2020-2025 25 projects were approved.')).toEqual([['count', 25, 'projects', 'exact']]);
  });
});
