import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, newIdempotencyKey } from '../../api/client';
import { errorText, localDay, threadHref, type Appointment, type AppointmentRequest, type Options, type Slot } from './api';
import './appointments.css';

/** Scheduling team: appointment requests, open ones first (they also appear in the in-basket as conversations). */
export function StaffScheduling() {
  const [status, setStatus] = useState<'open' | 'all'>('open');
  const q = useQuery({ queryKey: ['appointment-requests', 'staff', status], queryFn: () => api<{ requests: AppointmentRequest[] }>(`/api/appointment-requests?status=${status}`) });
  return (
    <div className="page">
      <h1>Appointment requests</h1>
      <p className="lead">Book a time that answers each request, or offer other times. The patient sees your answer in their messages.</p>
      <div className="field">
        <label htmlFor="req-filter">Show</label>
        <select id="req-filter" value={status} onChange={(e) => setStatus(e.target.value as 'open' | 'all')}>
          <option value="open">Waiting for an answer</option>
          <option value="all">All requests</option>
        </select>
      </div>
      {q.isLoading && <p role="status">Loading…</p>}
      {q.isError && <p className="error" role="alert">{errorText(q.error)}</p>}
      {q.data && q.data.requests.length === 0 && <p>No requests are waiting.</p>}
      {q.data && q.data.requests.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>{q.data.requests.length} request{q.data.requests.length === 1 ? '' : 's'}</caption>
            <thead><tr><th scope="col">Patient</th><th scope="col">Request</th><th scope="col">Wishes</th><th scope="col">Status</th><th scope="col">Sent</th></tr></thead>
            <tbody>
              {q.data.requests.map((r) => (
                <tr key={r.id}>
                  <td><Link to={`/staff/scheduling/${r.id}`}>{r.patientName}</Link></td>
                  <td>{r.kindText}: {r.reason}</td>
                  <td>{r.modalityText}; {r.preferredClinician?.displayName ?? 'any clinician'}; {r.preferenceText}</td>
                  <td>{r.statusText}</td>
                  <td>{new Date(r.createdAt).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** One request: the clinician's open slots, book one, offer alternatives, or confirm a cancellation. */
export function StaffRequest() {
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const req = useQuery({ queryKey: ['appointment-request', id], queryFn: () => api<{ request: AppointmentRequest }>(`/api/appointment-requests/${id}`) });
  const opts = useQuery({ queryKey: ['scheduling-options'], queryFn: () => api<Options>('/api/scheduling/options') });
  const r = req.data?.request;
  const [clinicianId, setClinicianId] = useState('');
  const [visitTypeId, setVisitTypeId] = useState('');
  const [from, setFrom] = useState(localDay());
  const [to, setTo] = useState(localDay(new Date(Date.now() + 13 * 86_400_000)));
  const [offer, setOffer] = useState<Slot[]>([]);
  const [note, setNote] = useState('');
  const key = useRef(newIdempotencyKey());
  const clinician = clinicianId || r?.preferredClinician?.id || opts.data?.clinicians[0]?.id || '';
  const vt = visitTypeId || r?.visitType?.id || '';
  const slots = useQuery({
    queryKey: ['slots', clinician, vt, from, to], enabled: !!clinician && !!r?.open && r.kind !== 'cancel',
    queryFn: () => api<{ slots: Slot[] }>(`/api/scheduling/slots?clinicianId=${clinician}&from=${from}&to=${to}${vt ? `&visitTypeId=${vt}` : ''}`),
  });
  const done = () => { key.current = newIdempotencyKey(); void qc.invalidateQueries({ queryKey: ['appointment-request', id] }); void qc.invalidateQueries({ queryKey: ['slots'] }); };
  const book = useMutation({
    mutationFn: (s: Slot) => api<{ appointment: Appointment }>(`/api/appointment-requests/${id}/book`, {
      method: 'POST', body: { clinicianId: s.clinicianId, startAt: s.startAt, visitTypeId: vt || null, note: note || undefined, idempotencyKey: key.current } }),
    onSuccess: done, onError: () => { key.current = newIdempotencyKey(); void qc.invalidateQueries({ queryKey: ['slots'] }); },
  });
  const alternatives = useMutation({
    mutationFn: () => api(`/api/appointment-requests/${id}/alternatives`, {
      method: 'POST', body: { slots: offer.map((s) => ({ clinicianId: s.clinicianId, startAt: s.startAt })), message: note || undefined, idempotencyKey: key.current } }),
    onSuccess: () => { setOffer([]); done(); }, onError: () => { key.current = newIdempotencyKey(); },
  });
  const cancel = useMutation({
    mutationFn: () => api(`/api/appointment-requests/${id}/cancel-appointment`, { method: 'POST', body: { note: note || undefined, idempotencyKey: key.current } }),
    onSuccess: done, onError: () => { key.current = newIdempotencyKey(); },
  });
  if (req.isLoading) return <p role="status" className="page">Loading…</p>;
  if (!r) return <div className="page"><h1>Appointment request</h1><p className="error" role="alert">{errorText(req.error)}</p></div>;
  const busy = book.isPending || alternatives.isPending || cancel.isPending;
  const error = book.error ?? alternatives.error ?? cancel.error;
  return (
    <div className="page">
      <h1>{r.kindText} for {r.patientName}</h1>
      <dl className="facts">
        <dt>Reason</dt><dd>{r.reason}</dd>
        <dt>Wishes</dt><dd>{r.modalityText}{r.visitType ? ` (${r.visitType.name})` : ''}; {r.preferredClinician?.displayName ?? 'any clinician'}; {r.preferenceText}</dd>
        <dt>Status</dt><dd><strong>{r.statusText}</strong></dd>
      </dl>
      <p><Link to={threadHref(r.threadId, true)}>Open the conversation</Link> (reply in free text there)</p>
      {book.data && <p className="notice" role="status">Booked: {book.data.appointment.whenText} with {book.data.appointment.clinician.displayName}. The patient has been told.</p>}
      {alternatives.isSuccess && <p className="notice" role="status">Other times were sent to the patient.</p>}
      {cancel.isSuccess && <p className="notice" role="status">The appointment is cancelled and the patient has been told.</p>}
      {error && <p className="error" role="alert">{errorText(error)}</p>}
      {r.open && (
        <div className="field">
          <label htmlFor="note">Note to the patient (optional, added to your answer)</label>
          <textarea id="note" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
        </div>
      )}
      {r.open && r.kind === 'cancel' && (
        <button className="button" type="button" disabled={busy} onClick={() => cancel.mutate()}>Confirm the cancellation</button>
      )}
      {r.open && r.kind !== 'cancel' && (
        <section aria-labelledby="slots-h">
          <h2 id="slots-h">Open times</h2>
          <div className="slot-filters">
            <div className="field">
              <label htmlFor="clinician">Clinician</label>
              <select id="clinician" value={clinician} onChange={(e) => setClinicianId(e.target.value)}>
                {opts.data?.clinicians.map((c) => <option key={c.id} value={c.id}>{c.displayName}</option>)}
              </select>
            </div>
            <div className="field">
              <label htmlFor="vt">Visit type</label>
              <select id="vt" value={vt} onChange={(e) => setVisitTypeId(e.target.value)}>
                <option value="">Choose by the request</option>
                {opts.data?.visitTypes.map((v) => <option key={v.id} value={v.id}>{v.name} ({v.durationMinutes} min, {v.modalityText})</option>)}
              </select>
            </div>
            <div className="field"><label htmlFor="from">From</label><input id="from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} /></div>
            <div className="field"><label htmlFor="to">To</label><input id="to" type="date" value={to} onChange={(e) => setTo(e.target.value)} /></div>
          </div>
          {slots.isLoading && <p role="status">Finding open times…</p>}
          {slots.isError && <p className="error" role="alert">{errorText(slots.error)}</p>}
          {slots.data && slots.data.slots.length === 0 && <p>No open times in these dates. Try other dates or another clinician.</p>}
          {slots.data && slots.data.slots.length > 0 && (
            <ul className="plain slot-list" aria-label="Open times">
              {slots.data.slots.slice(0, 60).map((s) => {
                const chosen = offer.some((o) => o.startAt === s.startAt && o.clinicianId === s.clinicianId);
                return (
                  <li key={`${s.clinicianId}${s.startAt}`} className="slot">
                    <span>{s.whenText} · {s.locationName}</span>
                    <button className="button" type="button" disabled={busy} aria-label={`Book ${s.whenText}`} onClick={() => book.mutate(s)}>Book</button>
                    <label className="choice"><input type="checkbox" checked={chosen} disabled={busy}
                      onChange={() => setOffer(chosen ? offer.filter((o) => o !== s && o.startAt !== s.startAt) : [...offer, s])} /> Offer as another time</label>
                  </li>
                );
              })}
            </ul>
          )}
          <button className="button secondary" type="button" disabled={busy || (offer.length === 0 && !note.trim())} onClick={() => alternatives.mutate()}>
            Send {offer.length || ''} other time{offer.length === 1 ? '' : 's'} to the patient
          </button>
        </section>
      )}
      <p><Link to="/staff/scheduling">Back to all requests</Link></p>
    </div>
  );
}
