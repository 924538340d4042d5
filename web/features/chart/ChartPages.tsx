import { useState, type FormEvent, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, Route, Routes, useParams, useSearchParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import { BreakGlassForm, isBreakGlassRequired } from '../breakglass/BreakGlass';
import { formatTime } from '../messaging/api';
import './chart.css';
import { EvisitSummary } from '../inbasket/Evisit';
import { ExplainMessaging } from '../guide/routes';

// The staff chart: find a patient, then see demographics, a short record summary and the patient's whole message history
// (searchable, e.g. an old drug reaction). Clinical sections only load for clinical roles; the server enforces it too.

type Patient = { id: string; mrn: string; givenName: string; familyName: string; birthDate: string | null; sex: string | null; phone: string | null;
  email: string | null; preferredLanguage: string; address: string | null };
type Problem = { id: string; display: string; status: string; onsetAt: string | null };
type Medication = { id: string; display: string; dose: string | null; instructions: string | null; status: string };
type Allergy = { id: string; display: string; reaction: string | null; severity: string | null; status: string };
type Point = { effectiveAt: string; value: number; unit: string | null; flagText: string };
type Trend = { display: string; unit: string | null; points: Point[] };
type Appointment = { id: string; whenText: string; clinician: { displayName: string }; visitType: { name: string }; modalityText: string; statusText: string };
type Hit = { id: string; threadId: string; subject: string; kind: string; body: string; createdAt: string; author: { displayName: string } };

const KIND: Record<string, string> = { patient: 'From the patient', staff_reply: 'Reply to the patient', internal_note: 'Internal note', phone_encounter: 'Phone call' };
const age = (birth: string | null) => {
  if (!birth) return null;
  const b = new Date(`${birth}T00:00:00`);
  const n = new Date();
  return n.getFullYear() - b.getFullYear() - (n < new Date(n.getFullYear(), b.getMonth(), b.getDate()) ? 1 : 0);
};
const day = (iso: string | null) => (iso ? new Date(iso.length === 10 ? `${iso}T00:00:00` : iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }) : '');
const fullName = (p: Patient) => `${p.givenName} ${p.familyName}`;

/** /chart and /chart/:patientId, registered as one route in web/routes.tsx. */
export function ChartPages() {
  return (
    <Routes>
      <Route index element={<ChartSearch />} />
      <Route path=":patientId" element={<Chart />} />
    </Routes>
  );
}

export function ChartSearch() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const res = useQuery({ queryKey: ['patients', q], enabled: q.length > 0, queryFn: () => api<{ patients: Patient[] }>(`/api/patients?q=${encodeURIComponent(q)}`) });
  const submit = (e: FormEvent) => { e.preventDefault(); setParams(text.trim() ? { q: text.trim() } : {}); };
  return (
    <div className="page chart">
      <h1>Patient charts</h1>
      <p className="lead">Find a patient of your organization by name or medical record number (MRN).</p>
      <form role="search" onSubmit={submit} className="chart-search">
        <div className="field"><label htmlFor="patient-q">Name or MRN</label>
          <input id="patient-q" type="search" value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" /></div>
        <button className="button" type="submit">Search</button>
      </form>
      {res.isFetching && <p role="status">Searching…</p>}
      {res.isError && <p className="error" role="alert">The search did not work. Please try again.</p>}
      {res.data && (res.data.patients.length === 0 ? <p role="status">No patients found for “{q}”.</p> : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Patients matching “{q}”</caption>
            <thead><tr><th scope="col">Patient</th><th scope="col">MRN</th><th scope="col">Date of birth</th></tr></thead>
            <tbody>{res.data.patients.map((p) => (
              <tr key={p.id}><td><Link to={`/chart/${p.id}`}>{p.familyName}, {p.givenName}</Link></td><td>{p.mrn}</td><td>{day(p.birthDate)}</td></tr>
            ))}</tbody>
          </table>
        </div>
      ))}
    </div>
  );
}

