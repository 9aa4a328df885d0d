// Numbers, money and dates as the current language writes them. Amounts arrive in whole units of the
// page's currency (the API converts them; see currency.ts).
import { displayCurrency } from './currency.js';
import { formatDay, lang, numberLocale, t } from './i18n.js';

export function count(n: number): string {
  return new Intl.NumberFormat(numberLocale()).format(n);
}

/** "$12.1B" / "KZT 5.7T" / "12,1 млрд $": short enough for a figure or an axis; the full amount goes in a title. */
export function moneyShort(n: number | null): string {
  if (n === null) return '—';
  return new Intl.NumberFormat(numberLocale(), {
    style: 'currency',
    currency: displayCurrency(),
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(n);
}

/** The full amount; for a measure that no record reports (or none converts to the currency), says so (it is not 0). */
export function moneyFull(n: number | null): string {
  if (n === null) return t('notReported');
  return new Intl.NumberFormat(numberLocale(), { style: 'currency', currency: displayCurrency(), maximumFractionDigits: 0 }).format(n);
}

export function amount(value: string | number, currency: string | null): string {
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  if (!currency) return new Intl.NumberFormat(numberLocale()).format(n);
  try {
    return new Intl.NumberFormat(numberLocale(), { style: 'currency', currency, maximumFractionDigits: 0 }).format(n);
  } catch {
    return `${new Intl.NumberFormat(numberLocale()).format(n)} ${currency}`;
  }
}

/** A YYYY-MM-DD date (or a timestamp) in the language's medium form; the day never shifts with time zones. */
export function date(value: string | null): string {
  if (!value) return '—';
  const parsed = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(parsed.getTime())) return value;
  return formatDay(parsed);
}

/** A YYYY-MM-DD day written out, as a data set's date is cited: "31 March 2025", "31 марта 2025 г.". */
export function longDate(value: string): string {
  const parsed = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return value;
  // Kazakh as formatDay writes it (browsers without Kazakh data get its long form); English as cited in Britain.
  if (lang() === 'kk') return formatDay(parsed);
  const locale = lang() === 'en' ? 'en-GB' : lang();
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(parsed);
}
