import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, newIdempotencyKey } from '../../api/client';
import { errorText } from '../appointments/api';
import '../appointments/appointments.css';
import { useTranslation } from 'react-i18next';

/** Shapes mirror server/features/referrals/presenters.ts. */
export type Referral = {
  id: string; patientId: string; patientName?: string; clinic: { id: string; name: string }; specialty: string; reason: string;
  preferredClinician: { id: string; displayName: string } | null; preferredLocation: { id: string; name: string } | null;
  status: 'pending' | 'approved' | 'denied' | 'need_visit'; statusText: string; outcomeNote: string | null; decidedBy: string | null;
  decidedAt: string | null; threadId: string; createdAt: string;
};
type Options = { specialties: string[]; clinicians: { id: string; displayName: string }[]; locations: { id: string; name: string }[];
  insurance: { payer: string; planName: string | null; memberIdEnding: string | null }[] };

/** Patient: referral requests and their outcomes. */
export function Referrals() {
  const { t } = useTranslation(['referrals', 'common']);
  const q = useQuery({ queryKey: ['referrals'], queryFn: () => api<{ referrals: Referral[] }>('/api/referral-requests') });
  return (
    <div className="page">
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      <p><Link className="button" to="/referrals/new">{t('ask')}</Link></p>
      {q.isLoading && <p role="status">{t('common:loading')}</p>}
      {q.isError && <p className="error" role="alert">{errorText(q.error)}</p>}
      {q.data && q.data.referrals.length === 0 && <p>{t('none')}</p>}
      {q.data && q.data.referrals.length > 0 && (
        <ul className="cards">
          {q.data.referrals.map((r) => (
            <li key={r.id} className="card">
              <strong>{r.specialty}</strong>
              <p>{t('reason', { reason: r.reason })}</p>
              <p>{t('status')} <strong>{r.statusText}</strong></p>
              {r.outcomeNote && <p>{r.outcomeNote}{r.decidedBy ? ` (${r.decidedBy})` : ''}</p>}
              <p><Link to={`/messages/${r.threadId}`}>{t('conversation')}</Link></p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Patient: ask for a referral (specialty, reason, preferred clinician or place); shows the insurance on file. */
export function RequestReferral() {
  const qc = useQueryClient();
  const { t } = useTranslation('referrals');
  const opts = useQuery({ queryKey: ['referral-options'], queryFn: () => api<Options>('/api/referrals/options') });
  const [specialty, setSpecialty] = useState('');
  const [reason, setReason] = useState('');
  const [clinicianId, setClinicianId] = useState('');
  const [locationId, setLocationId] = useState('');
  const key = useRef(newIdempotencyKey());
  const send = useMutation({
    mutationFn: () => api<{ referral: Referral }>('/api/referral-requests', {
      method: 'POST', body: { specialty, reason, preferredClinicianId: clinicianId || null, preferredLocationId: locationId || null, idempotencyKey: key.current } }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['referrals'] }); },
    onError: () => { key.current = newIdempotencyKey(); },
  });
  const field = send.error instanceof ApiError ? send.error.field : undefined;
  if (send.data) {
    return (
      <div className="page">
        <h1>{t('sentTitle')}</h1>
        <p className="notice" role="status">{t('sentText')}</p>
        <p><Link className="button" to="/referrals">{t('seeMine')}</Link></p>
      </div>
    );
  }
  const submit = (e: FormEvent) => { e.preventDefault(); send.mutate(); };
  return (
    <div className="page">
      <h1>{t('newTitle')}</h1>
      {opts.isError && <p className="error" role="alert">{errorText(opts.error)}</p>}
      {opts.data && (
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="specialty">{t('specialty')}</label>
            <select id="specialty" value={specialty} onChange={(e) => setSpecialty(e.target.value)} aria-invalid={field === 'specialty'}>
              <option value="">{t('chooseOne')}</option>
              {opts.data.specialties.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="ref-reason">{t('why')}</label>
            <textarea id="ref-reason" value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} aria-invalid={field === 'reason'} />
          </div>
          <div className="field">
            <label htmlFor="ref-clinician">{t('doctor')}</label>
            <select id="ref-clinician" value={clinicianId} onChange={(e) => setClinicianId(e.target.value)}>
              <option value="">{t('noPreference')}</option>
              {opts.data.clinicians.map((c) => <option key={c.id} value={c.id}>{c.displayName}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="ref-location">{t('place')}</label>
            <select id="ref-location" value={locationId} onChange={(e) => setLocationId(e.target.value)}>
              <option value="">{t('noPreference')}</option>
              {opts.data.locations.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
            </select>
          </div>
          <section className="panel" aria-labelledby="ins-h">
            <h2 id="ins-h">{t('insurance')}</h2>
            {opts.data.insurance.length === 0 ? <p>{t('noInsurance')}</p> : (
              <ul className="plain">{opts.data.insurance.map((c, i) => (
                <li key={i}>{c.payer}{c.planName ? ` – ${c.planName}` : ''}{c.memberIdEnding ? ` ${t('memberEnding', { digits: c.memberIdEnding })}` : ''}</li>))}
              </ul>
            )}
            <p className="hint">{t('plansNeed')}</p>
          </section>
          {send.isError && <p className="error" role="alert">{errorText(send.error)}</p>}
          <p><button className="button" type="submit" disabled={send.isPending}>{send.isPending ? t('sending') : t('send')}</button>{' '}
            <Link to="/referrals">{t('cancel')}</Link></p>
        </form>
      )}
    </div>
  );
}
