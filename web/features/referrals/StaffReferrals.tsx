import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, newIdempotencyKey } from '../../api/client';
import { useAuth } from '../../app/auth';
import { errorText, threadHref } from '../appointments/api';
import type { Referral } from './Referrals';
import '../appointments/appointments.css';

/** Care team: referral requests; approve, deny or ask for a visit first, with a note the patient reads. */
export function StaffReferrals() {
  const [status, setStatus] = useState<'open' | 'all'>('open');
  const q = useQuery({ queryKey: ['referrals', 'staff', status], queryFn: () => api<{ referrals: Referral[] }>(`/api/referral-requests?status=${status}`) });
  return (
    <div className="page">
      <h1>Referral requests</h1>
      <div className="field">
        <label htmlFor="ref-filter">Show</label>
        <select id="ref-filter" value={status} onChange={(e) => setStatus(e.target.value as 'open' | 'all')}>
          <option value="open">Waiting for a decision</option>
          <option value="all">All requests</option>
        </select>
      </div>
      {q.isLoading && <p role="status">Loading…</p>}
      {q.isError && <p className="error" role="alert">{errorText(q.error)}</p>}
      {q.data && q.data.referrals.length === 0 && <p>No referral requests are waiting.</p>}
      {q.data?.referrals.map((r) => <ReferralCard key={r.id} r={r} />)}
    </div>
  );
}

function ReferralCard({ r }: { r: Referral }) {
  const { user } = useAuth();
  const qc = useQueryClient();
  const [decision, setDecision] = useState<'approved' | 'denied' | 'need_visit' | ''>('');
  const [note, setNote] = useState('');
  const key = useRef(newIdempotencyKey());
  const decide = useMutation({
    mutationFn: () => api(`/api/referral-requests/${r.id}/decision`, { method: 'POST', body: { status: decision, note, idempotencyKey: key.current } }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['referrals'] }); },
    onError: () => { key.current = newIdempotencyKey(); },
  });
  const can = user && ['physician', 'nurse', 'admin'].includes(user.role);
  return (
    <section className="panel" aria-labelledby={`ref-${r.id}`}>
      <h2 id={`ref-${r.id}`}>{r.patientName}: {r.specialty}</h2>
      <p>Reason: {r.reason}</p>
      {(r.preferredClinician || r.preferredLocation) && <p>Wishes: {[r.preferredClinician?.displayName, r.preferredLocation?.name].filter(Boolean).join(', ')}</p>}
      <p>Status: <strong>{r.statusText}</strong>{r.outcomeNote ? ` – ${r.outcomeNote}` : ''}</p>
      <p><Link to={threadHref(r.threadId, true)}>Open the conversation</Link></p>
      {can && r.status === 'pending' && (
        <form onSubmit={(e) => { e.preventDefault(); decide.mutate(); }}>
          <fieldset className="field">
            <legend className="label">Decision</legend>
            {([['approved', 'Approve'], ['denied', 'Deny'], ['need_visit', 'Needs a visit first']] as const).map(([v, label]) => (
              <label key={v} className="choice"><input type="radio" name={`dec-${r.id}`} checked={decision === v} onChange={() => setDecision(v)} /> {label}</label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor={`note-${r.id}`}>Note for the patient: what happens next</label>
            <textarea id={`note-${r.id}`} value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
          </div>
          {decide.isError && <p className="error" role="alert">{errorText(decide.error)}</p>}
          <button className="button" type="submit" disabled={!decision || decide.isPending}>Send decision</button>
        </form>
      )}
    </section>
  );
}
