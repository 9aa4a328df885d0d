import { describe, expect, it } from 'vitest';
import { findPlaces } from '../../src/statements/countries.js';
import { extractStatement } from '../../src/statements/extract.js';
import { findGazetteerMentions } from '../../src/statements/gazetteer.js';
import { findInstitutions } from '../../src/statements/institutions.js';

describe('organisations and programmes from the gazetteer', () => {
  it('match full names in any case and abbreviations as written, the longest name first', () => {
    const names = findGazetteerMentions('The World Bank Group, IBRD, the asian development bank (ADB), IsDB and the adb office.').map(
      (m) => m.entry.name,
    );
    expect(names).toEqual([
      'World Bank Group',
      'International Bank for Reconstruction and Development',
      'Asian Development Bank',
      'Asian Development Bank',
      'Islamic Development Bank',
    ]);
    expect(findGazetteerMentions('The CAREC Institute and the CAREC Program').map((m) => m.entry.name)).toEqual([
      'CAREC Institute',
      'Central Asia Regional Economic Cooperation Program (CAREC)',
    ]);
  });
});

describe('countries', () => {
  it('come from names and adjectives, with ISO codes', () => {
    const text =
      'The Kazakh government, Uzbek media, a Kyrgyz ministry, Tajik, Turkmen and Afghan officials, the Philippine capital, South Korea.';
    expect(findPlaces(text).map((p) => p.code)).toEqual(['KZ', 'UZ', 'KG', 'TJ', 'TM', 'AF', 'PH', 'KR']);
  });

  it('do not come from currencies, organisation names, datelines or cities alone', () => {
    const extraction = extractStatement(
      'TASHKENT, Uzbekistan, May 2. The Export-Import Bank of Korea will lend 390 million U.S. dollars to Mongolia, said officials in Ulaanbaatar.',
    );
    expect(extraction.entities.countries).toEqual(['MN']);
  });
});

describe('national institutions', () => {
  it('get a canonical name that says whose they are', () => {
    const text = 'The Kyrgyz Ministry of Finance, the Government of Uzbekistan, the Kazakh government and the Finance Ministry met.';
    expect(findInstitutions(text, findPlaces(text)).map((i) => i.name)).toEqual([
      'Ministry of Finance of Kyrgyzstan',
      'Government of Uzbekistan',
      'Government of Kazakhstan',
      'Ministry of Finance',
    ]);
  });
});

describe('governments that sign', () => {
  it('are the countries that sign beside an organisation', () => {
    expect(extractStatement('Earlier, Kazakhstan and AIIB signed a framework agreement.').entities.organisations).toEqual([
      'Government of Kazakhstan',
      'Asian Infrastructure Investment Bank',
    ]);
    expect(extractStatement('Kazakhstan and AIIB discussed plans.').entities.organisations).toEqual([
      'Asian Infrastructure Investment Bank',
    ]);
  });
});

describe('people', () => {
  it('are taken where a title anchors the name, with their role and organisation', () => {
    const { entities } = extractStatement(
      [
        'Prime Minister Alibek Nurov of Kazakhstan met the World Bank Regional Director for Central Asia, Maria Ivanova, in Astana.',
        '"We are ready," said Jean-Luc Martin, EBRD Managing Director for Central Asia.',
        'Chairman of the State Committee of Uzbekistan for Investments Rustam Aliev and President of IsDB Omar Al Farouk signed it.',
        'The loan was discussed by Asian Development Bank President Hiro Tanaka and AIIB Vice President Lena Berg.',
        'Nurov thanked the bank. Its President Hiro Tanaka replied.',
        'The head of the EBRD office in Kazakhstan, Ayse Demir, said the bank was ready.',
      ].join('\n'),
    );
    expect(entities.people).toEqual([
      { name: 'Alibek Nurov', role: 'Prime Minister of Kazakhstan', organisation: 'Government of Kazakhstan' },
      { name: 'Maria Ivanova', role: 'Regional Director for Central Asia', organisation: 'World Bank' },
      {
        name: 'Jean-Luc Martin',
        role: 'Managing Director for Central Asia',
        organisation: 'European Bank for Reconstruction and Development',
      },
      {
        name: 'Rustam Aliev',
        role: 'Chairman of the State Committee of Uzbekistan for Investments',
        organisation: 'State Committee of Uzbekistan for Investments',
      },
      { name: 'Omar Al Farouk', role: 'President of IsDB', organisation: 'Islamic Development Bank' },
      { name: 'Hiro Tanaka', role: 'President', organisation: 'Asian Development Bank' },
      { name: 'Lena Berg', role: 'Vice President', organisation: 'Asian Infrastructure Investment Bank' },
      {
        name: 'Ayse Demir',
        role: 'head of the EBRD office in Kazakhstan',
        organisation: 'European Bank for Reconstruction and Development',
      },
    ]);
    expect(entities.organisations).toContain('Government of Kazakhstan');
  });

  it('are not bylines, agencies or a title with no name', () => {
    const { entities } = extractStatement(
      'The President of Uzbekistan spoke.\nOn behalf of the Head of State, the Minister thanked the bank.\nDaniyar Kassymov\n',
    );
    expect(entities.people).toEqual([]);
  });
});

describe('programmes', () => {
  it('are gazetteer names, capitalised programme names and described cooperation documents', () => {
    const { entities } = extractStatement(
      'The Country Partnership Framework (CPF) and the CAREC Digital Strategy 2030 guide the new three-year cooperation program and the partnership strategy for 2024-2027, including the Almaty–Bishkek road project.',
    );
    expect(entities.programmes).toEqual([
      'Country Partnership Framework',
      'CAREC Digital Strategy',
      'Central Asia Regional Economic Cooperation Program (CAREC)',
      'new three-year cooperation program',
      'partnership strategy for 2024-2027',
      'Almaty–Bishkek road project',
    ]);
  });
});
