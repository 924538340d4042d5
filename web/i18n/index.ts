import i18next from 'i18next';
import ICU from 'i18next-icu';
import { initReactI18next } from 'react-i18next';
import { COOKIE_NAME, DEFAULT_LOCALE, INTL_TAG, STORAGE_KEY, isLocale, type Locale } from './locales';

export * from './locales';

/**
 * Every catalog file web/i18n/<locale>/<namespace>.json is bundled into the app (no HTTP backend): drop a new
 * namespace file in both en/ and es/ and it is available as useTranslation('<namespace>'). Messages use ICU syntax
 * ({count, plural, one {# day} other {# days}}, {kind, select, ...}). See web/i18n/README.md.
 */
type Catalog = Record<string, unknown>;
const files = import.meta.glob<Catalog>('./*/*.json', { eager: true, import: 'default' });

export function catalogs(): Record<Locale, Record<string, Catalog>> {
  const out: Record<Locale, Record<string, Catalog>> = { en: {}, es: {} };
  for (const [file, data] of Object.entries(files)) {
    const m = /^\.\/(en|es)\/([\w-]+)\.json$/.exec(file);
    if (m) out[m[1] as Locale][m[2]] = data;
  }
  return out;
}

/** The language to start in: the person's earlier choice on this device, else the browser's language, else English. */
export function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLocale(saved)) return saved;
  } catch { /* storage may be off */ }
  if (typeof navigator !== 'undefined' && /^es\b/i.test(navigator.language ?? '')) return 'es';
  return DEFAULT_LOCALE;
}

const resources = catalogs();
export const i18n = i18next.createInstance();
void i18n
  .use(ICU)
  .use(initReactI18next)
  .init({
    resources,
    lng: typeof window === 'undefined' ? DEFAULT_LOCALE : initialLocale(),
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: ['en', 'es'],
    ns: Object.keys(resources.en),
    defaultNS: 'common',
    interpolation: { escapeValue: false }, // React escapes already
    returnNull: false,
    initAsync: false,
  });

/** Applies a language to the page: i18next, <html lang>, and the device memory (localStorage + a cookie the server reads). */
export function applyLocale(locale: Locale, remember = true) {
  if (i18n.language !== locale) void i18n.changeLanguage(locale);
  if (typeof document !== 'undefined') {
    document.documentElement.lang = locale;
    if (remember) {
      try { localStorage.setItem(STORAGE_KEY, locale); } catch { /* storage may be off */ }
      document.cookie = `${COOKIE_NAME}=${locale}; path=/; max-age=31536000; samesite=lax`;
    }
  }
}

export const currentLocale = (): Locale => (i18n.language === 'es' ? 'es' : 'en');
export const intlTag = (l: Locale = currentLocale()) => INTL_TAG[l];

if (typeof document !== 'undefined') document.documentElement.lang = currentLocale();
