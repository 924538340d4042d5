import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiError } from '../../api/client';
import { dateTime } from '../billing/format';
import '../billing/billing.css';

type Req = { id: string; patientName?: string; payer: string; planName: string | null; memberId: string; groupId: string | null;
  subscriberName: string | null; relationship: string | null; startDate: string | null; note: string | null; submittedAt: string };

/** Front desk: insurance changes patients sent, oldest first, until entered. */
export function InsuranceRequestsPage() {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['insurance', 'requests'], queryFn: () => api<{ requests: Req[] }>('/api/insurance/staff/update-requests') });
  const [msg, setMsg] = useState<{ text: string; error: boolean } | null>(null);
  async function done(r: Req) {
    try {
      await api(`/api/insurance/staff/update-requests/${r.id}/done`, { method: 'POST' });
      setMsg({ text: `Marked ${r.patientName}'s insurance as entered.`, error: false });
      await qc.invalidateQueries({ queryKey: ['insurance', 'requests'] });
    } catch (err) {
      setMsg({ text: err instanceof ApiError ? err.message : 'That did not work. Please try again.', error: true });
    }
  }
  return (
    <div className="page">
      <h1>Insurance updates</h1>
      {msg && <p role={msg.error ? 'alert' : 'status'} className={msg.error ? 'error' : 'success'}>{msg.text}</p>}
      {q.isLoading && <p role="status">Loading…</p>}
      {q.data && q.data.requests.length === 0 && <p>No insurance updates are waiting.</p>}
      <ul className="cards">
        {q.data?.requests.map((r) => (
          <li key={r.id} className="card">
            <h2>{r.patientName}</h2>
            <dl className="summary-list">
              <dt>Insurance</dt><dd>{r.payer}{r.planName ? `, ${r.planName}` : ''}</dd>
              <dt>Member ID</dt><dd>{r.memberId}</dd>
              <dt>Group</dt><dd>{r.groupId ?? '—'}</dd>
              <dt>Policy holder</dt><dd>{r.subscriberName ?? '—'} ({r.relationship ?? '—'})</dd>
              <dt>Starts</dt><dd>{r.startDate ?? '—'}</dd>
              <dt>Sent</dt><dd>{dateTime(r.submittedAt)}</dd>
            </dl>
            {r.note && <p>{r.note}</p>}
            <button type="button" className="button" onClick={() => void done(r)}>Mark as entered<span className="visually-hidden"> for {r.patientName}</span></button>
          </li>
        ))}
      </ul>
    </div>
  );
}
