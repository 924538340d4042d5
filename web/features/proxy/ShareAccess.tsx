import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../../api/client';
import type { ProxyInfo } from './RecordSwitcher';
import { ShareLinks } from './ShareLinks';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../i18n/format';

/** A patient lets a family member or caregiver see their record and act for them, and can take it back at any time. */
export function ShareAccess() {
  const qc = useQueryClient();
  const { t } = useTranslation('proxy');
  const q = useQuery({ queryKey: ['proxy'], queryFn: () => api<ProxyInfo>('/api/proxy') });
  const [email, setEmail] = useState('');
  const [relationship, setRelationship] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const grant = useMutation({
    mutationFn: () => api('/api/proxy/grants', { method: 'POST', body: { email, relationship } }),
    onSuccess: () => {
      // The same answer for any email: Portico does not say whether someone has an account (finding 10).
      setDone(t('share.done', { email }));
      setEmail('');
      setRelationship('');
      setError(null);
      void qc.invalidateQueries({ queryKey: ['proxy'] });
    },
    onError: (e) => setError(e instanceof ApiError ? e.message : t('share.error')),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/api/proxy/grants/${id}`, { method: 'DELETE' }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['proxy'] });
      void qc.invalidateQueries({ queryKey: ['share-links'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    grant.mutate();
  };
  const acting = q.data && q.data.actingPatientId !== q.data.ownPatientId;
  return (
    <div className="page">
      <h1>{t('share.title')}</h1>
      <p className="lead">{t('share.lead')}</p>
      {acting && <p className="notice">{t('share.acting')}</p>}
      <section aria-labelledby="given-h">
        <h2 id="given-h">{t('share.given')}</h2>
        {q.data?.given.length === 0 && <p>{t('share.noOne')}</p>}
        <ul className="plain">
          {q.data?.given.map((g) => (
            <li key={g.id} className="card">
              <strong>{g.granteeName}</strong> {t('share.since', { relationship: g.relationship, date: formatDate(g.createdAt) })}{' '}
              <button type="button" className="button secondary" onClick={() => revoke.mutate(g.id)}>{t('share.stop', { name: g.granteeName })}</button>
            </li>
          ))}
        </ul>
      </section>
      {!acting && (
        <section aria-labelledby="add-h">
          <h2 id="add-h">{t('share.give')}</h2>
          <form onSubmit={submit} noValidate>
            {error && <div className="error" role="alert">{error}</div>}
            {done && <div className="notice" role="status">{done}</div>}
            <div className="field">
              <label htmlFor="proxy-email">{t('share.email')}</label>
              <input id="proxy-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
            </div>
            <div className="field">
              <label htmlFor="proxy-rel">{t('share.relationship')}</label>
              <span className="hint" id="proxy-rel-hint">{t('share.relationshipHint')}</span>
              <input id="proxy-rel" value={relationship} onChange={(e) => setRelationship(e.target.value)} aria-describedby="proxy-rel-hint" required />
            </div>
            <button className="button" type="submit" disabled={grant.isPending}>{t('share.giveButton')}</button>
          </form>
        </section>
      )}
      {!acting && <ShareLinks />}
      {q.data && q.data.received.length > 0 && (
        <section aria-labelledby="recv-h">
          <h2 id="recv-h">{t('share.received')}</h2>
          <ul className="plain">
            {q.data.received.map((g) => <li key={g.id}>{t('share.receivedItem', { name: g.patientName, relationship: g.relationship })}</li>)}
          </ul>
        </section>
      )}
    </div>
  );
}
