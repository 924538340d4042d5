import { useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, newIdempotencyKey } from '../../api/client';
import { errorText } from '../appointments/api';
import '../appointments/appointments.css';

/** Shapes mirror server/features/refills/presenters.ts. */
export type Pharmacy = { id: string; name: string; address: string; phone: string | null; hours: string | null; mailOrder: boolean; preferred: boolean };
export type Med = { id: string; display: string; dose: string | null; instructions: string | null; prescriber: string | null };
export type Refill = {
  id: string; patientId: string; patientName?: string; clinic: { id: string; name: string }; pharmacy: { id: string; name: string }; note: string;
  status: 'pending' | 'completed'; statusText: string; threadId: string; createdAt: string; completedAt: string | null;
  items: { medicationId: string; display: string; decision: 'approved' | 'denied' | null; decisionText: string; reason: string | null; decidedBy: string | null; decidedAt: string | null }[];
};

export function RefillItems({ r }: { r: Refill }) {
  return (
    <ul className="plain">
      {r.items.map((i) => (
        <li key={i.medicationId}>
          <strong>{i.display}</strong>: <span className={i.decision ? `outcome-${i.decision}` : ''}>{i.decisionText}</span>
          {i.reason && <> — {i.reason}</>}{i.decidedBy && <span className="hint"> ({i.decidedBy})</span>}
        </li>
      ))}
    </ul>
  );
}

