import { useTranslation } from 'react-i18next';
import { formatDate } from '../../i18n/format';
import { useRecord } from './api';
import { AskAbout, Loading } from './AskAbout';
import { Page } from './RecordPages';
import './record.css';

/** Procedures and care plans in the health record (the same rows the FHIR API and the download carry). */

type Procedure = { id: string; display: string; status: string; performedAt: string | null };
type CarePlan = { id: string; title: string; status: string; startAt: string | null; endAt: string | null; activities: string[] };
type Goal = { id: string; description: string; status: string };

/** FHIR status codes as ICU select keys ("in-progress" → "in_progress"). */
const key = (status: string) => status.replace(/-/g, '_');

export function Procedures() {
  const { t } = useTranslation('record-care');
  const q = useRecord<{ procedures: Procedure[] }>('/procedures');
  return (
    <Page title={t('procedures.title')} lead={t('procedures.lead')}>
      <Loading q={q} />
      {q.data && (q.data.procedures.length === 0 ? <p>{t('procedures.none')}</p> : (
        <div className="table-wrap"><table>
          <caption>{t('procedures.caption')}</caption>
          <thead><tr>
            <th scope="col">{t('procedures.date')}</th><th scope="col">{t('procedures.what')}</th><th scope="col">{t('procedures.status')}</th>
            <th scope="col"><span className="visually-hidden">{t('actions')}</span></th>
          </tr></thead>
          <tbody>{q.data.procedures.map((p) => (
            <tr key={p.id}>
              <td>{p.performedAt ? formatDate(p.performedAt) : t('noDate')}</td><th scope="row">{p.display}</th>
              <td>{t('procedures.statusWord', { status: key(p.status) })}</td>
              <td><AskAbout about={t('askAbout', { what: p.display })} label={p.display} /></td>
            </tr>))}
          </tbody>
        </table></div>))}
    </Page>
  );
}

export function CarePlans() {
  const { t } = useTranslation('record-care');
  const q = useRecord<{ current: CarePlan[]; past: CarePlan[]; goals: Goal[] }>('/care-plans');
  const plans = (items: CarePlan[]) => items.length === 0 ? <p>{t('plans.none')}</p> : (
    <ul className="cards">{items.map((p) => (
      <li key={p.id} className="card">
        <h3>{p.title}</h3>
        <p>{t('plans.statusWord', { status: key(p.status) })}{p.startAt ? ` · ${t('plans.since', { date: formatDate(p.startAt) })}` : ''}{p.endAt ? ` · ${t('plans.until', { date: formatDate(p.endAt) })}` : ''}</p>
        {p.activities.length > 0 && <><p>{t('plans.includes')}</p><ul>{p.activities.map((a, i) => <li key={i}>{a}</li>)}</ul></>}
        <AskAbout about={t('askAbout', { what: p.title })} label={p.title} />
      </li>))}
    </ul>);
  return (
    <Page title={t('plans.title')} lead={t('plans.lead')}>
      <Loading q={q} />
      {q.data && <>
        <h2>{t('plans.current')}</h2>{plans(q.data.current)}
        <h2>{t('plans.goals')}</h2>
        {q.data.goals.length === 0 ? <p>{t('plans.noGoals')}</p> : (
          <ul>{q.data.goals.map((g) => <li key={g.id}>{g.description} ({t('plans.goalStatus', { status: key(g.status) })})</li>)}</ul>)}
        <h2>{t('plans.past')}</h2>{plans(q.data.past)}
      </>}
    </Page>
  );
}
