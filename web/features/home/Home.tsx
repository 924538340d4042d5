import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { Home as HomeData } from '../../api/types';
import { useAuth } from '../../app/auth';
import { isStaffRole } from '../../app/nav';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../components/a11y';
import { GuideLink } from '../guide/routes';

const tel = (p: string) => `tel:${p.replace(/[^+\d]/g, '')}`;

export function Home() {
  const { user } = useAuth();
  const { t, i18n } = useTranslation(['home', 'common']);
  const q = useQuery({ queryKey: ['home', i18n.language], queryFn: () => api<HomeData>('/api/home') });
  usePageTitle(t('common:nav./')); // "Home – Portico" (the h1 greets the person)
  if (!user) return null;
  const staff = isStaffRole(user.role);
  return (
    <div className="page">
      <h1>{staff ? t('staffTitle') : t('hello', { name: q.data?.greetingName ?? user.displayName.split(' ')[0] })}</h1>
      {staff && <p className="lead">{t('signedInAs', { name: user.displayName })}</p>}
      <section aria-labelledby="attention-h">
        <h2 id="attention-h">{staff ? t('staffAttention') : t('attention')}</h2>
        {q.isLoading && <p role="status">{t('common:loading')}</p>}
        {q.isError && <p className="error" role="alert">{t('loadError')}</p>}
        {q.data && q.data.items.length === 0 && <p>{t('nothing')}</p>}
        {q.data && q.data.items.length > 0 && (
          <ul className="cards">
            {q.data.items.map((it, i) => (
              <li key={i} className={`card ${it.priority === 'high' ? 'card-high' : ''}`}>
                {it.priority === 'high' && <span className="tag">{t('common:important')}</span>}
                <Link to={it.href}>{it.title}</Link>
                {it.detail && <p>{it.detail}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>
      {!staff && <GuideLink />}
      {!staff && q.data?.clinic && (
        <section aria-labelledby="clinic-h" className="panel">
          <h2 id="clinic-h">{t('yourClinic', { name: q.data.clinic.name })}</h2>
          <ul className="plain">
            {q.data.clinic.phoneMain && <li>{t('mainNumber')} <a href={tel(q.data.clinic.phoneMain)}>{q.data.clinic.phoneMain.replace('+1-', '')}</a></li>}
            {q.data.clinic.phoneNurseLine && <li>{t('nurseLine')} <a href={tel(q.data.clinic.phoneNurseLine)}>{q.data.clinic.phoneNurseLine.replace('+1-', '')}</a></li>}
            {q.data.clinic.phoneAfterHours && <li>{t('afterHours')} <a href={tel(q.data.clinic.phoneAfterHours)}>{q.data.clinic.phoneAfterHours.replace('+1-', '')}</a></li>}
          </ul>
        </section>
      )}
    </div>
  );
}
