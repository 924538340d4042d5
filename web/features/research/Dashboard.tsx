import { useEffect, useState, type FormEvent } from 'react';
import { GuideComparison } from '../guide/routes';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ApiError, api } from '../../api/client';
import { LABELS, useCampaigns, type Analysis } from './api';
import { Heatmap, Table1, Table4 } from './Tables';
import { ScatterPlots } from './Scatter';
import './research.css';

type Params = {
  condition: string; ageMin: string; ageMax: string; source: 'survey' | 'measured'; campaignId: string;
  windowDays: string; outcome: string; group: string; ns: boolean;
};
const DEFAULTS: Params = { condition: '44054006', ageMin: '', ageMax: '', source: 'survey', campaignId: '', windowDays: '180', outcome: '4548-4', group: 'none', ns: false };
const qs = (p: Params) => new URLSearchParams({ ...p, ns: String(p.ns), campaignId: p.source === 'survey' ? p.campaignId : '' }).toString();

/** /research — the study's tables on live data, with survey answers or measured use as the source. */
export function Dashboard() {
  const campaigns = useCampaigns();
  const [form, setForm] = useState<Params>(DEFAULTS);
  const [run, setRun] = useState<Params | null>(null);
  // First visit: analyse the newest campaign's answers (or measured use when there is no campaign yet).
  useEffect(() => {
    if (run || !campaigns.data) return;
    const first = campaigns.data.campaigns[0];
    const p = first ? { ...DEFAULTS, campaignId: first.id } : { ...DEFAULTS, source: 'measured' as const };
    setForm(p);
    setRun(p);
  }, [campaigns.data, run]);
  const q = useQuery({ queryKey: ['research', 'analysis', run], enabled: !!run, queryFn: () => api<Analysis>(`/api/research/analysis?${qs(run!)}`) });
  const set = <K extends keyof Params>(k: K) => (v: Params[K]) => setForm((f) => ({ ...f, [k]: v }));
  const submit = (e: FormEvent) => { e.preventDefault(); setRun({ ...form }); };
  const data = q.data;
  const outcomeLabel = data ? (data.outcome.code === '4548-4' ? 'HbA1c' : (data.outcome.display ?? data.outcome.code)) : 'HbA1c';
  const err = q.error instanceof ApiError ? q.error.message : q.error ? 'The analysis could not be run. Please try again.' : null;

  return (
    <div className="page">
      <h1>Research dashboard</h1>
      <p className="lead">Repeat the portal-use study on your own patients: how often they use each portal feature, and how that relates to a lab result.
        {' '}<Link to="/research/campaigns">Manage survey campaigns</Link>. <Link to="/research/csv">Analyse a CSV file</Link>.</p>
      <form className="panel" onSubmit={submit} aria-labelledby="filters-h">
        <h2 id="filters-h">Cohort and data</h2>
        <div className="research-filters">
          <div className="field"><label htmlFor="f-cond">Condition (SNOMED code or name)</label>
            <input id="f-cond" value={form.condition} onChange={(e) => set('condition')(e.target.value)} aria-describedby="f-cond-hint" />
            <span className="hint" id="f-cond-hint">44054006 = type 2 diabetes. Empty = all patients.</span></div>
          <div className="field"><label htmlFor="f-amin">Age from</label>
            <input id="f-amin" type="number" min={0} max={120} value={form.ageMin} onChange={(e) => set('ageMin')(e.target.value)} /></div>
          <div className="field"><label htmlFor="f-amax">Age to</label>
            <input id="f-amax" type="number" min={0} max={120} value={form.ageMax} onChange={(e) => set('ageMax')(e.target.value)} /></div>
          <div className="field"><label htmlFor="f-src">Feature use from</label>
            <select id="f-src" value={form.source} onChange={(e) => set('source')(e.target.value as Params['source'])}>
              <option value="survey">Survey answers</option><option value="measured">Measured use (audit trail)</option>
            </select></div>
          {form.source === 'survey' ? (
            <div className="field"><label htmlFor="f-camp">Survey campaign</label>
              <select id="f-camp" value={form.campaignId} onChange={(e) => set('campaignId')(e.target.value)}>
                <option value="">Choose…</option>
                {campaigns.data?.campaigns.map((c) => <option key={c.id} value={c.id}>{c.title} ({c.completed} answers)</option>)}
              </select></div>
          ) : (
            <div className="field"><label htmlFor="f-win">Window (days)</label>
              <input id="f-win" type="number" min={7} max={1095} value={form.windowDays} onChange={(e) => set('windowDays')(e.target.value)} /></div>
          )}
          <div className="field"><label htmlFor="f-out">Outcome (LOINC code)</label>
            <input id="f-out" value={form.outcome} onChange={(e) => set('outcome')(e.target.value)} aria-describedby="f-out-hint" />
            <span className="hint" id="f-out-hint">4548-4 = HbA1c (most recent result).</span></div>
          <div className="field"><label htmlFor="f-group">Compare groups</label>
            <select id="f-group" value={form.group} onChange={(e) => set('group')(e.target.value)}>
              <option value="none">No groups</option><option value="gender">Gender</option><option value="age_group">Age under 65 / 65+</option>
              <option value="diabetes_medication">Diabetes medication</option>
            </select></div>
          <div className="field"><label><input type="checkbox" checked={form.ns} onChange={(e) => set('ns')(e.target.checked)} /> Show NS for non-significant</label></div>
        </div>
        <button type="submit" className="button">Run analysis</button>
      </form>

      {q.isFetching && <p role="status">Running the analysis…</p>}
      {err && <p className="error" role="alert">{err}</p>}
      {data && run && (
        <section aria-labelledby="res-h">
          <h2 id="res-h">Results</h2>
          <p>{data.cohortText}: {data.cohortSize} patients in the cohort, {data.participants} with data
            {run.source === 'measured' ? ` (measured use over the last ${run.windowDays} days)` : ' (completed survey answers)'}.</p>
          {data.message && <p className="warning">{data.message}</p>}
          <p className="row-actions">
            <a className="button secondary" href={`/api/research/report.html?${qs(run)}`} download>Download report (HTML)</a>
            <a className="button secondary" href={`/api/research/report.csv?${qs(run)}`} download>Download tables (CSV)</a>
            <a className="button secondary" href={`/api/research/export.csv?${qs(run)}`} download>De-identified data (CSV)</a>
          </p>
          <p className="hint">Downloads are recorded in the audit log. The de-identified file has random study ids, years instead of dates and ages over 89 as “90+”.</p>
          {data.result && (
            <>
              <Table1 result={data.result} />
              <Table4 result={data.result} outcomeLabel={outcomeLabel} ns={run.ns} />
              <h2>Correlations at a glance</h2>
              <Heatmap result={data.result} outcomeLabel={outcomeLabel} />
              <h2>Use and {outcomeLabel}</h2>
              <ScatterPlots data={data} measured={run.source === 'measured'} outcomeLabel={outcomeLabel} />
            </>
          )}
          {run.source === 'measured' && (
            <details>
              <summary>How measured use is counted</summary>
              <p>Events the patient made in the portal (from the audit trail) are counted per feature, then turned into the survey's 1–6 scale by events per month:</p>
              <ul>{data.bins.map((b) => <li key={b.rating}>{b.rating}: {b.label}</li>)}</ul>
              <div className="table-wrap"><table className="study"><caption>Audit events counted for each feature</caption>
                <thead><tr><th scope="col" className="left">Feature</th><th scope="col" className="left">Events</th></tr></thead>
                <tbody>{data.mapping.map((m) => <tr key={m.feature}><th scope="row">{LABELS[m.feature]}</th><td className="left">{m.events}</td></tr>)}</tbody>
              </table></div>
            </details>
          )}
        </section>
      )}
      <GuideComparison />
    </div>
  );
}
