import { direction, milesBetween, type Point } from './geo';

const W = 400;
const H = 260;
const PAD = 40;

/**
 * The map that always works: an inline drawing of where the clinics are relative to each other (north is up), with the
 * place in focus marked. No tiles, no network, no script library. The description says the same in words.
 */
export function Locator({ points, focusId, title }: { points: Point[]; focusId?: string; title: string }) {
  if (points.length === 0) return null;
  const lat0 = points.reduce((s, p) => s + p.latitude, 0) / points.length;
  const k = Math.cos((lat0 * Math.PI) / 180);
  const xs = points.map((p) => p.longitude * k);
  const ys = points.map((p) => p.latitude);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min((W - 2 * PAD) / Math.max(maxX - minX, 1e-4), (H - 2 * PAD) / Math.max(maxY - minY, 1e-4));
  const cx = (W - (maxX - minX) * scale) / 2;
  const cy = (H - (maxY - minY) * scale) / 2;
  const at = (p: Point) => ({ x: cx + (p.longitude * k - minX) * scale, y: H - cy - (p.latitude - minY) * scale });
  const focus = points.find((p) => p.id === focusId);
  const others = points.filter((p) => p.id !== focusId);
  let desc = `${points.length} locations. North is at the top.`;
  if (focus && others.length) {
    const nearest = others.reduce((a, b) => (milesBetween(focus, a) <= milesBetween(focus, b) ? a : b));
    desc = `${focus.name} is marked with a large pin. The nearest other location, ${nearest.name}, is about ${milesBetween(focus, nearest).toFixed(1)} miles to the ${direction(focus, nearest)}. North is at the top.`;
  }
  const id = `loc-${focusId ?? 'all'}`;
  return (
    <svg className="locator" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`}>
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{desc}</desc>
      <rect x="0" y="0" width={W} height={H} fill="#f2f5f9" />
      {[1, 2, 3].map((i) => <line key={`v${i}`} x1={(W / 4) * i} y1="0" x2={(W / 4) * i} y2={H} stroke="#d5dbe3" />)}
      {[1, 2].map((i) => <line key={`h${i}`} x1="0" y1={(H / 3) * i} x2={W} y2={(H / 3) * i} stroke="#d5dbe3" />)}
      <g aria-hidden="true">
        <text x={W - 14} y="22" textAnchor="end" fontSize="13" fill="#1a1a1a" fontWeight="700">N ↑</text>
        {others.map((p) => {
          const { x, y } = at(p);
          return (
            <g key={p.id}>
              <circle cx={x} cy={y} r="5" fill="#4a4a4a" />
              <text x={x + (x > W / 2 ? -8 : 8)} y={y + 4} textAnchor={x > W / 2 ? 'end' : 'start'} fontSize="11" fill="#1a1a1a">{shortName(p.name)}</text>
            </g>
          );
        })}
        {focus && (() => {
          const { x, y } = at(focus);
          return (
            <g>
              <path d={`M${x} ${y} l-9 -16 a10 10 0 1 1 18 0 z`} fill="#a4161a" stroke="#fff" strokeWidth="1.5" />
              <circle cx={x} cy={y - 19} r="3.5" fill="#fff" />
              <text x={x + (x > W / 2 ? -12 : 12)} y={y - 20} textAnchor={x > W / 2 ? 'end' : 'start'} fontSize="13" fontWeight="700" fill="#1a1a1a"
                stroke="#f2f5f9" strokeWidth="3" paintOrder="stroke">{shortName(focus.name)}</text>
            </g>
          );
        })()}
      </g>
    </svg>
  );
}

const shortName = (n: string) => n.replace(/^Riverbend\s+/, '').slice(0, 28);