/** Patient: refill requests and the answer for each medicine. */
export function Refills() {
  const q = useQuery({ queryKey: ['refills'], queryFn: () => api<{ refills: Refill[] }>('/api/refill-requests') });
  return (
    <div className="page">
      <h1>Prescription refills</h1>
      <p className="lead">Ask for more of a medicine you take now. A nurse checks each request with your doctor and writes back in Messages.</p>
      <p><Link className="button" to="/refills/new">Ask for a refill</Link></p>
      {q.isLoading && <p role="status">Loading…</p>}
      {q.isError && <p className="error" role="alert">{errorText(q.error)}</p>}
      {q.data && q.data.refills.length === 0 && <p>You have not asked for a refill yet.</p>}
      {q.data && q.data.refills.length > 0 && (
        <ul className="cards">
          {q.data.refills.map((r) => (
            <li key={r.id} className="card">
              <strong>Sent {new Date(r.createdAt).toLocaleDateString()}</strong> to {r.pharmacy.name}
              <p>Status: {r.statusText}</p>
              {r.note && <p>Your note: {r.note}</p>}
              <RefillItems r={r} />
              <p><Link to={`/messages/${r.threadId}`}>See the conversation</Link></p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Patient: choose medicines from the current medication list, a saved pharmacy and an optional note. */
export function RequestRefill() {
  const [params] = useSearchParams();
  const qc = useQueryClient();
  const opts = useQuery({ queryKey: ['refill-options'], queryFn: () => api<{ medications: Med[]; pharmacies: Pharmacy[]; otherPharmacies: Pharmacy[] }>('/api/refills/options') });
  const [chosen, setChosen] = useState<string[]>(params.getAll('medicationId'));
  const [pharmacyId, setPharmacyId] = useState('');
  const [note, setNote] = useState('');
  const [addId, setAddId] = useState('');
  const key = useRef(newIdempotencyKey());
  // A medicine preselected by link (?medicationId=…) counts only if it is one of the patient's current, refillable medicines.
  const wanted = params.getAll('medicationId');
  const notRefillable = opts.data ? wanted.filter((id) => !opts.data.medications.some((m) => m.id === id)).length : 0;
  if (opts.data && chosen.some((id) => !opts.data.medications.some((m) => m.id === id))) setChosen(chosen.filter((id) => opts.data.medications.some((m) => m.id === id)));
  const pharmacy = pharmacyId || opts.data?.pharmacies.find((p) => p.preferred)?.id || opts.data?.pharmacies[0]?.id || '';
  const send = useMutation({
    mutationFn: () => api<{ refill: Refill }>('/api/refill-requests', { method: 'POST', body: { medicationIds: chosen, pharmacyId: pharmacy, note: note || undefined, idempotencyKey: key.current } }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['refills'] }); },
    onError: () => { key.current = newIdempotencyKey(); },
  });
  const save = useMutation({
    mutationFn: () => api<{ pharmacy: Pharmacy }>('/api/pharmacies/saved', { method: 'POST', body: { pharmacyId: addId } }),
    onSuccess: (d) => { setPharmacyId(d.pharmacy.id); setAddId(''); void qc.invalidateQueries({ queryKey: ['refill-options'] }); },
  });
  if (send.data) {
    return (
      <div className="page">
        <h1>Refill request sent</h1>
        <p className="notice" role="status">Your care team has your request. You will see the answer for each medicine here and in Messages.</p>
        <p><Link className="button" to="/refills">See my refill requests</Link> <Link to={`/messages/${send.data.refill.threadId}`}>See the conversation</Link></p>
      </div>
    );
  }
  const submit = (e: FormEvent) => { e.preventDefault(); send.mutate(); };
  return (
    <div className="page">
      <h1>Ask for a refill</h1>
      <p className="lead">Choose the medicines you need more of, and where to pick them up.</p>
      {opts.isLoading && <p role="status">Loading your medicines…</p>}
      {opts.isError && <p className="error" role="alert">{errorText(opts.error)}</p>}
      {opts.data && (
        <form onSubmit={submit} noValidate>
          {notRefillable > 0 && <p className="warning" role="status">The medicine you picked cannot be refilled online. Call the clinic or ask in Messages.</p>}
          <fieldset className="field">
            <legend className="label">Medicines you take now</legend>
            {opts.data.medications.length === 0 && <p>You have no current medicines in your record.</p>}
            {opts.data.medications.map((m) => (
              <label key={m.id} className="choice">
                <input type="checkbox" checked={chosen.includes(m.id)} onChange={() => setChosen(chosen.includes(m.id) ? chosen.filter((x) => x !== m.id) : [...chosen, m.id])} />
                <span>{m.display}{m.dose ? ` – ${m.dose}` : ''}{m.instructions ? <span className="hint"> ({m.instructions})</span> : null}</span>
              </label>
            ))}
          </fieldset>
          <fieldset className="field">
            <legend className="label">Pharmacy</legend>
            {opts.data.pharmacies.map((p) => (
              <label key={p.id} className="choice">
                <input type="radio" name="pharmacy" checked={pharmacy === p.id} onChange={() => setPharmacyId(p.id)} />
                <span>{p.name}<span className="hint"> – {p.address}{p.hours ? `; ${p.hours}` : ''}</span></span>
              </label>
            ))}
          </fieldset>
          {opts.data.otherPharmacies.length > 0 && (
            <div className="field">
              <label htmlFor="add-pharmacy">Add another pharmacy to your list</label>
              <select id="add-pharmacy" value={addId} onChange={(e) => setAddId(e.target.value)}>
                <option value="">Choose a pharmacy</option>
                {opts.data.otherPharmacies.map((p) => <option key={p.id} value={p.id}>{p.name} – {p.address}</option>)}
              </select>
              <button className="button secondary" type="button" disabled={!addId || save.isPending} onClick={() => save.mutate()}>Add this pharmacy</button>
              {save.isError && <p className="error" role="alert">{errorText(save.error)}</p>}
            </div>
          )}
          <div className="field">
            <label htmlFor="refill-note">Note for your care team (optional)</label>
            <textarea id="refill-note" value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} aria-describedby="note-hint" />
            <span id="note-hint" className="hint">For example: "I have 3 pills left." {note.length} of 1000 characters.</span>
          </div>
          {send.isError && <p className="error" role="alert">{errorText(send.error)}</p>}
          <button className="button" type="submit" disabled={send.isPending}>{send.isPending ? 'Sending…' : 'Send refill request'}</button>{' '}
          <Link to="/refills">Cancel</Link>
        </form>
      )}
    </div>
  );
}
