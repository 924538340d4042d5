import { useEffect, useState, type FormEvent } from 'react';
import { AttachGuideField, attachGuide } from '../guide/FollowUpGuide';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, ApiError } from '../../api/client';
import type { ComposerInfo } from '../messaging/api';
import './chart.css';

// /staff/settings for clinicians: the messaging instructions patients see in the composer and on my profile, and the
// "please message me" follow-up requests I asked patients for, with whether they did.

type FollowUp = { id: string; patient: { id: string; name: string; mrn: string }; instructions: string; dueDate: string;
  status: 'open' | 'done' | 'cancelled'; overdue: boolean; doneThreadId: string | null; completedAt: string | null };
type PatientHit = { id: string; mrn: string; givenName: string; familyName: string };

const STATUS = (f: FollowUp) => (f.status === 'done' ? 'Done: the patient sent a message' : f.status === 'cancelled' ? 'Cancelled'
  : f.overdue ? 'Overdue: not sent yet' : 'Waiting for the patient');
const errText = (e: unknown) => (e instanceof ApiError ? e.message : 'That did not work. Please try again.');
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

export function MySettings() {
  return (
    <div className="page chart">
      <h1>My messaging settings</h1>
      <p className="lead">Tell patients what to use messaging for with you, and ask patients to send you a message by a date.</p>
      <Instructions />
      <FollowUps />
    </div>
  );
}

function Instructions() {
  const q = useQuery({ queryKey: ['my-instructions'], queryFn: () => api<{ instructions: string | null }>('/api/messaging/instructions') });
  const [text, setText] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { if (q.data) setText(q.data.instructions ?? ''); }, [q.data]);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setSaved(null);
    try {
      const r = await api<{ instructions: string | null }>('/api/messaging/instructions', { method: 'PUT', body: { instructions: text } });
      setSaved(r.instructions ? 'Saved. Patients now see these instructions when they write to you.' : 'Removed. Patients see no instructions from you.');
    } catch (err) { setError(errText(err)); }
  };
  return (
    <section aria-labelledby="instr-h" className="panel">
      <h2 id="instr-h">Messaging instructions</h2>
      {q.isLoading ? <p role="status">Loading…</p> : (
        <form onSubmit={save}>
          <div className="field wide">
            <label htmlFor="instructions">What patients should message you about (shown in the message composer)</label>
            <textarea id="instructions" rows={4} maxLength={1000} value={text} onChange={(e) => setText(e.target.value)} aria-describedby="instr-hint" />
            <p className="hint" id="instr-hint">For example: “Message me with glucose readings between visits; for refills choose ‘Prescription refill’.” {text.length} of 1000 characters.</p>
          </div>
          {error && <p className="error" role="alert">{error}</p>}
          <p role="status">{saved}</p>
          <button className="button" type="submit">Save instructions</button>
        </form>
      )}
    </section>
  );
}

