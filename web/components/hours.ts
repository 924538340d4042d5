import { formatClock } from '../i18n/format';
import { INTL_TAG, type Locale } from '../i18n/locales';
import { i18n } from '../i18n';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/**
 * Opening hours as people say them: the directory keeps them as short text with 24-hour times
 * ("Mon–Thu 7:30–17:00, Fri 7:30–12:00"); this shows "Mon–Thu 7:30 AM–5:00 PM, Fri 7:30 AM–12:00 PM" (12-hour, US
 * English) or "lun–jue 7:30 a.m.–5:00 p.m." in Spanish. Anything that is not a day or a time is left as written.
 */
export function hoursText(text: string, locale?: Locale): string {
  const loc: Locale = locale ?? (i18n.language === 'es' ? 'es' : 'en');
  const day = (d: string) => {
    const i = DAYS.indexOf(d as (typeof DAYS)[number]);
    // 2023-01-01 was a Sunday.
    return new Intl.DateTimeFormat(INTL_TAG[loc], { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2023, 0, 1 + i))).replace(/\.$/, '');
  };
  return text
    .replace(/\b([01]?\d|2[0-3]):([0-5]\d)\b/g, (_m, h: string, m: string) => formatClock(`${h}:${m}`, loc).replace(/\u202f/g, '\u00a0'))
    .replace(/\b(Sun|Mon|Tue|Wed|Thu|Fri|Sat)\b/g, (d) => (loc === 'en' ? d : day(d)));
}
