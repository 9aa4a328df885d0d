// The dashboard's words: English, Russian and Kazakh have the same keys, none empty, the same
// {placeholders}, and Russian and Kazakh are written in Cyrillic (no English left untranslated).
// Also the small pure helpers of the dashboard: the reader's parameters on links, the year axis.
import { describe, expect, it } from 'vitest';
import { CODE_NAMES, LANGS, MESSAGES, STATUS_NAMES } from '../../src/web/messages.js';
import { withReaderParams } from '../../src/web/urlState.js';
import { yearRanges, yearSpan } from '../../src/web/years.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
/** Latin words that are names, not English: the app, the API and its formats, the DAC classification. */
const NAMES = /\b(devfin|API|OpenAPI|CSV|URL|DAC|USD)\b/g;

describe('dashboard messages', () => {
  const english = Object.keys(MESSAGES.en).sort();

  it('has the same keys in every language, none empty and none extra', () => {
    expect(english.length).toBeGreaterThan(100);
    for (const lang of LANGS) {
      expect(Object.keys(MESSAGES[lang]).sort(), lang).toEqual(english);
      const empty = Object.entries(MESSAGES[lang]).filter(([, text]) => text.trim() === '');
      expect(empty, lang).toEqual([]);
    }
  });

  it('fills the same placeholders in every language', () => {
    for (const key of english)
      for (const lang of LANGS)
        expect(placeholders(MESSAGES[lang][key as keyof typeof MESSAGES.en]), `${lang} ${key}`).toEqual(
          placeholders(MESSAGES.en[key as keyof typeof MESSAGES.en]),
        );
  });

  it('writes Russian and Kazakh in Cyrillic, with no English words left', () => {
    for (const lang of ['ru', 'kk'] as const) {
      const latin = Object.entries(MESSAGES[lang]).filter(([, text]) => /[A-Za-z]/.test(text.replace(/\{\w+\}/g, '').replace(NAMES, '')));
      expect(latin, lang).toEqual([]);
    }
  });

  it('has Kazakh of its own, not Russian copied', () => {
    const same = Object.keys(MESSAGES.kk).filter(
      (key) => MESSAGES.kk[key as keyof typeof MESSAGES.kk] === MESSAGES.ru[key as keyof typeof MESSAGES.ru],
    );
    // Only the names that are the same in both languages.
    expect(same.sort()).toEqual(['appName', 'currency', 'file', 'navApi', 'search'].filter((k) => same.includes(k)).sort());
    // Letters that Kazakh has and Russian does not appear throughout.
    const kazakh = Object.values(MESSAGES.kk).filter((text) => /[әғқңөұүһі]/i.test(text));
    expect(kazakh.length).toBeGreaterThan(Object.keys(MESSAGES.kk).length * 0.6);
  });

  it('names statuses and codes in every language with the same keys', () => {
    for (const lang of LANGS) expect(Object.keys(STATUS_NAMES[lang]).sort()).toEqual(Object.keys(STATUS_NAMES.en).sort());
    expect(Object.keys(CODE_NAMES.kk).sort()).toEqual(Object.keys(CODE_NAMES.ru).sort());
    for (const [list, codes] of Object.entries(CODE_NAMES.ru)) {
      expect(Object.keys(CODE_NAMES.kk[list] ?? {}).sort(), list).toEqual(Object.keys(codes).sort());
      for (const name of Object.values(CODE_NAMES.kk[list] ?? {})) expect(name.trim()).not.toBe('');
    }
  });
});

describe('the reader parameters on links', () => {
  const ru = new URLSearchParams('country=KZ&lang=ru');

  it('adds the language of the current URL to the app own links, keeping their query and fragment', () => {
    expect(withReaderParams('/country/UZ', ru)).toBe('/country/UZ?lang=ru');
    expect(withReaderParams('/search?country=KZ&status=active#results', ru)).toBe('/search?country=KZ&status=active&lang=ru#results');
    // A link already in another language follows the reader's current one.
    expect(withReaderParams('/?lang=en', ru)).toBe('/?lang=ru');
  });

  it('leaves the API, downloads, other sites and a URL without a language alone', () => {
    for (const href of ['/api/summary.csv?country=KZ', '/api/docs', '/openapi.json', 'https://example.org/x', '//cdn.example/x'])
      expect(withReaderParams(href, ru)).toBe(href);
    expect(withReaderParams('/country/KZ', new URLSearchParams('country=KZ'))).toBe('/country/KZ');
  });
});

describe('the year axis', () => {
  it('spans every year from the first to the last and names the years without a project', () => {
    const rows = ['1999', '2001', '2005', 'unknown', '2002'].map((key) => ({ key }));
    expect(yearSpan(rows)).toEqual({
      all: ['1999', '2000', '2001', '2002', '2003', '2004', '2005'],
      empty: ['2000', '2003', '2004'],
    });
    expect(yearRanges(['2000', '2003', '2004'])).toBe('2000, 2003–2004');
    expect(yearSpan([{ key: 'unknown' }])).toEqual({ all: [], empty: [] });
  });
});