function FollowUps() {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['my-follow-ups'], queryFn: () => api<{ followUps: FollowUp[] }>('/api/follow-ups/mine') });
  const cats = useQuery({ queryKey: ['messaging-categories'], queryFn: () => api<ComposerInfo>('/api/messaging/categories') });
  const [search, setSearch] = useState('');
  const [hits, setHits] = useState<PatientHit[] | null>(null);
  const [form, setForm] = useState({ patientId: '', instructions: '', dueDate: inDays(14), category: 'home_readings' });
  const [withGuide, setWithGuide] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const find = async () => {
    setError(null);
    try { const r = await api<{ patients: PatientHit[] }>(`/api/patients?q=${encodeURIComponent(search.trim())}&limit=20`); setHits(r.patients);
      setForm((f) => ({ ...f, patientId: r.patients[0]?.id ?? '' })); } catch (err) { setError(errText(err)); }
  };
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    if (!form.patientId) { setError('Find and choose a patient first.'); return; }
    try {
      const fu = await api<{ followUp: { id: string } }>(`/api/patients/${form.patientId}/follow-ups`, { method: 'POST', body: { instructions: form.instructions, dueDate: form.dueDate, category: form.category } });
      if (withGuide) await attachGuide(form.patientId, form.instructions, fu.followUp.id);
      setDone('Request sent. The patient gets a notice to check Portico.');
      setForm((f) => ({ ...f, instructions: '' }));
      await qc.invalidateQueries({ queryKey: ['my-follow-ups'] });
    } catch (err) { setError(errText(err)); }
  };
  const cancel = async (id: string) => {
    try { await api(`/api/follow-ups/${id}/cancel`, { method: 'POST' }); await qc.invalidateQueries({ queryKey: ['my-follow-ups'] }); } catch (err) { setError(errText(err)); }
  };

  return (
    <section aria-labelledby="fu-h">
      <h2 id="fu-h">Ask a patient to message you</h2>
      <form onSubmit={create} className="panel" aria-label="New follow-up request">
        <div className="field">
          <label htmlFor="fu-search">Find the patient (name or MRN)</label>
          <div className="inline-form">
            <input id="fu-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)}
              onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); void find(); } }} />
            <button className="button secondary" type="button" onClick={() => void find()}>Find patient</button>
          </div>
        </div>
        {hits && (hits.length === 0 ? <p role="status">No patients found.</p> : (
          <div className="field"><label htmlFor="fu-patient">Patient</label>
            <select id="fu-patient" value={form.patientId} onChange={(e) => setForm({ ...form, patientId: e.target.value })}>
              {hits.map((p) => <option key={p.id} value={p.id}>{p.familyName}, {p.givenName} ({p.mrn})</option>)}
            </select></div>
        ))}
        <div className="field wide"><label htmlFor="fu-what">What should the patient send?</label>
          <textarea id="fu-what" rows={3} maxLength={1000} value={form.instructions} onChange={(e) => setForm({ ...form, instructions: e.target.value })} /></div>
        <div className="field"><label htmlFor="fu-due">Due date</label>
          <input id="fu-due" type="date" value={form.dueDate} onChange={(e) => setForm({ ...form, dueDate: e.target.value })} /></div>
        <div className="field"><label htmlFor="fu-cat">Message category</label>
          <select id="fu-cat" value={form.category} onChange={(e) => setForm({ ...form, category: e.target.value })}>
            {(cats.data?.categories ?? [{ code: 'home_readings', label: 'Sending home readings' }]).map((c) => <option key={c.code} value={c.code}>{c.label}</option>)}
          </select></div>
        <AttachGuideField checked={withGuide} onChange={setWithGuide} />
        {error && <p className="error" role="alert">{error}</p>}
        <p role="status">{done}</p>
        <button className="button" type="submit">Send request</button>
      </form>

      <h2>My follow-up requests</h2>
      {list.isLoading ? <p role="status">Loading…</p> : list.isError ? <p className="error" role="alert">{errText(list.error)}</p>
        : list.data!.followUps.length === 0 ? <p>You have not asked any patient to message you yet.</p> : (
          <div className="table-wrap">
            <table className="settings-table">
              <caption className="visually-hidden">Follow-up requests I made</caption>
              <thead><tr><th scope="col">Patient</th><th scope="col">Request</th><th scope="col">Due</th><th scope="col">Status</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
              <tbody>{list.data!.followUps.map((f) => (
                <tr key={f.id}>
                  <td><Link to={`/chart/${f.patient.id}`}>{f.patient.name}</Link> <span className="hint">{f.patient.mrn}</span></td>
                  <td>{f.instructions}</td>
                  <td>{f.dueDate}</td>
                  <td>{f.overdue ? <strong>{STATUS(f)}</strong> : STATUS(f)}{f.doneThreadId ? <> · <Link to={`/inbasket/${f.doneThreadId}`}>Open message</Link></> : null}</td>
                  <td>{f.status === 'open' && <button className="button secondary" type="button" onClick={() => void cancel(f.id)}
                    aria-label={`Cancel request to ${f.patient.name} due ${f.dueDate}`}>Cancel</button>}</td>
                </tr>
              ))}</tbody>
            </table>
          </div>
        )}
    </section>
  );
}
