import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { day, isoDay, useRecord, type Allergy, type Doc, type Immunization, type Medication, type Problem, type Visit } from './api';
import { AskAbout, Loading } from './AskAbout';
import { RecordNav } from './RecordNav';
import './record.css';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../i18n/format';

/** A status code from the record (active, resolved…) in the page's language. */
function useWord() {
  const { t } = useTranslation('record');
  return (code: string) => t(`pages.statusWord.${code}`, { defaultValue: code });
}

/** A health-record page: its heading, the record menu and the lead sentence (CarePages.tsx uses it too). */
export function Page({ title, lead, children }: { title: string; lead: string; children: ReactNode }) {
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
  const { t } = useTranslation('record');
  return (
    <Page title={t('pages.home.title')} lead={t('pages.home.lead')}>
      <ul className="cards">
        <li className="card"><Link to="/results">{t('nav./results')}</Link><p>{t('pages.home.results')}</p></li>
        <li className="card"><Link to="/record/problems">{t('nav./record/problems')}</Link><p>{t('pages.home.problems')}</p></li>
        <li className="card"><Link to="/record/medications">{t('nav./record/medications')}</Link><p>{t('pages.home.medications')}</p></li>
        <li className="card"><Link to="/record/allergies">{t('nav./record/allergies')}</Link><p>{t('pages.home.allergies')}</p></li>
        <li className="card"><Link to="/record/immunizations">{t('nav./record/immunizations')}</Link><p>{t('pages.home.immunizations')}</p></li>
        <li className="card"><Link to="/record/vitals">{t('nav./record/vitals')}</Link><p>{t('pages.home.vitals')}</p></li>
        <li className="card"><Link to="/record/visits">{t('nav./record/visits')}</Link><p>{t('pages.home.visits')}</p></li>
        <li className="card"><Link to="/record/documents">{t('nav./record/documents')}</Link><p>{t('pages.home.documents')}</p></li>
        <li className="card"><Link to="/glucose">{t('nav./glucose')}</Link><p>{t('pages.home.glucose')}</p></li>
        <li className="card"><Link to="/blood-pressure">{t('nav./blood-pressure')}</Link><p>{t('pages.home.bp')}</p></li>
        <li className="card"><Link to="/weight">{t('nav./weight')}</Link><p>{t('pages.home.weight')}</p></li>
        <li className="card"><Link to="/record/download">{t('nav./record/download')}</Link><p>{t('pages.home.download')}</p></li>
      </ul>
    </Page>
  );
}

export function Problems() {
  const { t } = useTranslation('record');
  const word = useWord();
  const q = useRecord<{ active: Problem[]; past: Problem[] }>('/problems');
  const list = (items: Problem[], past: boolean) => items.length === 0 ? <p>{t('pages.none')}</p> : (
    <ul className="cards">{items.map((p) => (
      <li key={p.id} className="card">
        <strong>{p.display}</strong>
        <p>{past ? `${t('pages.status', { status: word(p.status) })}${p.resolvedAt ? t('pages.ended', { date: day(p.resolvedAt) }) : ''}` : t('pages.since', { date: day(p.onsetAt) })}</p>
        <AskAbout about={t('pages.askProblem', { what: p.display })} label={p.display} />
      </li>))}
    </ul>);
  return (
    <Page title={t('pages.problems.title')} lead={t('pages.problems.lead')}>
      <Loading q={q} />
      {q.data && <><h2>{t('pages.problems.current')}</h2>{list(q.data.active, false)}<h2>{t('pages.problems.past')}</h2>{list(q.data.past, true)}</>}
    </Page>
  );
}

export function Medications() {
  const { t } = useTranslation('record');
  const word = useWord();
  const q = useRecord<{ active: Medication[]; past: Medication[] }>('/medications');
  // Only an active medicine can be refilled online (the refill API refuses on-hold or planned ones).
  const refill = (m: Medication) => m.status === 'active'
    ? <Link to={`/refills/new?medicationId=${encodeURIComponent(m.id)}`}>{t('pages.meds.refill')}<span className="visually-hidden"> {t('pages.meds.refillOf', { name: m.display })}</span></Link>
    : null;
  const table = (items: Medication[], caption: string, current: boolean) => items.length === 0 ? <p>{t('pages.none')}</p> : (
    <div className="table-wrap"><table>
      <caption>{caption}</caption>
      <thead><tr><th scope="col">{t('pages.meds.medicine')}</th><th scope="col">{t('pages.meds.dose')}</th><th scope="col">{t('pages.meds.how')}</th><th scope="col">{t('pages.meds.by')}</th><th scope="col">{t('pages.meds.status')}</th><th scope="col"><span className="visually-hidden">{t('pages.meds.actions')}</span></th></tr></thead>
      <tbody>{items.map((m) => (
        <tr key={m.id}>
          <th scope="row">{m.display}</th><td>{m.dose ?? '—'}</td><td>{m.instructions ?? t('pages.meds.askTeam')}</td>
          <td>{m.prescriber ?? '—'}{m.startedAt ? `, ${day(m.startedAt)}` : ''}</td><td>{word(m.status)}</td>
          <td><span className="row-actions">{current && refill(m)}<AskAbout about={t('pages.askMedicine', { what: m.display })} label={m.display} /></span></td>
        </tr>))}
      </tbody></table></div>);
  return (
    <Page title={t('pages.meds.title')} lead={t('pages.meds.lead')}>
      <Loading q={q} />
      {q.data && <><h2>{t('pages.meds.now')}</h2>{table(q.data.active, t('pages.meds.current'), true)}<h2>{t('pages.meds.past')}</h2>{table(q.data.past, t('pages.meds.noLonger'), false)}</>}
    </Page>
  );
}