/** A section that loads on its own; a role without access to clinical data sees a sentence instead of an error. */
function Section({ title, id, q, children }: { title: string; id: string; q: { isLoading: boolean; error: unknown }; children: () => ReactNode }) {
  const denied = q.error instanceof ApiError && q.error.status === 403;
  return (
    <section aria-labelledby={id} className="card chart-section">
      <h2 id={id}>{title}</h2>
      {q.isLoading ? <p role="status">Loading…</p>
        : isBreakGlassRequired(q.error) ? <p>Outside your normal access. Break the glass above to see it.</p>
        : denied ? <p>Your role does not show this part of the record.</p>
        : q.error ? <p className="error" role="alert">This could not be loaded.</p>
        : children()}
    </section>
  );
}

export function Chart() {
  const { patientId = '' } = useParams();
  const base = `/api/patients/${patientId}`;
  const retry = (n: number, e: unknown) => !(e instanceof ApiError && e.status < 500) && n < 2;
  const patient = useQuery({ queryKey: ['chart', patientId, 'patient'], retry, queryFn: () => api<{ patient: Patient }>(base) });
  const problems = useQuery({ queryKey: ['chart', patientId, 'problems'], retry, queryFn: () => api<{ active: Problem[] }>(`${base}/record/problems`) });
  const meds = useQuery({ queryKey: ['chart', patientId, 'meds'], retry, queryFn: () => api<{ active: Medication[] }>(`${base}/record/medications`) });
  const allergies = useQuery({ queryKey: ['chart', patientId, 'allergies'], retry, queryFn: () => api<{ allergies: Allergy[] }>(`${base}/record/allergies`) });
  const a1c = useQuery({ queryKey: ['chart', patientId, 'a1c'], retry, queryFn: () => api<Trend>(`${base}/record/trend?code=4548-4`) });
  const appts = useQuery({ queryKey: ['chart', patientId, 'appts'], retry, queryFn: () => api<{ upcoming: Appointment[] }>(`${base}/appointments`) });

  if (patient.isLoading) return <div className="page"><h1>Patient chart</h1><p role="status">Loading…</p></div>;
  if (isBreakGlassRequired(patient.error)) return <div className="page"><h1>Patient chart</h1><BreakGlassForm patientId={patientId} /></div>;
  if (!patient.data) return <div className="page"><h1>Patient not found</h1><p><Link to="/chart">Search patients</Link></p></div>;
  const p = patient.data.patient;
  const pts = a1c.data?.points ?? [];
  const last = pts[pts.length - 1];
  const prev = pts[pts.length - 2];
  const change = last && prev ? Math.round((last.value - prev.value) * 10) / 10 : null;
  return (
    <div className="page chart">
      <h1>{fullName(p)}</h1>
      <p><Link to="/chart">Search other patients</Link></p>
      {[problems, meds, allergies, a1c].some((x) => isBreakGlassRequired(x.error)) && <BreakGlassForm patientId={patientId} />}
      <dl className="demographics" aria-label="Demographics">
        <div><dt>MRN</dt><dd>{p.mrn}</dd></div>
        <div><dt>Date of birth</dt><dd>{day(p.birthDate)}{p.birthDate ? ` (age ${age(p.birthDate)})` : ''}</dd></div>
        <div><dt>Sex</dt><dd>{p.sex ?? 'Not recorded'}</dd></div>
        <div><dt>Language</dt><dd>{p.preferredLanguage}</dd></div>
        <div><dt>Phone</dt><dd>{p.phone ?? 'Not recorded'}</dd></div>
        <div><dt>Email</dt><dd>{p.email ?? 'Not recorded'}</dd></div>
        <div><dt>Address</dt><dd>{p.address ?? 'Not recorded'}</dd></div>
      </dl>

      <div className="chart-grid">
        <Section title="Problems" id="sec-problems" q={problems}>{() => problems.data!.active.length === 0 ? <p>No active problems.</p> : (
          <ul>{problems.data!.active.map((x) => <li key={x.id}>{x.display}{x.onsetAt ? <span className="hint"> · since {day(x.onsetAt)}</span> : null}</li>)}</ul>)}
        </Section>
        <Section title="Active medicines" id="sec-meds" q={meds}>{() => meds.data!.active.length === 0 ? <p>No active medicines.</p> : (
          <ul>{meds.data!.active.map((m) => <li key={m.id}>{m.display}{m.instructions ? <span className="hint"> · {m.instructions}</span> : null}</li>)}</ul>)}
        </Section>
        <Section title="Allergies" id="sec-allergies" q={allergies}>{() => allergies.data!.allergies.length === 0 ? <p>No known allergies recorded.</p> : (
          <ul>{allergies.data!.allergies.map((a) => <li key={a.id}><strong>{a.display}</strong>{a.reaction ? ` — ${a.reaction}` : ''}{a.severity ? ` (${a.severity})` : ''}</li>)}</ul>)}
        </Section>
        <Section title="Hemoglobin A1c" id="sec-a1c" q={a1c}>{() => !last ? <p>No HbA1c results.</p> : (
          <>
            <p className="a1c-latest"><strong>Latest: {last.value}{last.unit ?? ''}</strong> on {day(last.effectiveAt)} ({last.flagText})</p>
            {change !== null && <p>{change === 0 ? 'Unchanged' : change > 0 ? `Up ${change}` : `Down ${Math.abs(change)}`} since {day(prev.effectiveAt)} ({prev.value}{prev.unit ?? ''}).</p>}
            {pts.length > 2 && <p className="hint">Earlier: {pts.slice(-6, -2).reverse().map((x) => `${x.value}${x.unit ?? ''} (${day(x.effectiveAt)})`).join(', ')}</p>}
          </>)}
        </Section>
        <Section title="Upcoming appointments" id="sec-appts" q={appts}>{() => appts.data!.upcoming.length === 0 ? <p>No upcoming appointments.</p> : (
          <ul>{appts.data!.upcoming.map((a) => <li key={a.id}>{a.whenText} · {a.visitType.name} with {a.clinician.displayName} <span className="hint">({a.modalityText}, {a.statusText})</span></li>)}</ul>)}
        </Section>
      </div>

      <section className="card chart-section"><EvisitSummary patientId={patientId} /></section>
      <ExplainMessaging patientId={patientId} />
      <MessageHistory patientId={patientId} />
    </div>
  );
}

