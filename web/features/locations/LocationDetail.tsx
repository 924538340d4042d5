import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { prettyPhone, telHref } from '../directory/phone';
import type { Location } from './Locations';
import { Locator } from './Locator';
import { TileMap } from './TileMap';
import '../billing/billing.css';

type Detail = {
  location: Location;
  clinic: { name: string; hours: string | null; phones: { label: string; number: string; kind: string }[] } | null;
  others: { id: string; name: string; latitude: number; longitude: number }[];
  clinicians: { id: string; displayName: string; specialties: string[] }[];
};

export function LocationDetail() {
  const { locationId = '' } = useParams();
  const q = useQuery({ queryKey: ['locations', locationId], queryFn: () => api<Detail>(`/api/locations/${locationId}`) });
  const map = useQuery({ queryKey: ['directory', 'map-config'], queryFn: () => api<{ tileUrl: string | null; attribution: string | null }>('/api/directory/map-config'), staleTime: Infinity });
  const [tilesFailed, setTilesFailed] = useState(false);
  if (q.isLoading) return <div className="page"><h1>Location</h1><p role="status">Loading…</p></div>;
  if (!q.data) return <div className="page"><h1>Location</h1><p className="error" role="alert">This location was not found.</p><Link to="/locations">All locations</Link></div>;
  const { location: l, clinic, others, clinicians } = q.data;
  const hasPoint = l.latitude !== null && l.longitude !== null;
  const useTiles = hasPoint && !!map.data?.tileUrl && !tilesFailed;
  const points = hasPoint ? [{ id: l.id, name: l.name, latitude: l.latitude as number, longitude: l.longitude as number }, ...others] : [];
  return (
    <div className="page">
      <p><Link to="/locations">← All locations</Link></p>
      <h1>{l.name}</h1>
      {l.clinicName && <p className="lead">{l.clinicName}</p>}
      <address>
        <p>{l.address.line}<br />{l.address.city}, {l.address.state} {l.address.postalCode}</p>
      </address>
      <div className="actions">
        {l.directionsUrl && <a className="button" href={l.directionsUrl} target="_blank" rel="noopener noreferrer">Get directions<span className="visually-hidden"> (opens Google Maps in a new tab)</span></a>}
        {l.geoUri && <a className="button secondary" href={l.geoUri}>Open in my map app</a>}
        {l.phone && <a className="button secondary" href={telHref(l.phone)}>Call {prettyPhone(l.phone)}</a>}
      </div>
      {hasPoint && (
        <figure className="map-box">
          {useTiles
            ? <TileMap tileUrl={map.data!.tileUrl!} lat={l.latitude as number} lng={l.longitude as number} label={l.name} onFail={() => setTilesFailed(true)} />
            : <Locator points={points} focusId={l.id} title={`Where ${l.name} is, compared with our other locations`} />}
          <figcaption>
            {useTiles ? (map.data?.attribution ?? 'Map') : 'Sketch map (north is up).'} Address: {l.address.oneLine}.
          </figcaption>
        </figure>
      )}
      <section aria-labelledby="visit-h">
        <h2 id="visit-h">Before you go</h2>
        <dl className="summary-list">
          <dt>Hours</dt><dd>{l.hours ?? clinic?.hours ?? 'Call to ask'}</dd>
          <dt>Parking</dt><dd>{l.parkingNotes ?? 'Call to ask about parking.'}</dd>
          <dt>Entrance</dt><dd>{l.entranceNotes ?? '—'}</dd>
          <dt>Accessibility</dt><dd>{l.accessibilityNotes ?? 'Call us to ask about access needs.'}</dd>
        </dl>
      </section>
      {clinic && clinic.phones.length > 0 && (
        <section aria-labelledby="phones-h">
          <h2 id="phones-h">Phone numbers</h2>
          <ul className="phone-list">
            {clinic.phones.map((p) => <li key={p.kind}>{p.label}: <a href={telHref(p.number)}>{prettyPhone(p.number)}</a></li>)}
          </ul>
        </section>
      )}
      {clinicians.length > 0 && (
        <section aria-labelledby="docs-h">
          <h2 id="docs-h">Clinicians who see patients here</h2>
          <ul className="plain">
            {clinicians.map((c) => <li key={c.id}><Link to={`/find-a-doctor/${c.id}`}>{c.displayName}</Link> — {c.specialties.join(', ')}</li>)}
          </ul>
        </section>
      )}
    </div>
  );
}
