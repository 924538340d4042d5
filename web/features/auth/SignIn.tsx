import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { useAuth } from '../../app/auth';
import { UrgentHelp } from '../../components/Layout';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../i18n/LanguageSwitch';

export function SignIn() {
  const { signIn, signedOutReason, idleTimeoutSeconds } = useAuth();
  const navigate = useNavigate();
  const { t } = useTranslation('auth');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // Two-step sign-in: after the server answers mfa_required, the same form asks for the code from the authenticator app.
  const [needCode, setNeedCode] = useState(false);
  const [mfaCode, setMfaCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await signIn(email, password, needCode ? mfaCode : undefined);
      navigate('/', { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'mfa_required') {
        setNeedCode(true);
        setError(null);
        return;
      }
      if (err instanceof ApiError && err.code === 'mfa_invalid') setMfaCode('');
      setError(err instanceof ApiError ? err.message : t('offline'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <UrgentHelp />
      <main id="main" className="signin">
        <div className="language-bar"><LanguageSwitch /></div>
        <h1>{t('title')}</h1>
        <p className="lead">{t('lead')}</p>
        {signedOutReason === 'timeout' && (
          <div className="notice" role="status">
            {t('timedOut', { minutes: Math.max(1, Math.round((idleTimeoutSeconds ?? 900) / 60)) })}
          </div>
        )}
        {signedOutReason === 'signed-out' && <div className="notice" role="status">{t('signedOut')}</div>}
        <form onSubmit={submit} noValidate>
          {error && <div className="error" role="alert" id="signin-error">{error}</div>}
          <div className="field">
            <label htmlFor="email">{t('email')}</label>
            <input id="email" name="email" type="email" autoComplete="username" required value={email}
              onChange={(e) => setEmail(e.target.value)} aria-describedby={error ? 'signin-error' : undefined} />
          </div>
          <div className="field">
            <label htmlFor="password">{t('password')}</label>
            <input id="password" name="password" type="password" autoComplete="current-password" required value={password}
              onChange={(e) => setPassword(e.target.value)} />
          </div>
          {needCode && (
            <div className="field">
              <label htmlFor="mfa-code">{t('mfa.codeLabel')}</label>
              <span className="hint" id="mfa-code-hint">{t('mfa.codeHint')}</span>
              <input id="mfa-code" name="mfaCode" inputMode="text" autoComplete="one-time-code" required autoFocus value={mfaCode}
                onChange={(e) => setMfaCode(e.target.value)} aria-describedby="mfa-code-hint" />
            </div>
          )}
          <button className="button" type="submit" disabled={busy}>{busy ? t('signingIn') : t('signIn')}</button>
        </form>
        <p className="help">{t('help')} <a href="tel:+16155550100">615-555-0100</a>.</p>
      </main>
    </>
  );
}
