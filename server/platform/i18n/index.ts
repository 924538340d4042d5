import { AsyncLocalStorage } from 'node:async_hooks';
import { IntlMessageFormat } from 'intl-messageformat';
import { en, type MessageKey } from './en';
import { es } from './es';

/**
 * The server's own catalog (errors, status texts, guidance, emails), in the same ICU syntax as the web catalogs.
 * `t(key, values, locale?)` renders a text; without a locale it uses the language of the request being served
 * (set by the hook in ./http), so presenters and services need no extra parameter.
 */
export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export const isLocale = (v: unknown): v is Locale => v === 'en' || v === 'es';
export const INTL_TAG: Record<Locale, string> = { en: 'en-US', es: 'es-US' };
export const CATALOG: Record<Locale, Record<MessageKey, string>> = { en, es };
export type { MessageKey };

const store = new AsyncLocalStorage<{ locale: Locale }>();
/** The language of the request being served (English outside a request, e.g. in jobs). */
export const currentLocale = (): Locale => store.getStore()?.locale ?? 'en';
/** Runs fn with a language (e.g. a job writing an email for one person). */
export const withLocale = <T>(locale: Locale, fn: () => T): T => store.run({ locale }, fn);
export const runInLocale = (locale: Locale, done: () => void) => store.run({ locale }, done);

const cache = new Map<string, IntlMessageFormat>();
export function t(key: MessageKey, values?: Record<string, string | number>, locale: Locale = currentLocale()): string {
  const id = `${locale}\u0000${key}`;
  let f = cache.get(id);
  if (!f) {
    f = new IntlMessageFormat(CATALOG[locale][key] ?? en[key], INTL_TAG[locale]);
    cache.set(id, f);
  }
  return String(f.format(values));
}

/** "Accept-Language: es-MX,es;q=0.9,en;q=0.8" → 'es'. The first supported language wins (by q, then order). */
export function fromAcceptLanguage(header: string | undefined): Locale | null {
  if (!header) return null;
  const langs = header.split(',').map((part, i) => {
    const [tag, ...params] = part.trim().split(';');
    const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? 1);
    return { lang: tag.trim().toLowerCase().split('-')[0], q: Number.isFinite(q) ? q : 0, i };
  }).filter((l) => l.q > 0).sort((a, b) => b.q - a.q || a.i - b.i);
  for (const l of langs) if (isLocale(l.lang)) return l.lang;
  return null;
}

/** The language for a request: the person's saved choice, else this device's choice (cookie), else the browser's, else English. */
export function pickLocale(o: { saved?: string | null; cookie?: string | null; acceptLanguage?: string }): Locale {
  if (isLocale(o.saved)) return o.saved;
  if (isLocale(o.cookie)) return o.cookie;
  return fromAcceptLanguage(o.acceptLanguage) ?? 'en';
}

// ── Translating an English message thrown by a route ─────────────────────────────────────────────
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
type Matcher = { key: MessageKey; re: RegExp; names: string[] };
const matchers: Matcher[] = (Object.keys(en) as MessageKey[])
  .filter((k) => k.startsWith('error.') && k !== 'error.field')
  .map((key) => {
    const names: string[] = [];
    const src = en[key].split(/(\{\w+\})/).map((part) => {
      const m = /^\{(\w+)\}$/.exec(part);
      if (!m) return escapeRe(part);
      names.push(m[1]);
      return '(.+?)';
    }).join('');
    return { key, re: new RegExp(`^${src}$`), names };
  })
  // Exact texts before templates, so "This conversation is closed." is not read as a template with a placeholder.
  .sort((a, b) => a.names.length - b.names.length);

/** The person's-language version of an English error message (unchanged when the catalog does not know it). */
export function localizeMessage(message: string, locale: Locale = currentLocale()): string {
  if (locale === 'en') return message;
  for (const m of matchers) {
    const hit = m.re.exec(message);
    if (!hit) continue;
    const values: Record<string, string> = {};
    m.names.forEach((n, i) => { values[n] = hit[i + 1]; });
    if (m.key === 'error.notFound') {
      const thing = `thing.${values.what}` as MessageKey;
      if (!(thing in en)) continue;
      values.what = t(thing, undefined, locale);
    }
    return t(m.key, values, locale);
  }
  // zod's "field: detail" (a 400 naming the field): name the field; the detail is English-only.
  const field = /^([\w.[\]]+): .+$/.exec(message);
  if (field) return t('error.field', { field: field[1] }, locale);
  return message;
}
