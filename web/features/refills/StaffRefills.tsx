import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, newIdempotencyKey } from '../../api/client';
import { useAuth } from '../../app/auth';
import { errorText, threadHref } from '../appointments/api';
import { RefillItems, type Refill } from './Refills';
import '../appointments/appointments.css';

/** Nurses and physicians: refill requests waiting for a decision, one decision per medicine. */
export function StaffRefills() {
  const [status, setStatus] = useState<'open' | 'all'>('open');
  const q = useQuery({ queryKey: ['refills', 'staff', status], queryFn: () => api<{ refills: Refill[] }>(`/api/refill-requests?status=${status}`) });
  return (
    <div className="page">
      <h1>Refill requests</h1>
      <p className="lead">Approve or deny each medicine. Give a reason when you deny one: the patient reads it.</p>
      <div className="field">
        <label htmlFor="refill-filter">Show</label>
        <select id="refill-filter" value={status} onChange={(e) => setStatus(e.target.value as 'open' | 'all')}>
          <option value="open">Waiting for a decision</option>
          <option value="all">All requests</option>
        </select>
      </div>
      {q.isLoading && <p role="status">Loading…</p>}
      {q.isError && <p className="error" role="alert">{errorText(q.error)}</p>}
      {q.data && q.data.refills.length === 0 && <p>No refill requests are waiting.</p>}
      {q.data?.refills.map((r) => <RefillCard key={r.id} r={r} />)}
    </div>
  );
}

type Choice = { decision: 'approved' | 'denied' | ''; reason: string };

function RefillCard({ r }: { r: Refill }) {
  const { user } = useAuth();
  const qc = useQueryClient();
  const canDecide = user?.role === 'physician' || user?.role === 'nurse';
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const key = useRef(newIdempotencyKey());
  const decide = useMutation({
    mutationFn: () => api<{ refill: Refill }>(`/api/refill-requests/${r.id}/decisions`, {
      method: 'POST',
      body: {
        decisions: Object.entries(choices).filter(([, c]) => c.decision).map(([medicationId, c]) => ({ medicationId, decision: c.decision, reason: c.reason || undefined })),
        idempotencyKey: key.current,
      },
    }),
    onSuccess: () => { key.current = newIdempotencyKey(); setChoices({}); void qc.invalidateQueries({ queryKey: ['refills'] }); },
    onError: () => { key.current = newIdempotencyKey(); },
  });
  const set = (id: string, c: Partial<Choice>) => setChoices({ ...choices, [id]: { ...({ decision: '', reason: '' } as Choice), ...choices[id], ...c } });
  const pending = r.items.filter((i) => !i.decision);
  const headingId = `refill-${r.id}`;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{r.patientName} – sent {new Date(r.createdAt).toLocaleString()}</h2>
      <p>Pharmacy: {r.pharmacy.name}. Status: {r.statusText}.</p>
      {r.note && <p>Patient's note: “{r.note}”</p>}
      <RefillItems r={r} />
      <p><Link to={threadHref(r.threadId, true)}>Open the conversation</Link></p>
      {canDecide && pending.length > 0 && (
        <form onSubmit={(e) => { e.preventDefault(); decide.mutate(); }}>
          {pending.map((i) => (
            <fieldset key={i.medicationId} className="field">
              <legend className="label">{i.display}</legend>
              <label className="choice"><input type="radio" name={`d-${r.id}-${i.medicationId}`} checked={choices[i.medicationId]?.decision === 'approved'}
                onChange={() => set(i.medicationId, { decision: 'approved' })} /> Approve</label>
              <label className="choice"><input type="radio" name={`d-${r.id}-${i.medicationId}`} checked={choices[i.medicationId]?.decision === 'denied'}
                onChange={() => set(i.medicationId, { decision: 'denied' })} /> Deny</label>
              <label htmlFor={`reason-${r.id}-${i.medicationId}`}>Reason for the patient{choices[i.medicationId]?.decision === 'denied' ? ' (needed)' : ' (optional)'}</label>
              <input id={`reason-${r.id}-${i.medicationId}`} value={choices[i.medicationId]?.reason ?? ''} maxLength={1000}
                onChange={(e) => set(i.medicationId, { reason: e.target.value })} />
            </fieldset>
          ))}
          {decide.isError && <p className="error" role="alert">{errorText(decide.error)}</p>}
          {decide.isSuccess && <p className="notice" role="status">Sent to the patient.</p>}
          <button className="button" type="submit" disabled={decide.isPending || !Object.values(choices).some((c) => c.decision)}>Send decisions</button>
        </form>
      )}
    </section>
  );
}
