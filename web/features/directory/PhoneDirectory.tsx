import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { prettyPhone, telHref } from './phone';
import { useUrgentHelp } from '../../components/Layout';
import '../billing/billing.css';

type Phone = { label: string; number: string; kind: string };
type Dept = { id: string; name: string; description: string | null; hours: string | null; phone: Phone };
type Clinic = { id: string; name: string; specialty: string; hours: string | null; phones: Phone[]; departments: Dept[] };

function PhoneLink({ phone, context }: { phone: Phone; context: string }) {
  return (
    <a href={telHref(phone.number)} aria-label={`${phone.label}, ${context}: ${prettyPhone(phone.number)}`}>{prettyPhone(phone.number)}</a>
  );
}

function DeptItem({ d }: { d: Dept }) {
  return (
    <li>
      {d.name}{d.phone.kind === 'fax' ? ' (fax)' : ''}: {d.phone.kind === 'fax' ? prettyPhone(d.phone.number) : <PhoneLink phone={d.phone} context={d.name} />}
      {d.hours && <span className="hint"> · {d.hours}</span>}
      {d.description && <><br /><span className="hint">{d.description}</span></>}
    </li>
  );
}

/** Every clinic and department with its numbers; on a phone each number is a "call" link. */
export function PhoneDirectory() {
  const urgent = useUrgentHelp();
  const q = useQuery({ queryKey: ['directory', 'phones'], queryFn: () => api<{ clinics: Clinic[]; general: Dept[] }>('/api/directory/phones') });
  return (
    <div className="page">
      <h1>Phone numbers</h1>
      <div className="warning">
        <p><strong>Emergency? Call <a href="tel:911">911</a>.</strong>{' '}
          {urgent.data?.nurseLine
            ? <>For an urgent question day or night, call the nurse line{urgent.data.clinicName ? ` of ${urgent.data.clinicName}` : ''} at{' '}
              <a href={telHref(urgent.data.nurseLine.number)}>{prettyPhone(urgent.data.nurseLine.number)}</a>.</>
            : <>For an urgent question day or night, call your clinic&rsquo;s nurse line (listed below).</>}</p>
      </div>
      <p>Tap or click a number to call. Looking for a place? See <Link to="/locations">locations and directions</Link>.</p>
      {q.isLoading && <p role="status">Loading phone numbers…</p>}
      {q.isError && <p className="error" role="alert">We could not load the phone numbers. Please reload the page{urgent.data?.nurseLine ? `, or call the nurse line at ${prettyPhone(urgent.data.nurseLine.number)}` : ''}.</p>}
      {q.data && (
        <>
          {q.data.clinics.map((c) => (
            <section key={c.id} aria-labelledby={`clinic-${c.id}`} className="card" style={{ marginBottom: '1rem' }}>
              <h2 id={`clinic-${c.id}`}>{c.name}</h2>
              {c.hours && <p>Open {c.hours}</p>}
              <ul className="phone-list">
                {c.phones.map((p) => <li key={p.kind}>{p.label}: <PhoneLink phone={p} context={c.name} /></li>)}
              </ul>
              {c.departments.length > 0 && (
                <>
                  <h3>Also at {c.name}</h3>
                  <ul className="phone-list">{c.departments.map((d) => <DeptItem key={d.id} d={d} />)}</ul>
                </>
              )}
            </section>
          ))}
          {q.data.general.length > 0 && (
            <section aria-labelledby="general-h" className="card">
              <h2 id="general-h">Other departments</h2>
              <ul className="phone-list">{q.data.general.map((d) => <DeptItem key={d.id} d={d} />)}</ul>
            </section>
          )}
        </>
      )}
    </div>
  );
}
