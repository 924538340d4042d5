import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { day, isoDay, useRecord, type Allergy, type Doc, type Immunization, type Medication, type Problem, type Visit } from './api';
import { AskAbout, Loading } from './AskAbout';
import { RecordNav } from './RecordNav';
import './record.css';

function Page({ title, lead, children }: { title: string; lead: string; children: ReactNode }) {
  return (
    <div className="page">
      <h1>{title}</h1>
      <RecordNav />
      <p className="lead">{lead}</p>
      {children}
    </div>
  );
}

export function RecordHome() {
  return (
    <Page title="My health record" lead="Your record from your clinic. Choose a part to see.">
      <ul className="cards">
        <li className="card"><Link to="/results">Test results</Link><p>Lab tests, with charts over time.</p></li>
        <li className="card"><Link to="/record/problems">Health problems</Link><p>Conditions your care team is treating.</p></li>
        <li className="card"><Link to="/record/medications">Medicines</Link><p>What you take now and took before.</p></li>
        <li className="card"><Link to="/record/allergies">Allergies</Link><p>Things that cause a reaction.</p></li>
        <li className="card"><Link to="/record/immunizations">Shots</Link><p>Vaccines you have had.</p></li>
        <li className="card"><Link to="/record/vitals">Blood pressure and weight</Link><p>Measured at your visits.</p></li>
        <li className="card"><Link to="/record/visits">Visits</Link><p>Who you saw and where.</p></li>
        <li className="card"><Link to="/record/documents">Documents</Link><p>Notes and letters.</p></li>
        <li className="card"><Link to="/glucose">Blood sugar log</Link><p>Readings you take at home.</p></li>
        <li className="card"><Link to="/record/download">Download or print</Link><p>Save a copy of your record.</p></li>
      </ul>
    </Page>
  );
}

export function Problems() {
  const q = useRecord<{ active: Problem[]; past: Problem[] }>('/problems');
  const list = (items: Problem[], past: boolean) => items.length === 0 ? <p>None listed.</p> : (
    <ul className="cards">{items.map((p) => (
      <li key={p.id} className="card">
        <strong>{p.display}</strong>
        <p>{past ? `Status: ${p.status}${p.resolvedAt ? `, ended ${day(p.resolvedAt)}` : ''}` : `Since ${day(p.onsetAt)}`}</p>
        <AskAbout about={`Question about: ${p.display} (health problem)`} label={p.display} />
      </li>))}
    </ul>);
  return (
    <Page title="Health problems" lead="Health problems (conditions) in your record.">
      <Loading q={q} />
      {q.data && <><h2>Current problems</h2>{list(q.data.active, false)}<h2>Past problems</h2>{list(q.data.past, true)}</>}
    </Page>
  );
}

export function Medications() {
  const q = useRecord<{ active: Medication[]; past: Medication[] }>('/medications');
  // Only an active medicine can be refilled online (the refill API refuses on-hold or planned ones).
  const refill = (m: Medication) => m.status === 'active'
    ? <Link to={`/refills/new?medicationId=${encodeURIComponent(m.id)}`}>Request a refill<span className="visually-hidden"> of {m.display}</span></Link>
    : null;
  const table = (items: Medication[], caption: string, current: boolean) => items.length === 0 ? <p>None listed.</p> : (
    <div className="table-wrap"><table>
      <caption>{caption}</caption>
      <thead><tr><th scope="col">Medicine</th><th scope="col">Dose</th><th scope="col">How to take it</th><th scope="col">Prescribed by</th><th scope="col">Status</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
      <tbody>{items.map((m) => (
        <tr key={m.id}>
          <th scope="row">{m.display}</th><td>{m.dose ?? '—'}</td><td>{m.instructions ?? 'Ask your care team'}</td>
          <td>{m.prescriber ?? '—'}{m.startedAt ? `, ${day(m.startedAt)}` : ''}</td><td>{m.status}</td>
          <td><span className="row-actions">{current && refill(m)}<AskAbout about={`Question about: ${m.display} (medicine)`} label={m.display} /></span></td>
        </tr>))}
      </tbody></table></div>);
  return (
    <Page title="Medicines" lead="Take your medicines the way your care team told you. Ask before you stop or change one.">
      <Loading q={q} />
      {q.data && <><h2>Medicines you take now</h2>{table(q.data.active, 'Current medicines', true)}<h2>Past medicines</h2>{table(q.data.past, 'Medicines you no longer take', false)}</>}
    </Page>
  );
}

