import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { prettyPhone, telHref } from '../directory/phone';
import { Locator } from './Locator';
import '../billing/billing.css';
import { hoursText } from '../../components/hours';
import { useTranslation } from 'react-i18next';

export type Location = {
  id: string; name: string; clinicId: string | null; clinicName: string | null;
  address: { line: string; city: string; state: string; postalCode: string; oneLine: string };
  latitude: number | null; longitude: number | null; phone: string | null; hours: string | null;
  parkingNotes: string | null; entranceNotes: string | null; accessibilityNotes: string | null; directionsUrl: string | null; geoUri: string | null;
};

export function Locations() {
  const { t } = useTranslation('locations');
  const q = useQuery({ queryKey: ['locations'], queryFn: () => api<{ locations: Location[] }>('/api/locations') });
  const points = (q.data?.locations ?? []).filter((l) => l.latitude !== null && l.longitude !== null)
    .map((l) => ({ id: l.id, name: l.name, latitude: l.latitude as number, longitude: l.longitude as number }));
  return (
    <div className="page">
      <h1>{t('title')}</h1>
      {q.isLoading && <p role="status">{t('loading')}</p>}
      {q.isError && <p className="error" role="alert">{t('loadError')}</p>}
      {q.data && (
        <>
          <ul className="cards">
            {q.data.locations.map((l) => (
              <li key={l.id} className="card">
                <h2 style={{ marginTop: 0 }}><Link to={`/locations/${l.id}`}>{l.name}</Link></h2>
                {l.clinicName && <p>{l.clinicName}</p>}
                <address><p>{l.address.line}<br />{l.address.city}, {l.address.state} {l.address.postalCode}</p></address>
                {l.hours && <p>{t('open', { hours: hoursText(l.hours) })}</p>}
                {l.phone && <p>{t('phone')} <a href={telHref(l.phone)}>{prettyPhone(l.phone)}</a></p>}
                <p><Link to={`/locations/${l.id}`}>{t('details')}<span className="visually-hidden"> {t('detailsFor', { name: l.name })}</span></Link></p>
              </li>
            ))}
          </ul>
          {points.length > 1 && (
            <figure className="map-box" style={{ marginTop: '1.5rem' }}>
              <Locator points={points} title={t('mapTitle')} />
              <figcaption>{t('mapCaption')}</figcaption>
            </figure>
          )}
        </>
      )}
    </div>
  );
}
