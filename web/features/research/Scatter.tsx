import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { LABELS, fmt, type Analysis } from './api';

/**
 * Use of each feature against the outcome (one dot per participant, no identifiers). Each chart has a text
 * summary (aria-label) with n and ρ; the numbers are in Table 4 too, so nothing is only in the picture.
 */
export function ScatterPlots({ data, measured, outcomeLabel }: { data: Analysis; measured: boolean; outcomeLabel: string }) {
  const rhoOf = (f: string) => data.result?.table4.outcome.find((o) => o.feature === f);
  return (
    <div className="scatter-grid">
      {data.features.map((f, k) => {
        const pts = data.points
          .map((p) => ({ x: measured && p.counts ? p.counts[k] : p.use[k], y: p.outcome }))
          .filter((p): p is { x: number; y: number } => p.x !== null);
        const r = rhoOf(f);
        const xName = measured ? 'Events in window' : 'Rating (1 = never, 6 = very often)';
        const summary = `${LABELS[f]}: ${pts.length} participants; Spearman rho ${r?.rho === null || !r ? 'not defined' : fmt(r.rho, 2)}${r?.mark ?? ''} with ${outcomeLabel}.`;
        return (
          <figure key={f}>
            <figcaption>{LABELS[f]} vs {outcomeLabel}</figcaption>
            <div role="img" aria-label={summary}>
              <ResponsiveContainer width="100%" height={220}>
                <ScatterChart margin={{ top: 8, right: 12, bottom: 16, left: 0 }} accessibilityLayer={false}>
                  <CartesianGrid stroke="#d0d4da" strokeDasharray="3 3" />
                  <XAxis type="number" dataKey="x" name={xName} stroke="#333" domain={measured ? [0, 'dataMax'] : [1, 6]} allowDecimals={false}
                    label={{ value: measured ? 'events' : 'rating', position: 'insideBottom', offset: -8, fill: '#333', fontSize: 12 }} />
                  <YAxis type="number" dataKey="y" name={outcomeLabel} stroke="#333" width={40} domain={['dataMin - 0.5', 'dataMax + 0.5']} tickFormatter={(v: number) => fmt(v, 1)} />
                  <Tooltip formatter={(v) => fmt(Number(v), 1)} />
                  <Scatter data={pts} fill="#1e5aaa" fillOpacity={0.6} isAnimationActive={false} />
                </ScatterChart>
              </ResponsiveContainer>
            </div>
            <p className="legend-note">{summary}</p>
          </figure>
        );
      })}
    </div>
  );
}
