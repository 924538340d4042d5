import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, ApiError, newIdempotencyKey } from '../../api/client';
import { useAuth } from '../../app/auth';
import { formatDate } from '../../i18n/format';
import type { Explanation, StaffGuide } from './api';

const CLINICAL = ['physician', 'nurse', 'medical_assistant'];

/**
 * On the staff chart: "Explain messaging". The clinician writes their own instructions ("Message me your glucose readings
 * every two weeks"); the patient then finds the guide on their home page, and a printable hand-out is one click away.
 * Clinicians only (the server checks too). Staff screen: English.
 */
export function ExplainMessaging({ patientId }: { patientId: string }) {
  const { user } = useAuth();
  const qc = useQueryClient();
  const clinical = !!user && CLINICAL.includes(user.role);
  const g = useQuery({ queryKey: ['guide-staff', patientId], enabled: clinical, retry: false,
    queryFn: () => api<StaffGuide>(`/api/patients/${patientId}/guide`) });
  const [instructions, setInstructions] = useState('');
  const [handout, setHandout] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Explanation | null>(null);
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(newIdempotencyKey);
  if (!clinical) return null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const r = await api<{ explanation: Explanation }>(`/api/patients/${patientId}/guide/explain`, {
        method: 'POST', body: { instructions: instructions.trim() || null, handout, idempotencyKey: key } });
      setDone(r.explanation);
      setInstructions('');
      setKey(newIdempotencyKey());
      await qc.invalidateQueries({ queryKey: ['guide-staff', patientId] });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not save. Try again.');
    } finally { setBusy(false); }
  };

  const seen = g.data?.completedAt ?? g.data?.viewedAt;
  return (
    <section aria-labelledby="sec-guide" className="card chart-section">
      <h2 id="sec-guide">Explain messaging</h2>
      <p className="hint">
        The patient gets the “How messaging works” guide on their home page, with your instructions.
        {g.data && (seen ? ` They last opened the guide on ${formatDate(seen)}.` : ' They have not opened the guide yet.')}
      </p>
      {g.data && g.data.explained.length > 0 && (
        <ul>{g.data.explained.slice(0, 3).map((x) => (
          <li key={x.id}>{formatDate(x.at)}: {x.by.displayName}{x.instructions ? ` — “${x.instructions}”` : ''}</li>
        ))}</ul>
      )}
      <form onSubmit={submit} aria-label="Explain messaging to this patient">
        <div className="field">
          <label htmlFor="guide-instructions">Your instructions for this patient (optional)</label>
          <textarea id="guide-instructions" rows={2} maxLength={1000} value={instructions}
            placeholder="Message me your glucose readings every two weeks" onChange={(e) => setInstructions(e.target.value)} />
        </div>
        <div className="field">
          <label><input type="checkbox" checked={handout} onChange={(e) => setHandout(e.target.checked)} /> I will print a hand-out for the visit</label>
        </div>
        {error && <p className="error" role="alert">{error}</p>}
        <button className="button" type="submit" disabled={busy}>Explain messaging</button>
      </form>
      {done && (
        <p className="notice" role="status">
          Done. The patient will see the guide on their home page.
          {done.handout && <> <Link to={`/guide/handout/${patientId}`}>Open the printable hand-out</Link></>}
        </p>
      )}
      <p><Link to={`/guide/handout/${patientId}`}>Printable hand-out</Link></p>
    </section>
  );
}
