import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../../api/client';
import { formatDate } from '../../i18n/format';
import { useTranslation } from 'react-i18next';

type ShareLink = {
  id: string; createdBy: string; byProxy: boolean; sentTo: string; format: 'summary' | 'fhir'; createdAt: string; expiresAt: string;
  status: 'active' | 'expired' | 'revoked'; timesOpened: number; lastOpenedAt: string | null;
};


/** Every secure link to the patient's record (theirs and ones a proxy sent), with a way to stop each one. */
export function ShareLinks() {
  const qc = useQueryClient();
  const { t } = useTranslation('proxy');
  const q = useQuery({ queryKey: ['share-links'], queryFn: () => api<{ links: ShareLink[] }>('/api/proxy/share-links') });
  const stop = useMutation({
    mutationFn: (id: string) => api(`/api/proxy/share-links/${id}`, { method: 'DELETE' }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['share-links'] }),
  });
  const links = q.data?.links ?? [];
  return (
    <section aria-labelledby="links-h">
      <h2 id="links-h">{t('links.title')}</h2>
      <p>{t('links.lead')}</p>
      {q.isError && <div className="error" role="alert">{t('links.loadError')}</div>}
      {stop.isError && <div className="error" role="alert">{stop.error instanceof ApiError ? stop.error.message : t('links.error')}</div>}
      {q.data && links.length === 0 && <p>{t('links.none')}</p>}
      {links.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('links.title')}</caption>
            <thead><tr><th scope="col">{t('links.sentTo')}</th><th scope="col">{t('links.sentBy')}</th><th scope="col">{t('links.sentOn')}</th><th scope="col">{t('links.status')}</th><th scope="col">{t('links.opened')}</th><th scope="col"><span className="visually-hidden">{t('links.actions')}</span></th></tr></thead>
            <tbody>
              {links.map((l) => (
                <tr key={l.id}>
                  <td>{l.sentTo}</td>
                  <td>{l.createdBy === 'you' ? t('links.you') : l.createdBy}</td>
                  <td>{formatDate(l.createdAt)}</td>
                  <td>{t(`links.${l.status}`)}{l.status === 'active' ? ` ${t('links.until', { date: formatDate(l.expiresAt) })}` : ''}</td>
                  <td>{t('links.times', { count: l.timesOpened })}</td>
                  <td>{l.status === 'active' && (
                    <button type="button" className="button secondary" disabled={stop.isPending} onClick={() => stop.mutate(l.id)}>
                      {t('links.stop', { to: l.sentTo })}
                    </button>
                  )}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
