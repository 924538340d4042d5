import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { Home as HomeData } from '../../api/types';
import { useAuth } from '../../app/auth';
import { isStaffRole } from '../../app/nav';

const tel = (p: string) => `tel:${p.replace(/[^+\d]/g, '')}`;

export function Home() {
  const { user } = useAuth();
  const q = useQuery({ queryKey: ['home'], queryFn: () => api<HomeData>('/api/home') });
  if (!user) return null;
  const staff = isStaffRole(user.role);
  return (
    <div className="page">
      <h1>{staff ? `Care team home` : `Hello, ${q.data?.greetingName ?? user.displayName.split(' ')[0]}`}</h1>
      {staff && <p className="lead">Signed in as {user.displayName}.</p>}
      <section aria-labelledby="attention-h">
        <h2 id="attention-h">{staff ? 'Needs your attention' : 'What needs your attention'}</h2>
        {q.isLoading && <p role="status">Loading…</p>}
        {q.isError && <p className="error" role="alert">We could not load this list. Please reload the page.</p>}
        {q.data && q.data.items.length === 0 && <p>Nothing needs your attention right now.</p>}
        {q.data && q.data.items.length > 0 && (
          <ul className="cards">
            {q.data.items.map((it, i) => (
              <li key={i} className={`card ${it.priority === 'high' ? 'card-high' : ''}`}>
                {it.priority === 'high' && <span className="tag">Important</span>}
                <Link to={it.href}>{it.title}</Link>
                {it.detail && <p>{it.detail}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>
      {!staff && q.data?.clinic && (
        <section aria-labelledby="clinic-h" className="panel">
          <h2 id="clinic-h">Your clinic: {q.data.clinic.name}</h2>
          <ul className="plain">
            {q.data.clinic.phoneMain && <li>Main number: <a href={tel(q.data.clinic.phoneMain)}>{q.data.clinic.phoneMain.replace('+1-', '')}</a></li>}
            {q.data.clinic.phoneNurseLine && <li>Nurse line: <a href={tel(q.data.clinic.phoneNurseLine)}>{q.data.clinic.phoneNurseLine.replace('+1-', '')}</a></li>}
            {q.data.clinic.phoneAfterHours && <li>After hours: <a href={tel(q.data.clinic.phoneAfterHours)}>{q.data.clinic.phoneAfterHours.replace('+1-', '')}</a></li>}
          </ul>
        </section>
      )}
    </div>
  );
}
