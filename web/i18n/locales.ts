/** The languages Portico speaks. English is the default; a person chooses Spanish with the language button. */
export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** The BCP 47 tag used for formatting (dates, times, money): US English and US Spanish conventions. */
export const INTL_TAG: Record<Locale, string> = { en: 'en-US', es: 'es-US' };

/** What the language button says: always the name of the *other* language, in that language. */
export const SWITCH_LABEL: Record<Locale, string> = { en: 'Español', es: 'English' };
export const other = (l: Locale): Locale => (l === 'en' ? 'es' : 'en');

export const isLocale = (v: unknown): v is Locale => v === 'en' || v === 'es';

/** The signed-out choice is kept in localStorage (for the web app) and a cookie (so the server answers in it too). */
export const STORAGE_KEY = 'portico.locale';
export const COOKIE_NAME = 'portico_locale';
