// What a claim is about, on sentences written for this test (not the seed statements): the
// programme or framework it names, work that is not lending, the period of figures next to it,
// or a financier's portfolio. Claims are built by hand so that only the classifier is tested.
import { describe, expect, it } from 'vitest';
import type { Programme } from '../../src/model/programme.js';
import type { Claim, ClaimScope } from '../../src/model/statement.js';
import { readProgrammes } from '../../src/sources/programmes.js';
import { type ClaimContext, claimContexts, claimSubject, definitionNamed } from '../../src/verify/claimSubject.js';
import { distance } from '../../src/verify/definitions.js';

const claim = (text: string, over: Partial<Claim> = {}, scope: Partial<ClaimScope> = {}): Claim => ({
  text,
  subject: 'x',
  measure: 'count',
  value: 1,
  unit: 'projects',
  qualifier: 'exact',
  scope: { financier: 'World Bank', country: 'UZ', period: null, status: 'all', ...scope },
  ...over,
});

/** The subject of a claim stated in the last of `sentences` (or at `index`). */
function subjectIn(sentences: string[], c: Claim, programmes: Programme[] = [], others: Claim[] = []) {
  const all = [c, ...others];
  const contexts = claimContexts(sentences, all);
  const located = all.map((one, i) => ({ claim: one, context: contexts[i] as ClaimContext }));
  return claimSubject(c, contexts[0] as ClaimContext, programmes, '2024-06-30', located);
}

// A framework of the test's own, so that matching does not depend on the shipped files.
const uzFramework: Programme = {
  name: 'WB-CPF-UZ-TEST',
  title: 'World Bank Group Country Partnership Framework for Uzbekistan, FY2022-2026',
  countries: ['UZ'],
  financiers: ['World Bank'],
  from: '2021-07-01',
  to: '2026-06-30',
};

describe('claims about a programme or a framework', () => {
  it('matches a programme named in the sentence to its definition, by name or acronym', async () => {
    const programmes = await readProgrammes();
    const sentence = 'Since 2005 the CAREC Programme has channelled $14 billion into roads and power lines across Central Asia.';
    const subject = subjectIn(
      [sentence],
      claim('$14 billion', { measure: 'amount', value: 14e9, unit: 'USD' }, { financier: null }),
      programmes,
    );
    expect(subject).toMatchObject({ kind: 'programme', programme: { name: 'CAREC' } });
  });

  it('takes the programme from the claim scope when the sentence only says "the region"', async () => {
    const programmes = await readProgrammes();
    const sentence = 'Altogether 180 projects have been financed in the region.';
    const c = claim(
      '180 projects',
      {},
      { financier: 'Central Asia Regional Economic Cooperation Program (CAREC)', country: 'Central Asia' },
    );
    expect(subjectIn(['The CAREC Programme met in Tashkent.', sentence], c, programmes)).toMatchObject({
      kind: 'programme',
      programme: { name: 'CAREC' },
    });
  });

  it('reads a framework period against the framework of the claim country and financier', () => {
    const sentence = 'The Bank’s Country Partnership Framework sets out its support to Uzbekistan from 2022 to 2026.';
    const year = claim('from 2022 to 2026', { measure: 'year', value: 2022, unit: 'year' }, { period: '2022-2026' });
    expect(subjectIn([sentence], year, [uzFramework])).toMatchObject({ kind: 'framework', programme: { name: 'WB-CPF-UZ-TEST' } });
    // The same words about another country are not this framework.
    const elsewhere = claim('from 2022 to 2026', { measure: 'year', value: 2022, unit: 'year' }, { country: 'KG', period: '2022-2026' });
    expect(definitionNamed('Country Partnership Framework', elsewhere, [uzFramework], '2024-06-30')).toBeNull();
  });

  it('does not take a financier named like a programme title for the programme', () => {
    // "World Bank" is in the framework's title, but a financier is not a programme.
    const sentence = 'The World Bank has financed 40 projects in Uzbekistan.';
    expect(subjectIn([sentence], claim('40 projects'), [uzFramework])).toEqual({ kind: 'portfolio' });
  });
});