function MessageHistory({ patientId }: { patientId: string }) {
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const res = useQuery({ queryKey: ['chart', patientId, 'messages', q], retry: false,
    queryFn: () => api<{ results: Hit[] }>(`/api/patients/${patientId}/messages?limit=200&q=${encodeURIComponent(q)}`) });
  const submit = (e: FormEvent) => { e.preventDefault(); setQ(text.trim()); };
  return (
    <section aria-labelledby="sec-history" className="chart-history">
      <h2 id="sec-history">Message history</h2>
      <p className="hint">Every message in every conversation, including internal notes and phone calls, newest first.</p>
      <form role="search" aria-label="Search message history" onSubmit={submit} className="chart-search">
        <div className="field"><label htmlFor="history-q">Find words in messages (for example a medicine)</label>
          <input id="history-q" type="search" value={text} onChange={(e) => setText(e.target.value)} /></div>
        <button className="button" type="submit">Search messages</button>
        {q && <button className="button secondary" type="button" onClick={() => { setText(''); setQ(''); }}>Show all</button>}
      </form>
      {res.isLoading ? <p role="status">Loading…</p> : res.isError ? <p className="error" role="alert">{res.error instanceof ApiError ? res.error.message : 'The messages could not be loaded.'}</p> : (
        <>
          <p role="status">{res.data!.results.length === 0 ? (q ? `No messages contain “${q}”.` : 'No messages yet.')
            : `${res.data!.results.length} message${res.data!.results.length === 1 ? '' : 's'}${q ? ` containing “${q}”` : ''}.`}</p>
          <ol className="history-list" aria-label={q ? `Messages containing ${q}` : 'All messages'}>
            {res.data!.results.map((h) => (
              <li key={h.id} className={h.kind === 'internal_note' ? 'note' : undefined}>
                <p className="history-head"><Link to={`/inbasket/${h.threadId}`}>{h.subject}</Link>
                  <span className="hint"> · {KIND[h.kind] ?? h.kind} · {h.author.displayName} · {formatTime(h.createdAt)}</span></p>
                <p className="history-body">{h.body}</p>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