export function Allergies() {
  const { t } = useTranslation('record');
  const word = useWord();
  const q = useRecord<{ allergies: Allergy[] }>('/allergies');
  return (
    <Page title={t('pages.allergies.title')} lead={t('pages.allergies.lead')}>
      <Loading q={q} />
      {q.data && (q.data.allergies.length === 0 ? <p>{t('pages.allergies.none')}</p> : (
        <ul className="cards">{q.data.allergies.map((a) => (
          <li key={a.id} className="card">
            <strong>{a.display}</strong>
            <p>{t('pages.allergies.reaction', { reaction: a.reaction ?? t('pages.allergies.notRecorded') })}{a.severity ? ` · ${t('pages.allergies.severity', { severity: word(a.severity) })}` : ''} · {t('pages.status', { status: word(a.status) })}</p>
            <AskAbout about={t('pages.askAllergy', { what: a.display })} label={a.display} />
          </li>))}
        </ul>))}
    </Page>
  );
}

export function Immunizations() {
  const { t } = useTranslation('record');
  const q = useRecord<{ immunizations: Immunization[] }>('/immunizations');
  return (
    <Page title={t('pages.shots.title')} lead={t('pages.shots.lead')}>
      <Loading q={q} />
      {q.data && (q.data.immunizations.length === 0 ? <p>{t('pages.shots.none')}</p> : (
        <div className="table-wrap"><table>
          <caption>{t('pages.shots.caption')}</caption>
          <thead><tr><th scope="col">{t('pages.shots.vaccine')}</th><th scope="col">{t('pages.shots.date')}</th><th scope="col"><span className="visually-hidden">{t('pages.meds.actions')}</span></th></tr></thead>
          <tbody>{q.data.immunizations.map((i) => (
            <tr key={i.id}><th scope="row">{i.display}</th><td>{day(i.occurredAt)}</td>
              <td><AskAbout about={t('askAbout', { what: i.display, date: formatDate(i.occurredAt) })} label={t('askLabel', { what: i.display, date: day(i.occurredAt) })} /></td></tr>))}
          </tbody></table></div>))}
    </Page>
  );
}

export function Visits() {
  const { t } = useTranslation('record');
  const q = useRecord<{ visits: Visit[] }>('/visits');
  return (
    <Page title={t('pages.visits.title')} lead={t('pages.visits.lead')}>
      <Loading q={q} />
      {q.data && (q.data.visits.length === 0 ? <p>{t('pages.visits.none')}</p> : (
        <div className="table-wrap"><table>
          <caption>{t('pages.visits.caption')}</caption>
          <thead><tr><th scope="col">{t('pages.visits.date')}</th><th scope="col">{t('pages.visits.visit')}</th><th scope="col">{t('pages.visits.reason')}</th><th scope="col">{t('pages.visits.clinician')}</th><th scope="col">{t('pages.visits.place')}</th><th scope="col"><span className="visually-hidden">{t('pages.meds.actions')}</span></th></tr></thead>
          <tbody>{q.data.visits.map((v) => (
            <tr key={v.id}><td>{day(v.startAt)}</td><th scope="row">{v.type}</th><td>{v.reason ?? '—'}</td><td>{v.clinician ?? '—'}</td><td>{v.location ?? '—'}</td>
              <td><AskAbout about={t('askAbout', { what: v.type, date: formatDate(v.startAt) })} label={t('askLabel', { what: v.type, date: day(v.startAt) })} /></td></tr>))}
          </tbody></table></div>))}
    </Page>
  );
}

export function Documents() {
  const { t } = useTranslation('record');
  const q = useRecord<{ documents: Doc[] }>('/documents');
  return (
    <Page title={t('pages.docs.title')} lead={t('pages.docs.lead')}>
      <Loading q={q} />
      {q.data && (q.data.documents.length === 0 ? <p>{t('pages.docs.none')}</p> : (
        <ul className="cards">{q.data.documents.map((d) => (
          <li key={d.id} className="card">
            <strong>{d.title ?? d.type}</strong>
            <p>{d.type} · {day(d.date)}{d.author ? ` · ${d.author}` : ''}</p>
            {d.description && <p>{d.description}</p>}
            <div className="row-actions">
              {d.hasContent && <a href={`/api/record/documents/${d.id}/content`}>{t('pages.docs.open')}<span className="visually-hidden"> {d.title ?? d.type}</span></a>}
              <AskAbout about={d.date ? t('askAbout', { what: d.title ?? d.type, date: formatDate(d.date) }) : t('pages.askPlain', { what: d.title ?? d.type })} label={d.title ?? d.type} />
            </div>
          </li>))}
        </ul>))}
    </Page>
  );
}