describe('claims about work that is not lending', () => {
  it('finds advisory work, technical assistance and knowledge programmes in the sentence', () => {
    const cases: [string, string, string][] = [
      ['The Bank has prepared 35 studies under its advisory services programme in Tajikistan.', '35 studies', 'advisory services'],
      ['EBRD technical assistance to the energy regulator has continued for 12 years.', '12 years', 'technical assistance'],
      [
        'The Mongolia Knowledge Partnership has produced 60 policy notes since 2010.',
        '60 policy notes',
        'a research or knowledge programme',
      ],
      [
        'Its Reimbursable Advisory Services and Analytics (ASA) work now spans 9 sectors.',
        '9 sectors',
        'Advisory Services and Analytics (ASA)',
      ],
      [
        'The Almaty Water Dialogue, an initiative that has run for 15 years, met again.',
        '15 years',
        'an initiative dated by how long it has operated',
      ],
    ];
    for (const [sentence, text, cue] of cases) {
      expect(subjectIn([sentence], claim(text, { measure: 'duration' }, { financier: null })), sentence).toMatchObject({
        kind: 'non_lending',
        cue,
      });
    }
  });

  it('takes the subject of the sentence before when the claim sentence has none of its own', () => {
    const sentences = [
      'The Bank supports economic research in Kyrgyzstan through its Analytical Work Program.',
      'It has now run for 14 years.',
    ];
    expect(subjectIn(sentences, claim('14 years', { measure: 'duration', value: 14, unit: 'years' }))).toMatchObject({
      kind: 'non_lending',
    });
  });

  it('keeps lending that the same sentence names, and technical assistance loans, as lending', () => {
    expect(subjectIn(['ADB approved 20 loans worth $2 billion and provided technical assistance to Mongolia.'], claim('20 loans'))).toEqual(
      {
        kind: 'portfolio',
      },
    );
    expect(
      subjectIn(['The Bank approved 3 technical assistance loans for Georgia in 2019.'], claim('3 technical assistance loans')),
    ).toEqual({
      kind: 'portfolio',
    });
    // The clause speaks of advisory work, the sentence also of lending: the clause decides.
    const sentence = 'The Bank has lent $3 billion to Georgia since 2000, and its advisory services have produced 40 reports.';
    expect(subjectIn([sentence], claim('40 reports'))).toMatchObject({ kind: 'non_lending', cue: 'advisory services' });
    expect(subjectIn([sentence], claim('$3 billion', { measure: 'amount' }))).toEqual({ kind: 'portfolio' });
  });
});

describe('durations that are the period of other figures', () => {
  it('is the period of counts and amounts stated with it, but not of an active count', () => {
    const sentence = 'Over the past 25 years, the IsDB financed 70 projects worth $4 billion in Uzbekistan, with 9 projects active today.';
    const scope = { financier: 'Islamic Development Bank', period: 'past 25 years' };
    const duration = claim('past 25 years', { measure: 'duration', value: 25, unit: 'years' }, scope);
    const others = [
      claim('70 projects', {}, scope),
      claim('$4 billion', { measure: 'amount', unit: 'USD' }, scope),
      claim('9 projects active', {}, { ...scope, status: 'active' }),
    ];
    expect(subjectIn([sentence], duration, [], others)).toEqual({ kind: 'period', of: ['70 projects', '$4 billion'] });
    // Alone in its sentence, a duration is a figure of its own.
    expect(subjectIn(['The AIIB has worked in Uzbekistan for 8 years.'], claim('8 years', { measure: 'duration' }))).toEqual({
      kind: 'portfolio',
    });
  });
});

describe('claim contexts', () => {
  it('finds each claim in its own sentence, in order, even when a text repeats', () => {
    const sentences = ['The Bank approved 5 projects.', 'Then it approved 5 projects more.'];
    const contexts = claimContexts(sentences, [claim('5 projects'), claim('5 projects')]);
    expect(contexts.map((c) => c.index)).toEqual([0, 0]);
    expect(claimContexts(sentences, [claim('5 projects more')])[0]?.index).toBe(1);
  });
});

describe('definitions of a portfolio figure', () => {
  it('measures how far a figure is from what bears the claim out', () => {
    expect(distance({ min: 48, max: 48 }, 48, 52)).toBeCloseTo(4 / 48);
    expect(distance({ min: 8e9, max: null }, 8e9, 9e9)).toBe(0);
    expect(distance({ min: 8e9, max: null }, 8e9, 6e9)).toBeCloseTo(0.25);
  });
});
