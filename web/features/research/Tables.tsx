import { LABELS, fmt, fmtP, type AnalysisResult, type Correlation } from './api';

const label = (name: string) => LABELS[name] ?? name;
const rhoText = (rho: number | null, mark: string, ns: boolean) => (rho === null ? '—' : ns && !mark ? 'NS' : `${fmt(rho, 2)}${mark}`);
const MARKS = 'Marks: # p < 0.08, * p < 0.05, ** p < 0.01 (two-sided Spearman test).';

/** Table 1: characteristics overall and by group, with the group test's p-value. */
export function Table1({ result }: { result: AnalysisResult }) {
  const { groups, groupN, variables } = result.table1;
  const grouped = groups.length > 0;
  return (
    <div className="table-wrap">
      <table className="study">
        <caption>Table 1. Participant characteristics{grouped ? ' by group' : ''} (n = {result.n})</caption>
        <thead>
          <tr>
            <th scope="col" className="left">Characteristic</th>
            <th scope="col">Overall</th>
            {groups.map((g) => <th key={g} scope="col">{g} (n = {groupN[g]})</th>)}
            {grouped && <th scope="col">p</th>}
          </tr>
        </thead>
        <tbody>
          {variables.flatMap((v) => {
            if (v.type === 'continuous') {
              const cell = (s: { n: number; mean: number | null; sd: number | null }) => (s.n ? `${fmt(s.mean)} (${fmt(s.sd)})` : '—');
              return [(
                <tr key={v.name}>
                  <th scope="row">{v.label}, mean (SD)</th>
                  <td>{cell(v.overall)}</td>
                  {groups.map((g) => <td key={g}>{cell(v.byGroup[g])}</td>)}
                  {grouped && <td>{v.test ? fmtP(v.test.p) : '—'}</td>}
                </tr>
              )];
            }
            return [
              <tr key={v.name}>
                <th scope="row">{v.label}, n (%)</th><td /> {groups.map((g) => <td key={g} />)}
                {grouped && <td>{v.test ? fmtP(v.test.p) : '—'}</td>}
              </tr>,
              ...v.overall.levels.map((l) => (
                <tr key={`${v.name}-${l.level}`} className="level">
                  <th scope="row">{l.level}</th>
                  <td>{l.count} ({fmt(l.pct)}%)</td>
                  {groups.map((g) => {
                    const x = v.byGroup[g].levels.find((y) => y.level === l.level);
                    return <td key={g}>{x ? `${x.count} (${fmt(x.pct)}%)` : '—'}</td>;
                  })}
                  {grouped && <td />}
                </tr>
              )),
            ];
          })}
        </tbody>
      </table>
      {grouped && <p className="legend-note">Continuous: Mann–Whitney U (2 groups) or Kruskal–Wallis (3+). Categorical: Fisher's exact test.</p>}
    </div>
  );
}

/** Table 4: per feature n, mean (SD), % frequent use, ρ with the outcome, and ρ between features (lower triangle). */
export function Table4({ result, outcomeLabel, ns }: { result: AnalysisResult; outcomeLabel: string; ns: boolean }) {
  const { features, correlations, outcome, frequentThreshold } = result.table4;
  const rho = (a: string, b: string) => correlations.find((c) => (c.a === a && c.b === b) || (c.a === b && c.b === a));
  return (
    <div className="table-wrap">
      <table className="study" aria-describedby="t4-notes">
        <caption>Table 4. Portal feature use and Spearman correlations</caption>
        <thead>
          <tr>
            <th scope="col" className="left">Feature</th><th scope="col">n</th><th scope="col">Mean (SD)</th>
            <th scope="col">Frequent use (≥ {frequentThreshold})</th><th scope="col">ρ with {outcomeLabel}</th>
            {features.slice(0, -1).map((f, i) => <th key={f.name} scope="col"><abbr title={label(f.name)}>{i + 1}</abbr></th>)}
          </tr>
        </thead>
        <tbody>
          {features.map((f, i) => {
            const o = outcome.find((x) => x.feature === f.name);
            return (
              <tr key={f.name}>
                <th scope="row">{i + 1}. {label(f.name)}</th>
                <td>{f.n}</td><td>{fmt(f.mean)} ({fmt(f.sd)})</td><td>{fmt(f.frequentUsePct, 0)}%</td>
                <td>{o ? rhoText(o.rho, o.mark, ns) : '—'}</td>
                {features.slice(0, -1).map((g, j) => {
                  const c: Correlation | undefined = j < i ? rho(f.name, g.name) : undefined;
                  return <td key={g.name}>{j < i && c ? rhoText(c.rho, c.mark, ns) : ''}</td>;
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p id="t4-notes" className="legend-note">{MARKS}{ns ? ' NS = not significant (p ≥ 0.08).' : ''} Frequent use = rating {frequentThreshold} or more. Columns 1–9 are the features in row order.</p>
    </div>
  );
}

/** Cell colour for ρ (blue positive, brown negative, stronger = darker) and the text colour with the better contrast (always ≥ 4.5:1). */
function shade(rho: number | null): { background: string; color: string } {
  if (rho === null) return { background: '#f2f2f2', color: '#111' };
  const a = 0.08 + 0.85 * Math.min(1, Math.abs(rho));
  const base = rho >= 0 ? [20, 80, 160] : [150, 70, 10];
  const rgb = base.map((c) => Math.round(255 * (1 - a) + c * a));
  const lin = rgb.map((c) => { const v = c / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  const L = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  const color = (L + 0.05) / 0.05 >= 1.05 / (L + 0.05) ? '#000' : '#fff';
  return { background: `rgb(${rgb.join(',')})`, color };
}

/** Correlation heatmap as a table: every cell shaded by ρ and showing the number (and mark), so colour is never the only cue. */
export function Heatmap({ result, outcomeLabel }: { result: AnalysisResult; outcomeLabel: string }) {
  const names = result.table4.features.map((f) => f.name);
  const get = (a: string, b: string) => {
    if (a === b) return { rho: 1, mark: '' };
    const c = result.table4.correlations.find((x) => (x.a === a && x.b === b) || (x.a === b && x.b === a));
    return c ? { rho: c.rho, mark: c.mark } : { rho: null, mark: '' };
  };
  const cell = (key: string, rho: number | null, mark: string) => {
    const s = shade(rho);
    return <td key={key} style={{ background: s.background, color: s.color }}>{rho === null ? '—' : `${fmt(rho, 2)}${mark}`}</td>;
  };
  return (
    <div className="table-wrap">
      <table className="study heatmap" aria-describedby="heat-notes">
        <caption>Correlation heatmap (Spearman ρ)</caption>
        <thead>
          <tr><th scope="col" className="left">Feature</th>{names.map((n, i) => <th key={n} scope="col"><abbr title={label(n)}>{i + 1}</abbr></th>)}<th scope="col">{outcomeLabel}</th></tr>
        </thead>
        <tbody>
          {names.map((a, i) => {
            const o = result.table4.outcome.find((x) => x.feature === a);
            return (
              <tr key={a}>
                <th scope="row">{i + 1}. {label(a)}</th>
                {names.map((b) => { const c = get(a, b); return cell(b, c.rho, c.mark); })}
                {cell('outcome', o?.rho ?? null, o?.mark ?? '')}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p id="heat-notes" className="legend-note">Darker blue = stronger positive ρ; darker orange = stronger negative ρ. {MARKS}</p>
    </div>
  );
}
