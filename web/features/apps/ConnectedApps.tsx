import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client';
import { formatDate, formatDateTime } from '../../i18n/format';

type ConnectedApp = {
  id: string; appName: string; connectedAt: string; lastUsedAt: string | null; mayRead: string[]; connectedBy: string; connectedByYou: boolean; canDisconnect: boolean;
};

/** The apps a patient (or their proxy) connected to this record: what each may see, when it was last used, and Disconnect. */
export function ConnectedApps() {
  const { t } = useTranslation('apps');
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['apps'], queryFn: () => api<{ apps: ConnectedApp[] }>('/api/apps') });
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const disconnect = useMutation({
    mutationFn: (a: ConnectedApp) => api(`/api/apps/${encodeURIComponent(a.id)}`, { method: 'DELETE' }),
    onSuccess: (_r, a) => {
      setError(null);
      setDone(t('list.disconnected', { app: a.appName }));
      void qc.invalidateQueries({ queryKey: ['apps'] });
    },
    onError: (e) => setError(e instanceof ApiError ? e.message : t('authorize.error')),
  });
  return (
    <div className="page">
      <h1>{t('list.title')}</h1>
      <p className="lead">{t('list.lead')}</p>
      {done && <p className="notice" role="status">{done}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      {q.isPending && <p role="status">{t('list.loading')}</p>}
      {q.isError && <p className="error" role="alert">{t('list.loadError')}</p>}
      {q.data && q.data.apps.length === 0 && <p>{t('list.none')}</p>}
      {q.data && q.data.apps.length > 0 && (
        <ul className="plain">
          {q.data.apps.map((a) => (
            <li key={a.id} className="card">
              <h2>{a.appName}</h2>
              <p>{t('list.connected', { date: formatDate(a.connectedAt), who: a.connectedByYou ? t('list.you') : a.connectedBy })}</p>
              <p>{a.lastUsedAt ? t('list.lastUsed', { date: formatDateTime(a.lastUsedAt) }) : t('list.neverUsed')}</p>
              <p>{t('list.mayRead')}</p>
              <ul>{a.mayRead.map((code) => <li key={code}>{t(`reads.${code}`, { defaultValue: code })}</li>)}</ul>
              {a.canDisconnect && (
                <button type="button" className="button secondary" disabled={disconnect.isPending} onClick={() => { setDone(null); disconnect.mutate(a); }}>
                  {t('list.disconnect', { app: a.appName })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <p>{t('list.howTo')}</p>
    </div>
  );
}
