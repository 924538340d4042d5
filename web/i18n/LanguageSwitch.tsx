import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { useAuth } from '../app/auth';
import { SWITCH_LABEL, applyLocale, currentLocale, isLocale, other, type Locale } from './index';
import './i18n.css';

/** Set when someone switches language on the sign-in page, so the choice is saved to their account once they sign in. */
const CHOSEN_SIGNED_OUT = 'portico.locale.chosen';

/**
 * The language button: "Español" on an English page, "English" on a Spanish page (named in the language it switches to).
 * Signed in, the choice is saved on the server for the person; signed out, it is kept on this device.
 */
export function LanguageSwitch({ className = 'button secondary' }: { className?: string }) {
  const { i18n } = useTranslation();
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const now: Locale = i18n.language === 'es' ? 'es' : 'en';
  const next = other(now);
  async function choose() {
    applyLocale(next);
    if (user) await api('/api/me/locale', { method: 'PUT', body: { locale: next } }).catch(() => undefined);
    else try { sessionStorage.setItem(CHOSEN_SIGNED_OUT, next); } catch { /* storage may be off */ }
    // Texts that come from the server (status lines, guidance, errors) are asked for again in the new language.
    void queryClient.invalidateQueries();
  }
  return (
    <button type="button" className={`${className} language-switch`} lang={next} onClick={() => void choose()}>
      {SWITCH_LABEL[now]}
    </button>
  );
}

/**
 * Signed in: the page follows the language saved for the person (so it follows them to another browser); if they chose a
 * language on the sign-in page just before, that choice is saved instead. Call once in the signed-in layout.
 */
export function useUserLocale() {
  const { user } = useAuth();
  const done = useRef<string | null>(null);
  useEffect(() => {
    if (!user || done.current === user.id) return;
    done.current = user.id;
    let chosen: string | null = null;
    try { chosen = sessionStorage.getItem(CHOSEN_SIGNED_OUT); sessionStorage.removeItem(CHOSEN_SIGNED_OUT); } catch { /* storage may be off */ }
    if (isLocale(chosen)) {
      applyLocale(chosen);
      if (chosen !== user.locale) void api('/api/me/locale', { method: 'PUT', body: { locale: chosen } }).catch(() => undefined);
    } else if (isLocale(user.locale)) {
      applyLocale(user.locale);
    } else if (currentLocale() !== 'en') {
      // No saved choice yet, but this device is in Spanish: keep it and remember it for the person.
      void api('/api/me/locale', { method: 'PUT', body: { locale: currentLocale() } }).catch(() => undefined);
    }
  }, [user]);
}
