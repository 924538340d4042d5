import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { useAuth } from '../../app/auth';
import { Avatar, type Clinician } from './FindDoctor';
import { prettyPhone, telHref } from './phone';
import '../billing/billing.css';

type Location = { id: string; name: string; address: { oneLine: string }; phone: string | null };
type Profile = Clinician & {
  bio: string | null; messagingInstructions: string | null; locations: Location[]; canMessage: boolean; messageUrl: string | null; appointmentUrl: string;
};

export function ClinicianProfile() {
  const { clinicianId = '' } = useParams();
  const { user } = useAuth();
  const q = useQuery({ queryKey: ['directory', 'clinician', clinicianId], queryFn: () => api<{ clinician: Profile }>(`/api/directory/clinicians/${clinicianId}`) });
  if (q.isLoading) return <div className="page"><h1>Clinician</h1><p role="status">Loading…</p></div>;
  if (!q.data) return <div className="page"><h1>Clinician</h1><p className="error" role="alert">This clinician was not found.</p><Link to="/find-a-doctor">Find a doctor</Link></div>;
  const c = q.data.clinician;
  const patient = user?.role === 'patient';
  return (
    <div className="page">
      <p><Link to="/find-a-doctor">← Find a doctor</Link></p>
      <div className="person">
        <Avatar c={c} />
        <div>
          <h1>{c.displayName}</h1>
          <p className="lead">{c.specialties.join(' · ')}</p>
          <p><strong>{c.acceptingNewPatients ? 'Taking new patients' : 'Not taking new patients right now'}</strong></p>
        </div>
      </div>
      {patient && (
        <div className="actions">
          <Link className="button" to={c.appointmentUrl}>Request an appointment<span className="visually-hidden"> with {c.name}</span></Link>
          {c.canMessage && c.messageUrl && <Link className="button secondary" to={c.messageUrl}>Send a message<span className="visually-hidden"> to {c.name}</span></Link>}
        </div>
      )}
      {patient && !c.canMessage && <p className="hint">You can send messages to the clinicians on your own care team. To see {c.name}, request an appointment first.</p>}
      {c.messagingInstructions && (
        <section aria-labelledby="msg-h" className="notice">
          <h2 id="msg-h">How {c.name} wants to hear from you</h2>
          <p>{c.messagingInstructions}</p>
        </section>
      )}
      {c.bio && <section aria-labelledby="about-h"><h2 id="about-h">About</h2><p>{c.bio}</p></section>}
      <section aria-labelledby="details-h">
        <h2 id="details-h">Details</h2>
        <dl className="summary-list">
          <dt>Credentials</dt><dd>{c.credentials ?? '—'}</dd>
          <dt>Languages</dt><dd>{c.languages.join(', ')}</dd>
          <dt>Clinics</dt><dd>{c.clinics.join(', ') || '—'}</dd>
        </dl>
      </section>
      <section aria-labelledby="where-h">
        <h2 id="where-h">Where to find {c.name}</h2>
        {c.locations.length === 0 ? <p>Ask the clinic where {c.name} sees patients.</p> : (
          <ul className="plain">
            {c.locations.map((l) => (
              <li key={l.id} className="card" style={{ marginBottom: '0.5rem' }}>
                <Link to={`/locations/${l.id}`}>{l.name}</Link>
                <p>{l.address.oneLine}</p>
                {l.phone && <p>Phone: <a href={telHref(l.phone)}>{prettyPhone(l.phone)}</a></p>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
