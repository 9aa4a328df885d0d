import { describe, expect, it } from 'vitest';
import { daysIn } from '../../src/statements/dates.js';
import { extractStatement } from '../../src/statements/extract.js';

const events = (text: string, publishedOn?: string) =>
  extractStatement(text, publishedOn ? { publishedOn } : {}).events.map((e) => [e.type, e.date, e.place]);

describe('event dates', () => {
  it('resolve weekdays and days without a year against the publication date, by tense', () => {
    // 2024-05-16 is a Thursday.
    expect(daysIn('The ministers met on Tuesday.', '2024-05-16').map((d) => d.date)).toEqual(['2024-05-14']);
    expect(daysIn('The ministers will meet on Tuesday.', '2024-05-16').map((d) => d.date)).toEqual(['2024-05-21']);
    expect(daysIn('The forum will be held on 1-4 May.', '2010-02-24').map((d) => d.date)).toEqual(['2010-05-01']);
    expect(daysIn('The loan was signed on December 20.', '2024-01-10').map((d) => d.date)).toEqual(['2023-12-20']);
    expect(daysIn('The loan was signed yesterday.', '2024-01-10').map((d) => d.date)).toEqual(['2024-01-09']);
    expect(daysIn('It was approved on 5 March 2023.', null).map((d) => d.date)).toEqual(['2023-03-05']);
  });

  it('leave a day undated when it needs a publication date that is unknown, and months undated always', () => {
    expect(daysIn('The ministers met on Tuesday.', null)).toEqual([]);
    expect(daysIn('Talks took place in August of the previous year.', '2024-05-16')).toEqual([]);
  });
});

describe('events', () => {
  it('are meetings, conferences, signings, approvals, visits and ratifications', () => {
    const text = [
      'President Aliyev received World Bank Vice President Anna Berg in Baku on Monday.',
      'The Board of Directors approved a $100 million loan on 5 March 2024.',
      'The 15th Ministerial Conference will be held in Tashkent on 20 November.',
      'The parliament ratified the framework agreement.',
      'During her visit to Dushanbe, Berg signed a grant agreement with the Ministry of Finance.',
    ].join('\n');
    expect(events(text, '2024-05-16')).toEqual([
      ['meeting', '2024-05-13', 'Baku'],
      ['loan_approved', '2024-03-05', null],
      ['conference', '2024-11-20', 'Tashkent'],
      ['other', null, null],
      ['visit', null, 'Dushanbe'],
      ['agreement_signed', null, 'Dushanbe'],
    ]);
  });

  it('are not descriptions: approved projects, signed agreements, a forum for dialogue', () => {
    expect(events('The portfolio of approved projects grew. All signed agreements are in force. CAREC is a forum for dialogue.')).toEqual(
      [],
    );
  });

  it('in another year are other events', () => {
    expect(
      events('The board approved a $100 million loan on Tuesday. The first phase, worth $350 million, was approved in 2017.', '2022-11-30'),
    ).toEqual([
      ['loan_approved', '2022-11-29', null],
      ['loan_approved', null, null],
    ]);
  });

  it('are not plans: what will be signed or approved has not happened', () => {
    expect(
      events('The bank will approve $50 million next year. The sides plan to sign an agreement. A loan is to be approved in June.'),
    ).toEqual([]);
  });

  it('are told once: a definite mention or the same parties refer back to the event', () => {
    const text = [
      'The bank and the Kyrgyz Ministry of Finance signed two loan agreements.',
      'The agreements were signed during an official visit by EU Commissioner Anna Berg.',
      'The meeting between Prime Minister Ivan Petrov and the bank was held in Bishkek. During the talks, Petrov praised the bank.',
      'In May last year, negotiations took place in Osh.',
    ].join('\n');
    expect(events(text, '2024-05-16').map(([type]) => type)).toEqual(['agreement_signed', 'visit', 'meeting', 'meeting']);
  });
});
