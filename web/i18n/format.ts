import { INTL_TAG, type Locale } from './locales';
import { i18n } from './index';

/**
 * Locale-aware formatting. Use these instead of toLocaleString / toISOString in pages:
 * dates are spoken ("March 5, 2026" / "5 de marzo de 2026"), times are 12-hour in US English ("2:30 PM") and follow
 * US Spanish conventions ("2:30 p.m."), money is US dollars ("$1,234.50" in both languages).
 * Every helper takes an optional locale; without it, the current page language is used.
 */
const tag = (locale?: Locale) => INTL_TAG[locale ?? current()];
export const current = (): Locale => (i18n.language === 'es' ? 'es' : 'en');

/** A 'YYYY-MM-DD' date (no time) is a calendar day: read it at noon UTC so no time zone moves it to the day before. */
function toDate(d: Date | string | number): Date {
  if (d instanceof Date) return d;
  if (typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d)) return new Date(`${d}T12:00:00Z`);
  return new Date(d);
}
const dayOnly = (d: Date | string | number) => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d);

/** "March 5, 2026" / "5 de marzo de 2026". */
export function formatDate(d: Date | string | number, locale?: Locale): string {
  return new Intl.DateTimeFormat(tag(locale), { dateStyle: 'long', ...(dayOnly(d) ? { timeZone: 'UTC' } : {}) }).format(toDate(d));
}

/** "Thursday, March 5, 2026" / "jueves, 5 de marzo de 2026". */
export function formatDateLong(d: Date | string | number, locale?: Locale): string {
  return new Intl.DateTimeFormat(tag(locale), { dateStyle: 'full', ...(dayOnly(d) ? { timeZone: 'UTC' } : {}) }).format(toDate(d));
}

/** "Mar 5, 2026" / "5 mar 2026" — for tables where space is short. */
export function formatDateShort(d: Date | string | number, locale?: Locale): string {
  return new Intl.DateTimeFormat(tag(locale), { dateStyle: 'medium', ...(dayOnly(d) ? { timeZone: 'UTC' } : {}) }).format(toDate(d));
}

/** "2:30 PM" / "2:30 p.m." (always 12-hour). */
export function formatTime(d: Date | string | number, locale?: Locale): string {
  return new Intl.DateTimeFormat(tag(locale), { hour: 'numeric', minute: '2-digit', hour12: true }).format(toDate(d));
}

/** A wall-clock time 'HH:MM' (e.g. office hours) → "8:00 AM" / "8:00 a.m.". */
export function formatClock(hhmm: string, locale?: Locale): string {
  const [h, m] = hhmm.split(':').map(Number);
  return new Intl.DateTimeFormat(tag(locale), { hour: 'numeric', minute: '2-digit', hour12: true, timeZone: 'UTC' })
    .format(new Date(Date.UTC(2000, 0, 1, h, m ?? 0)));
}

/** "March 5, 2026 at 2:30 PM" / "5 de marzo de 2026 a las 2:30 p.m.". */
export function formatDateTime(d: Date | string | number, locale?: Locale): string {
  return new Intl.DateTimeFormat(tag(locale), { dateStyle: 'long', timeStyle: 'short', hour12: true }).format(toDate(d));
}

/** "Thursday, March 5 at 2:30 PM" — for appointments. */
export function formatWhen(d: Date | string | number, locale?: Locale, timeZone?: string): string {
  return new Intl.DateTimeFormat(tag(locale), { weekday: 'long', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true, timeZone })
    .format(toDate(d));
}

/** Dollars from cents: 123450 → "$1,234.50". */
export function formatMoneyCents(cents: number, locale?: Locale): string {
  return formatMoney(cents / 100, locale);
}

/** Dollars: 1234.5 → "$1,234.50" (US dollars in both languages). */
export function formatMoney(dollars: number, locale?: Locale): string {
  return new Intl.NumberFormat(tag(locale), { style: 'currency', currency: 'USD', currencyDisplay: 'narrowSymbol' }).format(dollars);
}

/** 1234.5 → "1,234.5" (both languages in the US use the period as decimal mark). */
export function formatNumber(n: number, locale?: Locale, opts: Intl.NumberFormatOptions = {}): string {
  return new Intl.NumberFormat(tag(locale), opts).format(n);
}

/** "3 days ago" / "hace 3 días", "in 2 hours" / "dentro de 2 horas". */
export function formatRelative(d: Date | string | number, now = Date.now(), locale?: Locale): string {
  const diff = toDate(d).getTime() - now;
  const rtf = new Intl.RelativeTimeFormat(tag(locale), { numeric: 'auto' });
  const abs = Math.abs(diff);
  if (abs < 3_600_000) return rtf.format(Math.round(diff / 60_000), 'minute');
  if (abs < 86_400_000) return rtf.format(Math.round(diff / 3_600_000), 'hour');
  return rtf.format(Math.round(diff / 86_400_000), 'day');
}

/** "A, B and C" / "A, B y C". */
export function formatList(items: string[], locale?: Locale): string {
  return new Intl.ListFormat(tag(locale), { style: 'long', type: 'conjunction' }).format(items);
}
