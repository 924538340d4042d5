import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { useAuth } from '../../app/auth';
import { Avatar, type Clinician } from './FindDoctor';
import { prettyPhone, telHref } from './phone';
import '../billing/billing.css';
import { useTranslation } from 'react-i18next';

type Location = { id: string; name: string; address: { oneLine: string }; phone: string | null };
type Profile = Clinician & {
  bio: string | null; messagingInstructions: string | null; locations: Location[]; canMessage: boolean; messageUrl: string | null; appointmentUrl: string;
};

export function ClinicianProfile() {
  const { clinicianId = '' } = useParams();
  const { user } = useAuth();
  const { t } = useTranslation(['directory', 'common']);
  const q = useQuery({ queryKey: ['directory', 'clinician', clinicianId], queryFn: () => api<{ clinician: Profile }>(`/api/directory/clinicians/${clinicianId}`) });
  if (q.isLoading) return <div className="page"><h1>{t('profile.title')}</h1><p role="status">{t('common:loading')}</p></div>;
  if (!q.data) return <div className="page"><h1>{t('profile.title')}</h1><p className="error" role="alert">{t('profile.notFound')}</p><Link to="/find-a-doctor">{t('find.title')}</Link></div>;
  const c = q.data.clinician;
  const patient = user?.role === 'patient';
  return (
    <div className="page">
      <p><Link to="/find-a-doctor">{t('profile.back')}</Link></p>
      <div className="person">
        <Avatar c={c} />
        <div>
          <h1>{c.displayName}</h1>
          <p className="lead">{c.specialties.join(' · ')}</p>
          <p><strong>{c.acceptingNewPatients ? t('find.taking') : t('profile.notTakingNow')}</strong></p>
        </div>
      </div>
      {patient && (
        <div className="actions">
          <Link className="button" to={c.appointmentUrl}>{t('profile.request')}<span className="visually-hidden"> {t('profile.withName', { name: c.name })}</span></Link>
          {c.canMessage && c.messageUrl && <Link className="button secondary" to={c.messageUrl}>{t('profile.message')}<span className="visually-hidden"> {t('profile.toName', { name: c.name })}</span></Link>}
        </div>
      )}
      {patient && !c.canMessage && <p className="hint">{t('profile.onlyTeam', { name: c.name })}</p>}
      {c.messagingInstructions && (
        <section aria-labelledby="msg-h" className="notice">
          <h2 id="msg-h">{t('profile.howToHear', { name: c.name })}</h2>
          <p>{c.messagingInstructions}</p>
        </section>
      )}
      {c.bio && <section aria-labelledby="about-h"><h2 id="about-h">{t('profile.about')}</h2><p>{c.bio}</p></section>}
      <section aria-labelledby="details-h">
        <h2 id="details-h">{t('profile.details')}</h2>
        <dl className="summary-list">
          <dt>{t('profile.credentials')}</dt><dd>{c.credentials ?? '—'}</dd>
          <dt>{t('profile.languages')}</dt><dd>{c.languages.join(', ')}</dd>
          <dt>{t('profile.clinics')}</dt><dd>{c.clinics.join(', ') || '—'}</dd>
        </dl>
      </section>
      <section aria-labelledby="where-h">
        <h2 id="where-h">{t('profile.where', { name: c.name })}</h2>
        {c.locations.length === 0 ? <p>{t('profile.askClinic', { name: c.name })}</p> : (
          <ul className="plain">
            {c.locations.map((l) => (
              <li key={l.id} className="card" style={{ marginBottom: '0.5rem' }}>
                <Link to={`/locations/${l.id}`}>{l.name}</Link>
                <p>{l.address.oneLine}</p>
                {l.phone && <p>{t('profile.phone')} <a href={telHref(l.phone)}>{prettyPhone(l.phone)}</a></p>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
