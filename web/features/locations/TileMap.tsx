import { useState } from 'react';
import { worldPixel } from './geo';
import { useTranslation } from 'react-i18next';

const ZOOM = 15;

/**
 * A plain <img> tile map (no map library): the tiles around the point from the configured tile server, with a pin in the
 * middle. If any tile fails to load (offline, server down), it calls onFail and the page shows the static locator instead.
 */
export function TileMap({ tileUrl, lat, lng, label, onFail }: { tileUrl: string; lat: number; lng: number; label: string; onFail: () => void }) {
  const [loaded, setLoaded] = useState(0);
  const { t } = useTranslation('locations');
  const p = worldPixel(lat, lng, ZOOM);
  const tiles: { x: number; y: number }[] = [];
  for (let tx = Math.floor((p.x - 420) / 256); tx <= Math.floor((p.x + 420) / 256); tx++)
    for (let ty = Math.floor((p.y - 160) / 256); ty <= Math.floor((p.y + 160) / 256); ty++) tiles.push({ x: tx, y: ty });
  const src = (t: { x: number; y: number }) => tileUrl.replace('{z}', String(ZOOM)).replace('{x}', String(t.x)).replace('{y}', String(t.y)).replace('{s}', 'a');
  return (
    <div className="tiles" role="img" aria-label={`${t('tiles.label', { name: label })} ${loaded < tiles.length ? t('tiles.loading') : ''}`}>
      {tiles.map((t) => (
        <img key={`${t.x}-${t.y}`} src={src(t)} alt="" loading="lazy" onError={onFail} onLoad={() => setLoaded((n) => n + 1)}
          style={{ left: `calc(50% + ${t.x * 256 - p.x}px)`, top: `calc(50% + ${t.y * 256 - p.y}px)` }} />
      ))}
      <svg className="pin" viewBox="0 0 24 24" aria-hidden="true" style={{ left: '50%', top: '50%' }}>
        <path d="M12 24 L3 10 a9 9 0 1 1 18 0 z" fill="#a4161a" stroke="#fff" strokeWidth="1.5" />
        <circle cx="12" cy="9" r="3.5" fill="#fff" />
      </svg>
    </div>
  );
}
