import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { day } from './api';

/**
 * Charts are pictures for sighted readers; each comes with a sentence that sums it up (aria-label)
 * and the page shows the same numbers as a table, so nothing is only in the chart.
 */

type Series = { key: string; name: string; color: string; dash?: string };
type Band = { low?: number | null; high?: number | null; label: string };

const fmtTick = (t: number) => new Date(t).toLocaleDateString(undefined, { year: '2-digit', month: 'short' });

export function TimeChart({ title, summary, data, series, unit, band, lines = [] }: {
  title: string; summary: string; data: Record<string, number | string>[]; series: Series[]; unit: string;
  band?: Band | null; lines?: { y: number; label: string }[];
}) {
  const rows: Record<string, number | string>[] = data.map((d) => ({ ...d, t: new Date(d.effectiveAt as string).getTime() }));
  const values = rows.flatMap((r) => series.map((s) => r[s.key] as number)).filter((v) => typeof v === 'number');
  const extra = [band?.low, band?.high, ...lines.map((l) => l.y)].filter((v): v is number => typeof v === 'number');
  const lo = Math.min(...values, ...extra);
  const hi = Math.max(...values, ...extra);
  const pad = (hi - lo) * 0.15 || 1;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div role="img" aria-label={summary}>
        <ResponsiveContainer width="100%" height={280}>
          <LineChart data={rows} margin={{ top: 10, right: 16, bottom: 4, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#d0d4da" strokeDasharray="3 3" />
            <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={fmtTick} stroke="#333" />
            <YAxis domain={[Math.floor(Math.max(0, lo - pad)), Math.ceil(hi + pad)]} stroke="#333" width={48} unit={unit === '%' ? '%' : ''} />
            {band && (band.low != null || band.high != null) && (
              <ReferenceArea y1={band.low ?? Math.max(0, lo - pad)} y2={band.high ?? hi + pad} fill="#1e6b30" fillOpacity={0.12} stroke="#1e6b30" strokeDasharray="4 2"
                label={{ value: band.label, position: 'insideTopLeft', fill: '#1e6b30', fontSize: 13 }} />
            )}
            {lines.map((l) => <ReferenceLine key={l.label} y={l.y} stroke="#4a4a4a" strokeDasharray="6 3" label={{ value: l.label, position: 'insideBottomRight', fill: '#333', fontSize: 12 }} />)}
            <Tooltip labelFormatter={(t) => day(new Date(Number(t)).toISOString())} formatter={(v, n) => [`${v}${unit === '%' ? '%' : ` ${unit}`}`, n]} />
            {series.length > 1 && <Legend />}
            {series.map((s) => (
              <Line key={s.key} type="monotone" dataKey={s.key} name={s.name} stroke={s.color} strokeWidth={2.5} strokeDasharray={s.dash}
                dot={{ r: 4 }} isAnimationActive={false} connectNulls />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
