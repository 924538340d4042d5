import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, newIdempotencyKey } from '../../api/client';
import { errorText, type Appointment, type AppointmentRequest } from './api';
import './appointments.css';
import { useTranslation } from 'react-i18next';
import { formatWhen } from '../../i18n/format';

/** The time of a visit in the page's language (the server's text is English), in the clinic's time zone. */
function useWhen() {
  const { i18n } = useTranslation();
  return (a: { startAt: string; whenText: string; timezone?: string }) => (i18n.language === 'es' ? formatWhen(a.startAt, 'es', a.timezone) : a.whenText);
}

/** Patient: upcoming and past appointments, open requests, and the way to ask for a new one. */
export function Appointments() {
  const { t } = useTranslation('appointments');
  const q = useQuery({ queryKey: ['appointments'], queryFn: () => api<{ upcoming: Appointment[]; past: Appointment[] }>('/api/appointments') });
  const reqs = useQuery({ queryKey: ['appointment-requests'], queryFn: () => api<{ requests: AppointmentRequest[] }>('/api/appointment-requests') });
  const open = reqs.data?.requests.filter((r) => r.open) ?? [];
  return (
    <div className="page">
      <h1>{t('list.title')}</h1>
      <p className="lead">{t('list.lead')}</p>
      <p><Link className="button" to="/appointments/request">{t('list.request')}</Link></p>
      {q.isLoading && <p role="status">{t('list.loading')}</p>}
      {q.isError && <p className="error" role="alert">{t('list.loadError')}</p>}
      {open.length > 0 && (
        <section aria-labelledby="req-h">
          <h2 id="req-h">{t('list.requests')}</h2>
          <ul className="cards">
            {open.map((r) => (
              <li key={r.id} className="card">
                <strong>{r.kindText}</strong>: {r.reason}
                <p>{t('list.status', { status: r.statusText })}</p>
                <p><Link to={`/messages/${r.threadId}`}>{t('list.conversation')}</Link></p>
              </li>
            ))}
          </ul>
        </section>
      )}
      {q.data && (
        <>
          <section aria-labelledby="up-h">
            <h2 id="up-h">{t('list.upcoming')}</h2>
            {q.data.upcoming.length === 0 ? <p>{t('list.noUpcoming')}</p> : (
              <ul className="cards appt-list">{q.data.upcoming.map((a) => <AppointmentCard key={a.id} a={a} />)}</ul>
            )}
          </section>
          <section aria-labelledby="past-h">
            <h2 id="past-h">{t('list.past')}</h2>
            {q.data.past.length === 0 ? <p>{t('list.noPast')}</p> : (
              <ul className="cards appt-list">{q.data.past.map((a) => <AppointmentCard key={a.id} a={a} />)}</ul>
            )}
          </section>
        </>
      )}
    </div>
  );
}

function AppointmentCard({ a }: { a: Appointment }) {
  const { t } = useTranslation('appointments');
  const when = useWhen();
  return (
    <li className="card">
      <Link to={`/appointments/${a.id}`}><strong>{when(a)}</strong></Link>
      <p>{t('list.with', { visit: a.visitType.name, clinician: a.clinician.displayName })}</p>
      <p>{a.modality === 'in_person' ? a.location.name : a.modalityText}</p>
      <p>{t('list.status', { status: a.statusText })}</p>
    </li>
  );
}

