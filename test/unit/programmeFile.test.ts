// Programme definitions are checked before use: each mistake is refused with the file and the line
// that holds it, a misspelt key with the key it resembles.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/problems.js';
import { hasWords } from '../../src/model/programme.js';
import { parseProgramme } from '../../src/sources/programmes.js';

const FILE = '/defs/test.yaml';

/** The error parseProgramme gives for `text`, as file:line: reason. */
function refusal(text: string): string {
  try {
    parseProgramme(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

const HEAD = 'name: TEST\ncountries: [KZ, CN]\n';

describe('programme definitions', () => {
  it('reads every key of the format', () => {
    const programme = parseProgramme(
      `${HEAD}title: A test programme
description: For the tests.
sources: [somewhere]
places:
  CN: [Xinjiang, Inner Mongolia]
financiers: [World Bank]
from: 2001-01-01
to: 2030-12-31
match:
  ids: [P000001]
  names: [TEST]
  titleContains: [road]
  sectors: ['210', '21020']
  sectorContains: [transport]
parts:
  - name: Roads
    match:
      titleContains: [road]
reference:
  - figure: commitmentUsd
    value: 1000000
    asOf: 2023-12-31
    source: a report
    note: a note
    financier: World Bank
  - figure: projects
    value: 3
    asOf: 2023-12-31
    source: a report
    share: governments
`,
      FILE,
    );
    expect(programme).toEqual({
      name: 'TEST',
      title: 'A test programme',
      description: 'For the tests.',
      sources: ['somewhere'],
      countries: ['KZ', 'CN'],
      places: { CN: ['Xinjiang', 'Inner Mongolia'] },
      financiers: ['World Bank'],
      from: '2001-01-01',
      to: '2030-12-31',
      match: { ids: ['P000001'], names: ['TEST'], titleContains: ['road'], sectors: ['210', '21020'], sectorContains: ['transport'] },
      parts: [{ name: 'Roads', match: { titleContains: ['road'] } }],
      reference: [
        { figure: 'commitmentUsd', value: 1000000, asOf: '2023-12-31', source: 'a report', note: 'a note', financier: 'World Bank' },
        { figure: 'projects', value: 3, asOf: '2023-12-31', source: 'a report', share: 'governments' },
      ],
    });
  });

  it('reads JSON too', () => {
    expect(parseProgramme('{"name": "J", "countries": ["KZ"], "match": {"ids": ["P1"]}}', '/defs/j.json').match).toEqual({ ids: ['P1'] });
  });

  it('refuses a misspelt rule (which would have matched every project) with its line and the key it resembles', () => {
    expect(refusal(`${HEAD}match:\n  titleContain: [road]\n`)).toBe(
      `${FILE}:4: unknown key "titleContain" in match (did you mean "titleContains"?); the keys are ids, names, titleContains, sectors, sectorContains`,
    );
  });

  it('refuses unknown keys at every level', () => {
    expect(refusal(`${HEAD}contries: [UZ]\n`)).toMatch(
      /^\/defs\/test\.yaml:3: unknown key "contries" in the programme \(did you mean "countries"\?\)/,
    );
    expect(refusal(`${HEAD}parts:\n  - name: A\n    matches:\n      ids: [P1]\n`)).toMatch(
      /:5: unknown key "matches" in parts\[0\] \(did you mean "match"\?\)/,
    );
    expect(refusal(`${HEAD}parts:\n  - name: A\n    match:\n      sector: ['210']\n`)).toMatch(
      /:6: unknown key "sector" in parts\[0\]\.match \(did you mean "sectors"\?\)/,
    );
    expect(refusal(`${HEAD}reference:\n  - figure: projects\n    value: 1\n    asof: 2023-01-01\n    source: x\n`)).toMatch(
      /:6: unknown key "asof" in reference\[0\] \(did you mean "asOf"\?\)/,
    );
    // A country in places must be a member: the key list is the member countries.
    expect(refusal(`${HEAD}places:\n  UZ: [Fergana]\n`)).toMatch(/:4: unknown key "UZ" in places; the keys are KZ, CN/);
    // Far from every key: no guess.
    expect(refusal(`${HEAD}colour: blue\n`)).toMatch(/:3: unknown key "colour" in the programme; the keys are/);
  });

  it('refuses empty rules and empty lists', () => {
    expect(refusal(`${HEAD}match: {}\n`)).toMatch(/:3: match has no rule/);
    expect(refusal(`${HEAD}match:\n  sectors: []\n`)).toMatch(/:4: match\.sectors is an empty list/);
    expect(refusal(`${HEAD}match:\n  titleContains: ['', road]\n`)).toMatch(/:4: match\.titleContains\[0\] must not be empty/);
    expect(refusal(`${HEAD}match:\n`)).toMatch(/:3: match must be a mapping/);
    expect(refusal(`${HEAD}parts:\n  - name: A\n`)).toMatch(/:4: parts\[0\]\.match is required/);
  });

  it('refuses wrong values with their line', () => {
    expect(refusal('name: X\ncountries: [KZ, Kazakhstan]\n')).toMatch(
      /:2: countries must list ISO 3166-1 alpha-2 codes such as KZ, not "Kazakhstan"/,
    );
    expect(refusal(`${HEAD}from: 2023-02-30\n`)).toMatch(/:3: from must be a date as YYYY-MM-DD/);
    expect(refusal(`${HEAD}match:\n  sectors: [transport]\n`)).toMatch(/:4: match\.sectors: "transport" is not a DAC code/);
    expect(refusal(`${HEAD}reference:\n  - figure: dollars\n    value: 1\n    asOf: 2023-01-01\n    source: x\n`)).toMatch(
      /:4: reference\[0\]\.figure must be one of projects, commitmentUsd, disbursementUsd/,
    );
    expect(refusal(`${HEAD}reference:\n  - figure: projects\n    value: '51 bn'\n    asOf: 2023-01-01\n    source: x\n`)).toMatch(
      /:5: reference\[0\]\.value must be a number/,
    );
    expect(refusal('countries: [KZ]\n')).toMatch(/:1: name is required/);
    expect(refusal('name: X\nname: Y\ncountries: [KZ]\n')).toMatch(
      /^\/defs\/test\.yaml:2: not valid YAML or JSON: Map keys must be unique/,
    );
  });

  it('refuses a rule given to two parts, at the second', () => {
    expect(
      refusal(`${HEAD}parts:\n  - name: A\n    match:\n      sectors: ['210']\n  - name: B\n    match:\n      sectors: ['231', '210']\n`),
    ).toMatch(/:9: parts\[1\]\.match\.sectors\[1\]: sectors "210" is a rule of part "A" too/);
  });
});

describe('whole words in sector names', () => {
  it('finds a word between punctuation, never inside another word', () => {
    expect(hasWords('FY17 - Other Industry, Trade and Services', 'trade')).toBe(true);
    expect(hasWords('Ports/Waterways', 'ports')).toBe(true);
    expect(hasWords('(Historic)Trade policy reform', 'trade policy')).toBe(true);
    expect(hasWords('Other Transportation', 'transport')).toBe(false);
    expect(hasWords('Airports', 'ports')).toBe(false);
    expect(hasWords('Trade', 'trade policy')).toBe(false);
  });
});