export function Allergies() {
  const q = useRecord<{ allergies: Allergy[] }>('/allergies');
  return (
    <Page title="Allergies" lead="Things that gave you a reaction. Tell every clinician about them.">
      <Loading q={q} />
      {q.data && (q.data.allergies.length === 0 ? <p>No known allergies are listed.</p> : (
        <ul className="cards">{q.data.allergies.map((a) => (
          <li key={a.id} className="card">
            <strong>{a.display}</strong>
            <p>Reaction: {a.reaction ?? 'not recorded'}{a.severity ? ` · Severity: ${a.severity}` : ''} · Status: {a.status}</p>
            <AskAbout about={`Question about: ${a.display} (allergy)`} label={a.display} />
          </li>))}
        </ul>))}
    </Page>
  );
}

export function Immunizations() {
  const q = useRecord<{ immunizations: Immunization[] }>('/immunizations');
  return (
    <Page title="Shots (immunizations)" lead="Vaccines in your record, newest first.">
      <Loading q={q} />
      {q.data && (q.data.immunizations.length === 0 ? <p>No shots are listed.</p> : (
        <div className="table-wrap"><table>
          <caption>Your shots</caption>
          <thead><tr><th scope="col">Vaccine</th><th scope="col">Date</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>{q.data.immunizations.map((i) => (
            <tr key={i.id}><th scope="row">{i.display}</th><td>{day(i.occurredAt)}</td>
              <td><AskAbout about={`Question about: ${i.display} on ${isoDay(i.occurredAt)}`} label={`${i.display} on ${day(i.occurredAt)}`} /></td></tr>))}
          </tbody></table></div>))}
    </Page>
  );
}

export function Visits() {
  const q = useRecord<{ visits: Visit[] }>('/visits');
  return (
    <Page title="Visits" lead="Your visits, newest first, with who you saw and where.">
      <Loading q={q} />
      {q.data && (q.data.visits.length === 0 ? <p>No visits are listed.</p> : (
        <div className="table-wrap"><table>
          <caption>Your visits</caption>
          <thead><tr><th scope="col">Date</th><th scope="col">Visit</th><th scope="col">Reason</th><th scope="col">Clinician</th><th scope="col">Place</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>{q.data.visits.map((v) => (
            <tr key={v.id}><td>{day(v.startAt)}</td><th scope="row">{v.type}</th><td>{v.reason ?? '—'}</td><td>{v.clinician ?? '—'}</td><td>{v.location ?? '—'}</td>
              <td><AskAbout about={`Question about: ${v.type} on ${isoDay(v.startAt)}`} label={`${v.type} on ${day(v.startAt)}`} /></td></tr>))}
          </tbody></table></div>))}
    </Page>
  );
}

export function Documents() {
  const q = useRecord<{ documents: Doc[] }>('/documents');
  return (
    <Page title="Documents" lead="Notes, letters and summaries from your care team.">
      <Loading q={q} />
      {q.data && (q.data.documents.length === 0 ? <p>There are no documents in your record yet.</p> : (
        <ul className="cards">{q.data.documents.map((d) => (
          <li key={d.id} className="card">
            <strong>{d.title ?? d.type}</strong>
            <p>{d.type} · {day(d.date)}{d.author ? ` · ${d.author}` : ''}</p>
            {d.description && <p>{d.description}</p>}
            <div className="row-actions">
              {d.hasContent && <a href={`/api/record/documents/${d.id}/content`}>Open<span className="visually-hidden"> {d.title ?? d.type}</span></a>}
              <AskAbout about={`Question about: ${d.title ?? d.type}${d.date ? ` on ${isoDay(d.date)}` : ''}`} label={d.title ?? d.type} />
            </div>
          </li>))}
        </ul>))}
    </Page>
  );
}
