import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, newIdempotencyKey } from '../../api/client';
import { errorText, type Appointment, type AppointmentRequest } from './api';
import './appointments.css';

/** Patient: upcoming and past appointments, open requests, and the way to ask for a new one. */
export function Appointments() {
  const q = useQuery({ queryKey: ['appointments'], queryFn: () => api<{ upcoming: Appointment[]; past: Appointment[] }>('/api/appointments') });
  const reqs = useQuery({ queryKey: ['appointment-requests'], queryFn: () => api<{ requests: AppointmentRequest[] }>('/api/appointment-requests') });
  const open = reqs.data?.requests.filter((r) => r.open) ?? [];
  return (
    <div className="page">
      <h1>Appointments</h1>
      <p className="lead">Your visits with the care team. To ask for a visit, send a request: the scheduling team writes back in Messages.</p>
      <p><Link className="button" to="/appointments/request">Request an appointment</Link></p>
      {q.isLoading && <p role="status">Loading your appointments…</p>}
      {q.isError && <p className="error" role="alert">We could not load your appointments. Please reload the page.</p>}
      {open.length > 0 && (
        <section aria-labelledby="req-h">
          <h2 id="req-h">Your requests</h2>
          <ul className="cards">
            {open.map((r) => (
              <li key={r.id} className="card">
                <strong>{r.kindText}</strong>: {r.reason}
                <p>Status: {r.statusText}</p>
                <p><Link to={`/messages/${r.threadId}`}>See the conversation</Link></p>
              </li>
            ))}
          </ul>
        </section>
      )}
      {q.data && (
        <>
          <section aria-labelledby="up-h">
            <h2 id="up-h">Upcoming</h2>
            {q.data.upcoming.length === 0 ? <p>You have no upcoming appointments.</p> : (
              <ul className="cards appt-list">{q.data.upcoming.map((a) => <AppointmentCard key={a.id} a={a} />)}</ul>
            )}
          </section>
          <section aria-labelledby="past-h">
            <h2 id="past-h">Past and cancelled</h2>
            {q.data.past.length === 0 ? <p>No past appointments.</p> : (
              <ul className="cards appt-list">{q.data.past.map((a) => <AppointmentCard key={a.id} a={a} />)}</ul>
            )}
          </section>
        </>
      )}
    </div>
  );
}

function AppointmentCard({ a }: { a: Appointment }) {
  return (
    <li className="card">
      <Link to={`/appointments/${a.id}`}><strong>{a.whenText}</strong></Link>
      <p>{a.visitType.name} with {a.clinician.displayName}</p>
      <p>{a.modality === 'in_person' ? a.location.name : a.modalityText}</p>
      <p>Status: {a.statusText}</p>
    </li>
  );
}

/** One appointment: when, who, where (with directions), how to prepare, check-in, calendar, changes and the labs question. */
export function AppointmentDetail() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['appointment', id], queryFn: () => api<{ appointment: Appointment }>(`/api/appointments/${id}`) });
  const [key] = useState(newIdempotencyKey);
  const [note, setNote] = useState('');
  const labs = useMutation({
    mutationFn: () => api<{ threadId: string; alreadyAsked: boolean }>(`/api/appointments/${id}/labs-question`, { method: 'POST', body: { note: note || undefined, idempotencyKey: key } }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['appointment', id] }); },
  });
  if (q.isLoading) return <p role="status" className="page">Loading…</p>;
  if (q.isError || !q.data) return <div className="page"><h1>Appointment</h1><p className="error" role="alert">{errorText(q.error)}</p></div>;
  const a = q.data.appointment;
  const labsThread = labs.data?.threadId ?? a.labsThreadId;
  return (
    <div className="page">
      <h1>{a.visitType.name}</h1>
      <p className="lead"><strong>{a.whenText}</strong> ({a.durationMinutes} minutes) with {a.clinician.displayName}</p>
      <p>Status: <strong>{a.statusText}</strong></p>
      <div className="appt-grid">
        <section aria-labelledby="where-h" className="panel">
          <h2 id="where-h">{a.modality === 'in_person' ? 'Where' : 'How'}</h2>
          {a.modality === 'in_person' ? (
            <>
              <p><strong>{a.location.name}</strong><br />{a.location.address}</p>
              <p><a href={a.location.directionsUrl} target="_blank" rel="noreferrer">Get directions (opens a map)</a></p>
              {a.location.parking && <p>Parking: {a.location.parking}</p>}
              {a.location.entrance && <p>Entrance: {a.location.entrance}</p>}
              {a.location.accessibility && <p>Access: {a.location.accessibility}</p>}
            </>
          ) : <p>{a.modalityText}</p>}
          {a.clinic.phone && <p>Questions? Call {a.clinic.name}: <a href={`tel:${a.clinic.phone.replace(/[^+\d]/g, '')}`}>{a.clinic.phone.replace('+1-', '')}</a></p>}
        </section>
        <section aria-labelledby="prep-h" className="panel">
          <h2 id="prep-h">How to prepare</h2>
          <p>{a.prepare || 'Nothing special.'}</p>
          <h2>Check-in</h2>
          <p>{a.checkin || 'Come a few minutes early.'}</p>
        </section>
      </div>
      <h2>What you can do</h2>
      <ul className="plain appt-actions">
        <li><a className="button secondary" href={a.calendarUrl} download>Add to my calendar (.ics file)</a></li>
        {a.threadId && <li><Link to={`/messages/${a.threadId}`}>See the conversation about this visit</Link></li>}
        {a.upcoming && (
          <>
            <li><Link to={`/appointments/request?kind=reschedule&appointmentId=${a.id}`}>Ask to move this appointment</Link></li>
            <li><Link to={`/appointments/request?kind=cancel&appointmentId=${a.id}`}>Ask to cancel this appointment</Link></li>
          </>
        )}
      </ul>
      {a.upcoming && (
        <section aria-labelledby="labs-h" className="panel">
          <h2 id="labs-h">Labs before your visit</h2>
          {labsThread ? (
            <p className="notice" role="status">You asked about labs. The team will answer in <Link to={`/messages/${labsThread}`}>the conversation</Link>.</p>
          ) : (
            <form onSubmit={(e) => { e.preventDefault(); labs.mutate(); }}>
              <p>Some visits go better when you get blood tests a few days before. Ask your care team if you should.</p>
              <div className="field">
                <label htmlFor="labs-note">Anything to add? (optional)</label>
                <textarea id="labs-note" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
              </div>
              {labs.isError && <p className="error" role="alert">{errorText(labs.error)}</p>}
              <button className="button" type="submit" disabled={labs.isPending}>Ask: should I get labs before my visit?</button>
            </form>
          )}
        </section>
      )}
      <p><Link to="/appointments">Back to all appointments</Link></p>
    </div>
  );
}