/** One appointment: when, who, where (with directions), how to prepare, check-in, calendar, changes and the labs question. */
export function AppointmentDetail() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const { t } = useTranslation(['appointments', 'common']);
  const when = useWhen();
  const q = useQuery({ queryKey: ['appointment', id], queryFn: () => api<{ appointment: Appointment }>(`/api/appointments/${id}`) });
  const [key] = useState(newIdempotencyKey);
  const [note, setNote] = useState('');
  const labs = useMutation({
    mutationFn: () => api<{ threadId: string; alreadyAsked: boolean }>(`/api/appointments/${id}/labs-question`, { method: 'POST', body: { note: note || undefined, idempotencyKey: key } }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['appointment', id] }); },
  });
  if (q.isLoading) return <p role="status" className="page">{t('common:loading')}</p>;
  if (q.isError || !q.data) return <div className="page"><h1>{t('detail.title')}</h1><p className="error" role="alert">{errorText(q.error)}</p></div>;
  const a = q.data.appointment;
  const labsThread = labs.data?.threadId ?? a.labsThreadId;
  return (
    <div className="page">
      <h1>{a.visitType.name}</h1>
      <p className="lead"><strong>{when(a)}</strong> {t('detail.minutesWith', { minutes: a.durationMinutes, clinician: a.clinician.displayName })}</p>
      <p>{t('detail.status')} <strong>{a.statusText}</strong></p>
      <div className="appt-grid">
        <section aria-labelledby="where-h" className="panel">
          <h2 id="where-h">{a.modality === 'in_person' ? t('detail.where') : t('detail.how')}</h2>
          {a.modality === 'in_person' ? (
            <>
              <p><strong>{a.location.name}</strong><br />{a.location.address}</p>
              <p><a href={a.location.directionsUrl} target="_blank" rel="noreferrer">{t('detail.directions')}</a></p>
              {a.location.parking && <p>{t('detail.parking', { text: a.location.parking })}</p>}
              {a.location.entrance && <p>{t('detail.entrance', { text: a.location.entrance })}</p>}
              {a.location.accessibility && <p>{t('detail.access', { text: a.location.accessibility })}</p>}
            </>
          ) : <p>{a.modalityText}</p>}
          {a.clinic.phone && <p>{t('detail.questions', { clinic: a.clinic.name })} <a href={`tel:${a.clinic.phone.replace(/[^+\d]/g, '')}`}>{a.clinic.phone.replace('+1-', '')}</a></p>}
        </section>
        <section aria-labelledby="prep-h" className="panel">
          <h2 id="prep-h">{t('detail.prepare')}</h2>
          <p>{a.prepare || t('detail.nothing')}</p>
          <h2>{t('detail.checkin')}</h2>
          <p>{a.checkin || t('detail.early')}</p>
        </section>
      </div>
      <h2>{t('detail.canDo')}</h2>
      <ul className="plain appt-actions">
        <li><a className="button secondary" href={a.calendarUrl} download>{t('detail.calendar')}</a></li>
        {a.threadId && <li><Link to={`/messages/${a.threadId}`}>{t('detail.conversation')}</Link></li>}
        {a.upcoming && (
          <>
            <li><Link to={`/appointments/request?kind=reschedule&appointmentId=${a.id}`}>{t('detail.move')}</Link></li>
            <li><Link to={`/appointments/request?kind=cancel&appointmentId=${a.id}`}>{t('detail.cancel')}</Link></li>
          </>
        )}
      </ul>
      {a.upcoming && (
        <section aria-labelledby="labs-h" className="panel">
          <h2 id="labs-h">{t('detail.labs')}</h2>
          {labsThread ? (
            <p className="notice" role="status">{t('detail.askedLabs')} <Link to={`/messages/${labsThread}`}>{t('detail.theConversation')}</Link>.</p>
          ) : (
            <form onSubmit={(e) => { e.preventDefault(); labs.mutate(); }}>
              <p>{t('detail.labsText')}</p>
              <div className="field">
                <label htmlFor="labs-note">{t('detail.addNote')}</label>
                <textarea id="labs-note" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
              </div>
              {labs.isError && <p className="error" role="alert">{errorText(labs.error)}</p>}
              <button className="button" type="submit" disabled={labs.isPending}>{t('detail.askLabs')}</button>
            </form>
          )}
        </section>
      )}
      <p><Link to="/appointments">{t('detail.back')}</Link></p>
    </div>
  );
}
