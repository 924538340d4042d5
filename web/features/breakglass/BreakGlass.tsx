import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import './breakglass.css';

// Break-glass: a staff member refused a chart (403 break_glass_required) may open it for one hour with a written reason.
// The server records it; the patient sees it in their activity log, and admins see it on /admin/break-glass.

export const isBreakGlassRequired = (e: unknown) => e instanceof ApiError && e.status === 403 && e.code === 'break_glass_required';

const errText = (e: unknown) => (e instanceof ApiError ? e.message : 'That did not work. Please try again.');

/** The "Break the glass" form shown where a staff member is refused a chart. */
export function BreakGlassForm({ patientId }: { patientId: string }) {
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (reason.trim().length < 10) { setError('Write why you need this chart (at least 10 characters).'); return; }
    setBusy(true);
    try {
      await api('/api/break-glass', { method: 'POST', body: { patientId, reason } });
      await qc.invalidateQueries({ queryKey: ['chart', patientId] });
    } catch (err) {
      setError(errText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel breakglass" aria-labelledby="bg-h">
      <h2 id="bg-h">This chart is outside your normal access</h2>
      <p>If you need it to care for this patient, you can break the glass. You will see the chart for one hour.
        Your name, the time and your reason are recorded, shown to the patient in their activity log and reviewed by an administrator.</p>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="bg-reason">Why do you need this chart?</label>
          <textarea id="bg-reason" value={reason} onChange={(e) => setReason(e.target.value)} rows={3} maxLength={1000}
            aria-describedby="bg-hint" aria-invalid={error ? true : undefined} aria-errormessage={error ? 'bg-error' : undefined} />
          <p className="hint" id="bg-hint">For example: “Patient called about a fall; the nurse line is closed.”</p>
        </div>
        {error && <p className="error" role="alert" id="bg-error">{error}</p>}
        <button className="button" type="submit" disabled={busy}>{busy ? 'Opening…' : 'Break the glass and open the chart'}</button>
      </form>
    </section>
  );
}

type Event = {
  id: string; user: { id: string; displayName: string; role: string }; patient: { id: string; name: string; mrn: string };
  reason: string; createdAt: string; expiresAt: string; active: boolean; reads: number;
};
const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** /admin/break-glass: who broke the glass for which patient, why, when, and how many reads followed. */
export function BreakGlassReport() {
  const [days, setDays] = useState('30');
  const q = useQuery({ queryKey: ['admin', 'break-glass', days], queryFn: () => api<{ events: Event[] }>(`/api/admin/break-glass?days=${days}`) });
  return (
    <div className="page">
      <h1>Break-glass report</h1>
      <p className="lead">Every time a staff member opened a chart outside their normal access, with the reason they gave.</p>
      <div className="field breakglass-days">
        <label htmlFor="bg-days">Show the last</label>
        <select id="bg-days" value={days} onChange={(e) => setDays(e.target.value)}>
          <option value="7">7 days</option>
          <option value="30">30 days</option>
          <option value="90">90 days</option>
          <option value="365">365 days</option>
        </select>
      </div>
      {q.isLoading ? <p role="status">Loading…</p> : q.isError ? <p className="error" role="alert">{errText(q.error)}</p>
        : q.data!.events.length === 0 ? <p>Nobody broke the glass in this period.</p> : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Break-glass events, newest first</caption>
              <thead><tr><th scope="col">When</th><th scope="col">Staff member</th><th scope="col">Patient</th><th scope="col">Reason</th><th scope="col">Reads</th><th scope="col">Status</th></tr></thead>
              <tbody>
                {q.data!.events.map((e) => (
                  <tr key={e.id}>
                    <td>{when(e.createdAt)}</td>
                    <td>{e.user.displayName} <span className="hint">({e.user.role.replace('_', ' ')})</span></td>
                    <td>{e.patient.name} <span className="hint">MRN {e.patient.mrn}</span></td>
                    <td>{e.reason}</td>
                    <td>{e.reads}</td>
                    <td>{e.active ? `Open until ${when(e.expiresAt)}` : 'Ended'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
    </div>
  );
}
