// The value forms of the banks' own project lists: dates, plain and worded amounts, country names,
// strict UTF-8, and the projectKey that joins ADB's list with its IATI loan activities.
import { describe, expect, it } from 'vitest';
import { projectKey } from '../../src/model/project.js';
import { readBankDate, readPlainAmount, readWordedAmount } from '../../src/sources/bankValues.js';
import { isoCodeOfCountryName } from '../../src/sources/countryNames.js';
import { decodeUtf8Strictly } from '../../src/sources/textFile.js';

describe('readBankDate', () => {
  it.each([
    ['2020-08-25', '2020-08-25'],
    ['25 Aug 2020', '2020-08-25'],
    ['05 Mar 2021', '2021-03-05'],
    ['5-Mar-2021', '2021-03-05'],
    ['Aug 25, 2020', '2020-08-25'],
    ['December 12，2024', '2024-12-12'],
    ['December 12， 2024', '2024-12-12'],
    ['Sept 30, 2020', '2020-09-30'],
    ['29 Feb 2024', '2024-02-29'],
    ['29 Feb 2023', null],
    ['31 Apr 2020', null],
    ['25 Agu 2020', null],
    ['25/08/2020', null],
    ['', null],
  ])('reads %j as %j', (text, expected) => {
    expect(readBankDate(text)).toBe(expected);
  });
});

describe('readPlainAmount and readWordedAmount', () => {
  it.each([
    ['1,000,000,000.00', '1000000000'],
    ['1,500,000.50', '1500000.5'],
    ['0.00', '0'],
    ['250000', '250000'],
    ['', null],
  ])('reads the plain amount %j as %j', (text, expected) => {
    expect(readPlainAmount(text)).toEqual({ ok: true, amount: expected });
  });

  it.each(['1bn', '12,5O0', '-5', '1e9', '9,000,000,000,000,000'])('refuses %j', (text) => {
    expect(readPlainAmount(text).ok).toBe(false);
  });

  it.each([
    ['USD 125 million', 'USD', '125000000'],
    ['USD 385.5 million', 'USD', '385500000'],
    ['US$ 1.25 billion', 'USD', '1250000000'],
    ['EUR 42.1 million', 'EUR', '42100000'],
    ['USD 125,000,000', 'USD', '125000000'],
    ['USD 0.0000015 million', 'USD', '1.5'],
  ])('reads the worded amount %j as %s %s', (text, currency, amount) => {
    expect(readWordedAmount(text)).toEqual({ ok: true, currency, amount });
  });

  it.each(['125 million', 'USD a lot', 'USD 5 zillion', 'USD 9000000000 billion'])('refuses the worded amount %j', (text) => {
    expect(readWordedAmount(text).ok).toBe(false);
  });
});

describe('isoCodeOfCountryName', () => {
  it.each([
    ['Kazakhstan', 'KZ'],
    ['Kyrgyz Republic', 'KG'],
    ['Kyrgyzstan', 'KG'],
    ["People's Republic of China", 'CN'],
    ['Türkiye', 'TR'],
    ['  uzbekistan ', 'UZ'],
    ['Regional', null],
    ['Multicountry', null],
    ['Central Asia', null],
  ])('%j is %j', (name, code) => {
    expect(isoCodeOfCountryName(name)).toBe(code);
  });
});

describe('decodeUtf8Strictly', () => {
  it('names the line of the first byte that is not UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('a,b\nc,"Caf'), Buffer.from([0xe9]), Buffer.from('"\n')]);
    expect(() => decodeUtf8Strictly(bytes, 'list.csv')).toThrow(/^list\.csv:2: not valid UTF-8 \(byte 0xe9\)/);
  });

  it('names the byte after a complete character that precedes it', () => {
    const bytes = Buffer.concat([Buffer.from('é\n\n'), Buffer.from([0xff])]);
    expect(() => decodeUtf8Strictly(bytes, 'x')).toThrow(/^x:3: not valid UTF-8 \(byte 0xff\)/);
  });

  it('drops a byte-order mark and refuses an empty file', () => {
    expect(decodeUtf8Strictly(Buffer.from('\uFEFFid\n'), 'x')).toBe('id\n');
    expect(() => decodeUtf8Strictly(Buffer.from(' \n '), 'x')).toThrow(/the file is empty/);
  });
});

describe('projectKey', () => {
  it.each([
    ['46004-54188-001-LN3940', '54188-001'],
    ['XM-DAC-46004-54188-001-GRNT0699', '54188-001'],
    ['54188-001', '54188-001'],
    ['44000-P179204', 'P179204'],
    ['XI-IATI-EBRD-50756', 'XI-IATI-EBRD-50756'],
    // Not an ADB project number: left as it is.
    ['46004-ABC', '46004-ABC'],
    ['US-GOV-1-46004-54188-001', 'US-GOV-1-46004-54188-001'],
  ])('%s belongs to project %s', (id, key) => {
    expect(projectKey({ id })).toBe(key);
  });
});
