import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth, useIdleSignOut } from '../app/auth';
import { announce } from './a11y';

/**
 * The idle sign-out (timer from the server's idle timeout) and its warning: shown shortly before the end with
 * "Stay signed in" (focused, and said by screen readers). Rendered once by the app shell.
 */
export function IdleWarning() {
  const { t } = useTranslation('shell');
  const { signOut } = useAuth();
  const { warning, secondsLeft, staySignedIn } = useIdleSignOut();
  const button = useRef<HTMLButtonElement>(null);
  const back = useRef<Element | null>(null);
  useEffect(() => {
    if (!warning) return;
    back.current = document.activeElement;
    button.current?.focus();
    announce(`${t('idle.title')} ${t('idle.stay')}`);
  }, [warning, t]);
  if (!warning) return null;
  const stay = () => {
    staySignedIn();
    if (back.current instanceof HTMLElement && back.current.isConnected) back.current.focus();
  };
  return (
    <div className="idle-warning" role="alertdialog" aria-modal="false" aria-labelledby="idle-title" aria-describedby="idle-text">
      <h2 id="idle-title">{t('idle.title')}</h2>
      <p id="idle-text">{t('idle.text', { seconds: secondsLeft })}</p>
      <div className="row-actions">
        <button ref={button} type="button" className="button" onClick={stay}>{t('idle.stay')}</button>
        <button type="button" className="button secondary" onClick={() => void signOut()}>{t('idle.signOut')}</button>
      </div>
    </div>
  );
}
