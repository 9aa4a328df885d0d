// The language of the page: English, Russian or Kazakh. It is in the URL (?lang=kk), so a link
// carries it, and remembered in localStorage for the next visit; the URL wins. Numbers, money and
// dates are formatted per language with Intl (src/web/format.ts); the words are in messages.ts.
import { CODE_NAMES, isLang, type Key, type Lang, MESSAGES, STATUS_NAMES } from './messages.js';

export { type Key, LANG_NAMES, LANGS, type Lang } from './messages.js';

const STORAGE_KEY = 'devfin.lang';

let current: Lang = readLang();

function readLang(): Lang {
  const asked = new URLSearchParams(location.search).get('lang');
  if (isLang(asked)) {
    remember(asked);
    return asked;
  }
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (isLang(stored)) return stored;
  const browser = navigator.language.toLowerCase();
  return browser.startsWith('kk') ? 'kk' : browser.startsWith('ru') ? 'ru' : 'en';
}

function remember(next: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Storage refused (private mode, a policy): the URL still carries the language.
  }
}

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  current = next;
  remember(next);
  document.documentElement.lang = next;
}

/** The language a URL asks for (?lang=), or null when it asks for none or one the app does not have. */
export function langOfQuery(query: URLSearchParams): Lang | null {
  const asked = query.get('lang');
  return isLang(asked) ? asked : null;
}

/** The text for `key`, with {name} placeholders filled in. */
export function t(key: Key, values: Record<string, string | number> = {}): string {
  return MESSAGES[current][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

export function statusLabel(status: string | null): string {
  return status ? (STATUS_NAMES[current][status] ?? status) : '—';
}

/**
 * A code's name: in Russian or Kazakh where the app has it, else the name the API gave (the English
 * codelist's), else the code itself.
 */
export function codeLabel(list: string, code: string, apiNames: Record<string, Record<string, string>> = {}): string {
  const translated = current === 'en' ? undefined : CODE_NAMES[current][list]?.[code];
  return translated ?? apiNames[list]?.[code] ?? code;
}

const knows = new Map<Lang, boolean>();

/**
 * Whether the browser's Intl has real data for the language, not only its name: Chromium lists
 * Kazakh as supported yet writes "2024 M03 5" and "$ 1.3G" (no month names or number words).
 */
function intlKnows(code: Lang): boolean {
  let known = knows.get(code);
  if (known === undefined) {
    try {
      const month = new Intl.DateTimeFormat(code, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 2, 5)));
      known = code === 'en' || /\p{Script=Cyrillic}/u.test(month);
    } catch {
      known = false;
    }
    knows.set(code, known);
  }
  return known;
}

/**
 * The locale numbers are written in: the page's language, or for Kazakh without Intl data Russian,
 * which writes numbers the same way ("1,3 млрд $", a space between thousands).
 */
export function numberLocale(): string {
  return current === 'kk' && !intlKnows('kk') ? 'ru' : current;
}

const KK_MONTHS = ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'];

/** A day in the page's language ("5 Mar 2024", "5 мар. 2024 г.", "2024 ж. 5 наурыз"), in UTC. */
export function formatDay(day: Date): string {
  if (current === 'kk' && !intlKnows('kk')) {
    // The Kazakh long date as the Unicode locale data writes it, for browsers that lack that data.
    return `${day.getUTCFullYear()} ж. ${day.getUTCDate()} ${KK_MONTHS[day.getUTCMonth()]}`;
  }
  return new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeZone: 'UTC' }).format(day);
}

const regionNames = new Map<Lang, Intl.DisplayNames | null>();

/**
 * A country's name in the current language, from its ISO code. Intl knows every country in English;
 * where the browser has no names in the language, they are English (the fallback locale).
 */
export function countryName(code: string): string {
  let names = regionNames.get(current);
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames([current, 'en'], { type: 'region' });
    } catch {
      names = null;
    }
    regionNames.set(current, names);
  }
  try {
    return names?.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
