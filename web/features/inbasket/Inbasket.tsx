import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, Route, Routes } from 'react-router';
import { api } from '../../api/client';
import { formatTime, useLiveUpdates, type ThreadSummary } from '../messaging/api';
import { StaffThread } from './StaffThread';
import { ResponseReport } from './ResponseReport';
import { EvisitReport } from './Evisit';
import '../messaging/messaging.css';

type Item = ThreadSummary & { nearDue: boolean; unreadByMe: boolean };
type Pool = { id: string; name: string; clinicName: string; member: boolean; open: number; overdue: number };
type Data = { items: Item[]; counts: { open: number; overdue: number; nearDue: number; unassigned: number; mine: number; escalated: number }; pools: Pool[] };

/** /inbasket, /inbasket/report and /inbasket/:id, registered as one route in web/routes.tsx. */
export function InbasketPages() {
  return (
    <Routes>
      <Route index element={<Inbasket />} />
      <Route path="report" element={<ResponseReport />} />
      <Route path="evisits" element={<EvisitReport />} />
      <Route path=":id" element={<StaffThread />} />
    </Routes>
  );
}

export function dueLabel(t: Pick<Item, 'status' | 'overdue' | 'nearDue' | 'dueAt' | 'escalated'>) {
  if (t.status !== 'open') return null;
  if (t.overdue) return <span className="tag late">Overdue{t.escalated ? ', escalated' : ''}</span>;
  if (t.nearDue) return <span className="tag soon">Due soon</span>;
  return null;
}

/** The category filter, in sentence case and the same words the patient chose from. */
const CATEGORY_LABELS: Record<string, string> = {
  medical_question: 'Medical question', refill: 'Prescription refill', appointment: 'Appointment', test_results: 'Question about test results',
  home_readings: 'Home readings', side_effect: 'Side effect or medicine problem', referral: 'Referral', billing: 'Billing or paperwork',
};

export function Inbasket() {
  useLiveUpdates();
  const [f, setF] = useState({ poolId: '', status: 'open', assigned: 'any', category: '' });
  const qs = new URLSearchParams(Object.entries(f).filter(([, v]) => v)).toString();
  const q = useQuery({ queryKey: ['inbasket', qs], queryFn: () => api<Data>(`/api/inbasket?${qs}`) });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const c = q.data?.counts;
  return (
    <div className="page messaging">
      <h1>In-basket</h1>
      <p className="lead">Patient messages for your teams and for you, the most urgent first. <Link to="/inbasket/report">Response-time report</Link></p>
      {c && (
        <ul className="counts" aria-label="Open messages">
          <li><strong>{c.open}</strong> open</li>
          <li><strong>{c.overdue}</strong> overdue</li>
          <li><strong>{c.nearDue}</strong> due soon</li>
          <li><strong>{c.unassigned}</strong> not assigned</li>
          <li><strong>{c.mine}</strong> assigned to me</li>
        </ul>
      )}
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <div className="field">
          <label htmlFor="f-pool">Team</label>
          <select id="f-pool" value={f.poolId} onChange={set('poolId')}>
            <option value="">All my teams</option>
            {q.data?.pools.filter((p) => p.member).map((p) => <option key={p.id} value={p.id}>{p.name} ({p.open} open)</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-assigned">Assigned</label>
          <select id="f-assigned" value={f.assigned} onChange={set('assigned')}>
            <option value="any">Anyone</option><option value="me">Me</option><option value="unassigned">Nobody yet</option><option value="others">Someone else</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-status">Status</label>
          <select id="f-status" value={f.status} onChange={set('status')}>
            <option value="open">Waiting for us</option><option value="answered">Answered</option><option value="closed">Closed</option><option value="all">All</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-cat">Category</label>
          <select id="f-cat" value={f.category} onChange={set('category')}>
            <option value="">All</option>
            {Object.entries(CATEGORY_LABELS).map(([x, label]) => <option key={x} value={x}>{label}</option>)}
          </select>
        </div>
      </form>
      {q.isLoading && <p role="status">Loading…</p>}
      {q.isError && <p className="error" role="alert">We could not load the in-basket. Please reload the page.</p>}
      {q.data && q.data.items.length === 0 && <p>Nothing here. Well done.</p>}
      {q.data && q.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Messages, soonest due first</caption>
            <thead><tr><th scope="col">Due</th><th scope="col">Patient</th><th scope="col">Subject</th><th scope="col">Team</th><th scope="col">Assigned to</th></tr></thead>
            <tbody>
              {q.data.items.map((t) => (
                <tr key={t.id}>
                  <td>{t.dueAt && t.status === 'open' ? formatTime(t.dueAt) : '—'} {dueLabel(t)}</td>
                  <td>{t.patient.name}{t.patient.mrn ? <span className="hint"> · {t.patient.mrn}</span> : null}
                    <br /><span className="hint patient-language">Language: {t.patient.language ?? 'English'}</span></td>
                  <td><Link to={`/inbasket/${t.id}`}>{t.subject}</Link>{t.unreadByMe && <span className="tag ok">New</span>}<br /><span className="hint">{t.category.label}</span>
                    {t.preview && <p className="preview">{t.preview}</p>}</td>
                  <td>{t.pool.name}</td>
                  <td>{t.assignee?.displayName ?? 'Nobody yet'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
