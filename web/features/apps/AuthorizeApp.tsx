import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client';
import { clearReturn } from './returnTo';

type Request = { appName: string; redirectHost: string; mayRead: string[]; patientName: string; forSomeoneElse: boolean; answered: boolean };

/**
 * The consent page of a SMART app launch: the app sent the patient here (through /oauth/auth); they are signed in with
 * the portal's own sign-in, see what the app asks for in plain words, and choose Allow or Deny. The answer sends the
 * browser back to the app.
 */
export function AuthorizeApp() {
  const { t } = useTranslation('apps');
  const { uid = '' } = useParams();
  const q = useQuery({ queryKey: ['smart-authorize', uid], queryFn: () => api<Request>(`/api/smart/authorize/${uid}`), retry: false });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => clearReturn(), []);

  async function answer(decision: 'allow' | 'deny') {
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ redirectTo: string }>(`/api/smart/authorize/${uid}`, { method: 'POST', body: { decision } });
      window.location.assign(r.redirectTo);
    } catch (e) {
      setBusy(false);
      setError(e instanceof ApiError && e.status === 404 ? t('authorize.expired') : t('authorize.error'));
    }
  }

  if (q.isPending) return <div className="page"><h1>{t('list.title')}</h1><p role="status">{t('authorize.loading')}</p></div>;
  if (q.isError || !q.data) {
    return (
      <div className="page">
        <h1>{t('list.title')}</h1>
        <p className="error" role="alert">{q.error instanceof ApiError && q.error.status === 404 ? t('authorize.expired') : t('authorize.error')}</p>
      </div>
    );
  }
  const r = q.data;
  const app = r.appName;
  return (
    <div className="page apps-authorize">
      <h1>{r.forSomeoneElse ? t('authorize.titleFor', { app, name: r.patientName }) : t('authorize.title', { app })}</h1>
      <p className="lead">{r.forSomeoneElse ? t('authorize.introFor', { app, name: r.patientName }) : t('authorize.intro', { app })}</p>
      <section aria-labelledby="may-read-h" className="card">
        <h2 id="may-read-h">{t('authorize.mayReadTitle', { app })}</h2>
        <ul>
          {r.mayRead.map((code) => <li key={code}>{t(`reads.${code}`, { defaultValue: code })}</li>)}
        </ul>
        <p>{t('authorize.cannot')}</p>
      </section>
      {r.redirectHost && <p>{t('authorize.redirect', { host: r.redirectHost })}</p>}
      <p>{t('authorize.later')}</p>
      {r.answered && <p className="notice" role="status">{t('authorize.answered')}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      {busy && <p role="status">{t('authorize.working')}</p>}
      <div className="apps-actions">
        <button type="button" className="button" disabled={busy} onClick={() => void answer('allow')}>{t('authorize.allow')}</button>{' '}
        <button type="button" className="button secondary" disabled={busy} onClick={() => void answer('deny')}>{t('authorize.deny')}</button>
      </div>
    </div>
  );
}
