import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { prettyPhone, telHref } from '../directory/phone';
import type { Location } from './Locations';
import { Locator } from './Locator';
import { TileMap } from './TileMap';
import '../billing/billing.css';
import { hoursText } from '../../components/hours';
import { useTranslation } from 'react-i18next';

type Detail = {
  location: Location;
  clinic: { name: string; hours: string | null; phones: { label: string; number: string; kind: string }[] } | null;
  others: { id: string; name: string; latitude: number; longitude: number }[];
  clinicians: { id: string; displayName: string; specialties: string[] }[];
};

export function LocationDetail() {
  const { locationId = '' } = useParams();
  const { t } = useTranslation(['locations', 'common']);
  const q = useQuery({ queryKey: ['locations', locationId], queryFn: () => api<Detail>(`/api/locations/${locationId}`) });
  const map = useQuery({ queryKey: ['directory', 'map-config'], queryFn: () => api<{ tileUrl: string | null; attribution: string | null }>('/api/directory/map-config'), staleTime: Infinity });
  const [tilesFailed, setTilesFailed] = useState(false);
  if (q.isLoading) return <div className="page"><h1>{t('detail.title')}</h1><p role="status">{t('common:loading')}</p></div>;
  if (!q.data) return <div className="page"><h1>{t('detail.title')}</h1><p className="error" role="alert">{t('detail.notFound')}</p><Link to="/locations">{t('detail.all')}</Link></div>;
  const { location: l, clinic, others, clinicians } = q.data;
  const hasPoint = l.latitude !== null && l.longitude !== null;
  const useTiles = hasPoint && !!map.data?.tileUrl && !tilesFailed;
  const points = hasPoint ? [{ id: l.id, name: l.name, latitude: l.latitude as number, longitude: l.longitude as number }, ...others] : [];
  return (
    <div className="page">
      <p><Link to="/locations">{t('detail.allBack')}</Link></p>
      <h1>{l.name}</h1>
      {l.clinicName && <p className="lead">{l.clinicName}</p>}
      <address>
        <p>{l.address.line}<br />{l.address.city}, {l.address.state} {l.address.postalCode}</p>
      </address>
      <div className="actions">
        {l.directionsUrl && <a className="button" href={l.directionsUrl} target="_blank" rel="noopener noreferrer">{t('detail.directions')}<span className="visually-hidden"> {t('detail.newTab')}</span></a>}
        {l.geoUri && <a className="button secondary" href={l.geoUri}>{t('detail.mapApp')}</a>}
        {l.phone && <a className="button secondary" href={telHref(l.phone)}>{t('detail.call', { phone: prettyPhone(l.phone) })}</a>}
      </div>
      {hasPoint && (
        <figure className="map-box">
          {useTiles
            ? <TileMap tileUrl={map.data!.tileUrl!} lat={l.latitude as number} lng={l.longitude as number} label={l.name} onFail={() => setTilesFailed(true)} />
            : <Locator points={points} focusId={l.id} title={t('detail.whereCompared', { name: l.name })} />}
          <figcaption>
            {useTiles ? (map.data?.attribution ?? t('detail.map')) : t('detail.sketch')} {t('detail.address', { address: l.address.oneLine })}
          </figcaption>
        </figure>
      )}
      <section aria-labelledby="visit-h">
        <h2 id="visit-h">{t('detail.beforeYouGo')}</h2>
        <dl className="summary-list">
          <dt>{t('detail.hours')}</dt><dd>{l.hours ?? clinic?.hours ? hoursText((l.hours ?? clinic?.hours)!) : t('detail.callToAsk')}</dd>
          <dt>{t('detail.parking')}</dt><dd>{l.parkingNotes ?? t('detail.parkingAsk')}</dd>
          <dt>{t('detail.entrance')}</dt><dd>{l.entranceNotes ?? '—'}</dd>
          <dt>{t('detail.accessibility')}</dt><dd>{l.accessibilityNotes ?? t('detail.accessAsk')}</dd>
        </dl>
      </section>
      {clinic && clinic.phones.length > 0 && (
        <section aria-labelledby="phones-h">
          <h2 id="phones-h">{t('detail.phones')}</h2>
          <ul className="phone-list">
            {clinic.phones.map((p) => <li key={p.kind}>{p.label}: <a href={telHref(p.number)}>{prettyPhone(p.number)}</a></li>)}
          </ul>
        </section>
      )}
      {clinicians.length > 0 && (
        <section aria-labelledby="docs-h">
          <h2 id="docs-h">{t('detail.clinicians')}</h2>
          <ul className="plain">
            {clinicians.map((c) => <li key={c.id}><Link to={`/find-a-doctor/${c.id}`}>{c.displayName}</Link> — {c.specialties.join(', ')}</li>)}
          </ul>
        </section>
      )}
    </div>
  );
}
