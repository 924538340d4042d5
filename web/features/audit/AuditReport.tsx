import { useState, type FormEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import './audit.css';

type AuditEvent = {
  id: number; at: string; role: string | null; action: string; resourceType: string; resourceId: string | null; outcome: string; ip: string | null;
  user: { id: string; name: string | null; email: string | null } | null;
  patient: { id: string; name: string | null; mrn: string | null } | null;
  detail: Record<string, unknown> | null;
};
type Page = { events: AuditEvent[]; total: number; page: number; pageSize: number };
type Filters = { from: string; to: string; user: string; patient: string; action: string; outcome: string; sort: string; dir: string };

const PAGE_SIZE = 50;
const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const isoDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const today = new Date();
const INITIAL: Filters = {
  from: isoDay(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 7)), to: isoDay(today),
  user: '', patient: '', action: '', outcome: '', sort: 'at', dir: 'desc',
};
const SORTS: [string, string][] = [['at', 'Time'], ['user', 'User'], ['patient', 'Patient'], ['action', 'Action'], ['outcome', 'Outcome']];
const when = (iso: string) => new Date(iso).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit' });

function queryString(f: Filters, page?: number): string {
  const p = new URLSearchParams({ tz });
  for (const [k, v] of Object.entries(f)) if (v) p.set(k, v.trim());
  if (page !== undefined) {
    p.set('page', String(page));
    p.set('pageSize', String(PAGE_SIZE));
  }
  return p.toString();
}

/** Audit reports (ONC 170.315(d)(2), (d)(3)): search the organization's audit trail, sort, page and export it as CSV. */
export function AuditReport() {
  const [form, setForm] = useState<Filters>(INITIAL);
  const [filters, setFilters] = useState<Filters>(INITIAL);
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: ['audit-events', filters, page],
    queryFn: () => api<Page>(`/api/admin/audit-events?${queryString(filters, page)}`),
    placeholderData: keepPreviousData,
  });
  const actions = useQuery({ queryKey: ['audit-actions'], queryFn: () => api<{ actions: string[] }>('/api/admin/audit-events/actions') });
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilters(form);
    setPage(1);
  };
  const err = q.error instanceof ApiError ? q.error : null;
  const fieldError = (name: string) => (err?.field === name ? err.message : undefined);
  const pages = q.data ? Math.max(1, Math.ceil(q.data.total / q.data.pageSize)) : 1;
  const first = q.data && q.data.total > 0 ? (q.data.page - 1) * q.data.pageSize + 1 : 0;
  const last = q.data ? first + q.data.events.length - Math.min(1, q.data.events.length) : 0;

  return (
    <div className="page audit-report">
      <h1>Audit reports</h1>
      <p className="lead">Search who did what, to which patient’s record, and when. Every search and download here is recorded too.</p>
      <form onSubmit={submit} className="audit-filters" aria-label="Search the audit trail">
        <div className="field">
          <label htmlFor="a-from">From</label>
          <input id="a-from" type="date" value={form.from} onChange={set('from')} aria-describedby={fieldError('from') ? 'a-error' : undefined} />
        </div>
        <div className="field">
          <label htmlFor="a-to">To</label>
          <input id="a-to" type="date" value={form.to} onChange={set('to')} />
        </div>
        <div className="field">
          <label htmlFor="a-user">User</label>
          <input id="a-user" value={form.user} onChange={set('user')} aria-describedby="a-user-hint" />
          <p className="hint" id="a-user-hint">Part of a name or email</p>
        </div>
        <div className="field">
          <label htmlFor="a-patient">Patient</label>
          <input id="a-patient" value={form.patient} onChange={set('patient')} aria-describedby="a-patient-hint" />
          <p className="hint" id="a-patient-hint">Medical record number, or part of a name</p>
        </div>
        <div className="field">
          <label htmlFor="a-action">Action</label>
          <select id="a-action" value={form.action} onChange={set('action')}>
            <option value="">Any action</option>
            {(actions.data?.actions ?? []).map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="a-outcome">Outcome</label>
          <select id="a-outcome" value={form.outcome} onChange={set('outcome')}>
            <option value="">Any outcome</option><option value="success">Success</option><option value="failure">Failure</option><option value="denied">Denied</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="a-sort">Sort by</label>
          <select id="a-sort" value={form.sort} onChange={set('sort')}>
            {SORTS.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="a-dir">Order</label>
          <select id="a-dir" value={form.dir} onChange={set('dir')}>
            <option value="desc">Newest or Z first</option><option value="asc">Oldest or A first</option>
          </select>
        </div>
        <p className="actions">
          <button className="button" type="submit">Search</button>
          {' '}<a className="button secondary" href={`/api/admin/audit-events.csv?${queryString(filters)}`} download>Download these results as CSV</a>
        </p>
      </form>
      <p className="hint">Dates are days in your time zone ({tz}). The download uses the last search you ran.</p>
      {err && <p className="error" role="alert" id="a-error">{err.message}</p>}
      {q.isLoading && <p role="status">Loading…</p>}
      {q.data && (
        <>
          <p role="status" aria-live="polite">
            {q.data.total === 0 ? 'No events match this search.' : `Showing ${first}–${last} of ${q.data.total.toLocaleString()} events.`}
          </p>
          {q.data.events.length > 0 && (
            <div className="table-wrap">
              <table>
                <caption>Audit events</caption>
                <thead><tr>
                  <th scope="col">Time</th><th scope="col">User</th><th scope="col">Patient</th><th scope="col">Action</th>
                  <th scope="col">What</th><th scope="col">Outcome</th><th scope="col">IP address</th>
                </tr></thead>
                <tbody>
                  {q.data.events.map((e) => (
                    <tr key={e.id}>
                      <td>{when(e.at)}</td>
                      <td>{e.user ? <>{e.user.name ?? 'Unknown user'}{e.role && <span className="audit-sub">{e.role.replace(/_/g, ' ')}</span>}</> : 'System or signed-out'}</td>
                      <td>{e.patient ? <>{e.patient.name ?? 'Unknown patient'}{e.patient.mrn && <span className="audit-sub">MRN {e.patient.mrn}</span>}</> : '—'}</td>
                      <td>{e.action}</td>
                      <td>{e.resourceType}{typeof e.detail?.view === 'string' && <span className="audit-sub">{e.detail.view}</span>}</td>
                      <td>{e.outcome}</td>
                      <td>{e.ip ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {pages > 1 && (
            <nav aria-label="Pages of results" className="audit-pages">
              <button type="button" className="button secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>Previous page</button>
              <span>Page {q.data.page} of {pages}</span>
              <button type="button" className="button secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>Next page</button>
            </nav>
          )}
        </>
      )}
    </div>
  );
}
