import { direction, milesBetween, type Point } from './geo';
import { useTranslation } from 'react-i18next';

const W = 400;
const H = 260;
const PAD = 40;

/**
 * The map that always works: an inline drawing of where the clinics are relative to each other (north is up), with the
 * place in focus marked. No tiles, no network, no script library. The description says the same in words.
 */
export function Locator({ points, focusId, title }: { points: Point[]; focusId?: string; title: string }) {
  const { t } = useTranslation('locations');
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
  let desc = t('locator.count', { count: points.length });
  if (focus && others.length) {
    const nearest = others.reduce((a, b) => (milesBetween(focus, a) <= milesBetween(focus, b) ? a : b));
    desc = t('locator.nearest', { focus: focus.name, nearest: nearest.name, miles: milesBetween(focus, nearest).toFixed(1), direction: t(`locator.${direction(focus, nearest)}`) });
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
              <Label x={x} y={y + 4} gap={8} size={11} text={shortName(p.name)} />
            </g>
          );
        })}
        {focus && (() => {
          const { x, y } = at(focus);
          return (
            <g>
              <path d={`M${x} ${y} l-9 -16 a10 10 0 1 1 18 0 z`} fill="#a4161a" stroke="#fff" strokeWidth="1.5" />
              <circle cx={x} cy={y - 19} r="3.5" fill="#fff" />
              <Label x={x} y={y - 20} gap={12} size={13} bold text={shortName(focus.name)} />
            </g>
          );
        })()}
      </g>
    </svg>
  );
}

const shortName = (n: string) => n.replace(/^Riverbend\s+/, '');

/**
 * A map label that is never cut off at the edge of the drawing: it goes on the side of the dot with room for it, and a
 * name too long for either side is split over two lines and centred within the drawing.
 */
function Label({ x, y, gap, size, text, bold = false }: { x: number; y: number; gap: number; size: number; text: string; bold?: boolean }) {
  const width = (t: string) => t.length * size * (bold ? 0.62 : 0.56);
  const edge = 4;
  const paint = { fontSize: size, fontWeight: bold ? 700 : 400, fill: '#1a1a1a', stroke: '#f2f5f9', strokeWidth: 3, paintOrder: 'stroke' as const };
  const fitsRight = x + gap + width(text) <= W - edge;
  const fitsLeft = x - gap - width(text) >= edge;
  if (fitsRight && (x <= W / 2 || !fitsLeft)) return <text x={x + gap} y={y} textAnchor="start" {...paint}>{text}</text>;
  if (fitsLeft) return <text x={x - gap} y={y} textAnchor="end" {...paint}>{text}</text>;
  // Two lines, split at the space nearest the middle, centred and kept inside the drawing.
  const words = text.split(' ');
  let best = 1;
  for (let i = 1; i < words.length; i++) {
    if (Math.abs(words.slice(0, i).join(' ').length - text.length / 2) < Math.abs(words.slice(0, best).join(' ').length - text.length / 2)) best = i;
  }
  const lines = words.length > 1 ? [words.slice(0, best).join(' '), words.slice(best).join(' ')] : [text];
  const half = Math.max(...lines.map(width)) / 2;
  const cx = Math.min(Math.max(x, edge + half), W - edge - half);
  const top = y + size + 4 + (lines.length - 1) * size * 1.15 > H - edge ? y - size * 1.6 - (lines.length - 1) * size * 1.15 : y + size + 2;
  return (
    <text x={cx} y={top} textAnchor="middle" {...paint}>
      {lines.map((l, i) => <tspan key={i} x={cx} dy={i === 0 ? 0 : size * 1.15}>{l}</tspan>)}
    </text>
  );
}
