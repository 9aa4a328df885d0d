// Numbers, money and dates as the current language writes them. Amounts arrive in whole US dollars.
import { formatDay, numberLocale, t } from './i18n.js';

export function count(n: number): string {
  return new Intl.NumberFormat(numberLocale()).format(n);
}

/** "$12.1B" / "12,1 млрд $": short enough for a figure or an axis; the full amount goes in a title. */
export function usdShort(n: number | null): string {
  if (n === null) return '—';
  return new Intl.NumberFormat(numberLocale(), {
    style: 'currency',
    currency: 'USD',
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(n);
}

/** The full amount; for a measure that no record reports, says so (it is not 0). */
export function usdFull(n: number | null): string {
  if (n === null) return t('notReported');
  return new Intl.NumberFormat(numberLocale(), { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(n);
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
