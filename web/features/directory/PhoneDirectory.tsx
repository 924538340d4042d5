import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { prettyPhone, telHref } from './phone';
import { useUrgentHelp } from '../../components/Layout';
import '../billing/billing.css';
import { hoursText } from '../../components/hours';
import { useTranslation } from 'react-i18next';

type Phone = { label: string; number: string; kind: string };
type Dept = { id: string; name: string; description: string | null; hours: string | null; phone: Phone };
type Clinic = { id: string; name: string; specialty: string; hours: string | null; phones: Phone[]; departments: Dept[] };

function PhoneLink({ phone, context }: { phone: Phone; context: string }) {
  const { t } = useTranslation('directory');
  return (
    <a href={telHref(phone.number)} aria-label={t('phones.callLabel', { label: phone.label, context, phone: prettyPhone(phone.number) })}>{prettyPhone(phone.number)}</a>
  );
}

function DeptItem({ d }: { d: Dept }) {
  const { t } = useTranslation('directory');
  return (
    <li>
      {d.name}{d.phone.kind === 'fax' ? ` ${t('phones.fax')}` : ''}: {d.phone.kind === 'fax' ? prettyPhone(d.phone.number) : <PhoneLink phone={d.phone} context={d.name} />}
      {d.hours && <span className="hint"> · {hoursText(d.hours)}</span>}
      {d.description && <><br /><span className="hint">{d.description}</span></>}
    </li>
  );
}

/** Every clinic and department with its numbers; on a phone each number is a "call" link. */
export function PhoneDirectory() {
  const urgent = useUrgentHelp();
  const { t } = useTranslation('directory');
  const q = useQuery({ queryKey: ['directory', 'phones'], queryFn: () => api<{ clinics: Clinic[]; general: Dept[] }>('/api/directory/phones') });
  return (
    <div className="page">
      <h1>{t('phones.title')}</h1>
      <div className="warning">
        <p><strong>{t('phones.emergency')} <a href="tel:911">911</a>.</strong>{' '}
          {urgent.data?.nurseLine
            ? <>{urgent.data.clinicName ? t('phones.nurseLineOf', { clinic: urgent.data.clinicName }) : t('phones.nurseLine')}{' '}
              <a href={telHref(urgent.data.nurseLine.number)}>{prettyPhone(urgent.data.nurseLine.number)}</a>.</>
            : <>{t('phones.yourNurseLine')}</>}</p>
      </div>
      <p>{t('phones.tap')} <Link to="/locations">{t('phones.locationsLink')}</Link>.</p>
      {q.isLoading && <p role="status">{t('phones.loading')}</p>}
      {q.isError && <p className="error" role="alert">{urgent.data?.nurseLine ? t('phones.loadErrorNurse', { phone: prettyPhone(urgent.data.nurseLine.number) }) : t('phones.loadError')}</p>}
      {q.data && (
        <>
          {q.data.clinics.map((c) => (
            <section key={c.id} aria-labelledby={`clinic-${c.id}`} className="card" style={{ marginBottom: '1rem' }}>
              <h2 id={`clinic-${c.id}`}>{c.name}</h2>
              {c.hours && <p>{t('phones.open', { hours: hoursText(c.hours) })}</p>}
              <ul className="phone-list">
                {c.phones.map((p) => <li key={p.kind}>{p.label}: <PhoneLink phone={p} context={c.name} /></li>)}
              </ul>
              {c.departments.length > 0 && (
                <>
                  <h3>{t('phones.alsoAt', { name: c.name })}</h3>
                  <ul className="phone-list">{c.departments.map((d) => <DeptItem key={d.id} d={d} />)}</ul>
                </>
              )}
            </section>
          ))}
          {q.data.general.length > 0 && (
            <section aria-labelledby="general-h" className="card">
              <h2 id="general-h">{t('phones.other')}</h2>
              <ul className="phone-list">{q.data.general.map((d) => <DeptItem key={d.id} d={d} />)}</ul>
            </section>
          )}
        </>
      )}
    </div>
  );
}
