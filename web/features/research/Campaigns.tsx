import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ApiError, api } from '../../api/client';
import { useCampaigns, type Campaign } from './api';
import './research.css';

const day = (s: string | null) => (s ? new Date(s).toLocaleDateString() : '—');

/** /research/campaigns — open a portal-use survey for a cohort, see progress, close it. */
export function Campaigns() {
  const qc = useQueryClient();
  const list = useCampaigns();
  const [title, setTitle] = useState('How you use the portal');
  const [condition, setCondition] = useState('44054006');
  const [ageMin, setAgeMin] = useState('');
  const [ageMax, setAgeMax] = useState('');
  const [closesAt, setClosesAt] = useState('');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const done = (text: string) => { setMsg({ ok: true, text }); void qc.invalidateQueries({ queryKey: ['research'] }); };
  const fail = (e: unknown) => setMsg({ ok: false, text: e instanceof ApiError ? e.message : 'Something went wrong. Please try again.' });
  const create = useMutation({
    mutationFn: () => api<{ campaign: Campaign }>('/api/research/campaigns', { method: 'POST', body: {
      title, cohort: { condition: condition.trim() || null, ageMin: ageMin ? Number(ageMin) : null, ageMax: ageMax ? Number(ageMax) : null },
      closesAt: closesAt ? new Date(`${closesAt}T23:59:59`).toISOString() : null,
    } }),
    onSuccess: (r) => done(`Survey opened for ${r.campaign.invited} patients. They will see it on their home page.`),
    onError: fail,
  });
  const close = useMutation({
    mutationFn: (id: string) => api<{ campaign: Campaign }>(`/api/research/campaigns/${id}/close`, { method: 'POST' }),
    onSuccess: () => done('Survey closed. Patients can no longer answer it.'),
    onError: fail,
  });
  const submit = (e: FormEvent) => { e.preventDefault(); setMsg(null); create.mutate(); };

  return (
    <div className="page">
      <h1>Survey campaigns</h1>
      <p className="lead">Ask a cohort of patients the study's portal-use questions. <Link to="/research">Back to the dashboard</Link>.</p>
      {msg && <p className={msg.ok ? 'notice' : 'error'} role={msg.ok ? 'status' : 'alert'}>{msg.text}</p>}
      <section aria-labelledby="list-h">
        <h2 id="list-h">Campaigns</h2>
        {list.isLoading && <p role="status">Loading…</p>}
        {list.data?.campaigns.length === 0 && <p>No campaigns yet.</p>}
        {!!list.data?.campaigns.length && (
          <div className="table-wrap">
            <table className="study">
              <caption className="visually-hidden">Survey campaigns</caption>
              <thead><tr><th scope="col" className="left">Title</th><th scope="col" className="left">Cohort</th><th scope="col" className="left">Status</th>
                <th scope="col">Invited</th><th scope="col">Started</th><th scope="col">Completed</th><th scope="col" className="left">Closes</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
              <tbody>
                {list.data.campaigns.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{c.title}</th><td className="left">{c.cohortText}</td><td className="left">{c.status === 'open' ? 'Open' : `Closed ${day(c.closedAt)}`}</td>
                    <td>{c.invited}</td><td>{c.inProgress}</td><td>{c.completed}</td><td className="left">{day(c.closesAt)}</td>
                    <td>{c.status === 'open' && <button type="button" className="button secondary" disabled={close.isPending}
                      onClick={() => close.mutate(c.id)}>Close<span className="visually-hidden"> {c.title}</span></button>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <form className="panel" onSubmit={submit} aria-labelledby="new-h">
        <h2 id="new-h">Open a new survey</h2>
        <div className="field"><label htmlFor="c-title">Title patients will see</label>
          <input id="c-title" required minLength={3} maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} /></div>
        <div className="research-filters">
          <div className="field"><label htmlFor="c-cond">Condition (SNOMED code or name)</label>
            <input id="c-cond" value={condition} onChange={(e) => setCondition(e.target.value)} /></div>
          <div className="field"><label htmlFor="c-amin">Age from</label><input id="c-amin" type="number" min={0} max={120} value={ageMin} onChange={(e) => setAgeMin(e.target.value)} /></div>
          <div className="field"><label htmlFor="c-amax">Age to</label><input id="c-amax" type="number" min={0} max={120} value={ageMax} onChange={(e) => setAgeMax(e.target.value)} /></div>
          <div className="field"><label htmlFor="c-close">Closes on (optional)</label><input id="c-close" type="date" value={closesAt} onChange={(e) => setClosesAt(e.target.value)} /></div>
        </div>
        <button type="submit" className="button" disabled={create.isPending}>Open survey</button>
      </form>
    </div>
  );
}
