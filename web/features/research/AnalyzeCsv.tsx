import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError, api } from '../../api/client';
import type { AnalysisResult } from './api';
import { Table1, Table4 } from './Tables';
import './research.css';

type Out = { result: AnalysisResult & { options: { inferred: string[] } }; tablesCsv: string };
const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

/** /research/csv — the `portico analyze` tables from a CSV file chosen in the browser. */
export function AnalyzeCsv() {
  const [file, setFile] = useState<File | null>(null);
  const [categorical, setCategorical] = useState('');
  const [continuous, setContinuous] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [out, setOut] = useState<Out | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!file) { setError('Choose a CSV file first.'); return; }
    setBusy(true);
    try {
      const body: Record<string, unknown> = { csv: await file.text() };
      if (list(categorical).length) body.categorical = list(categorical);
      if (list(continuous).length) body.continuous = list(continuous);
      setOut(await api<Out>('/api/research/analysis/csv', { method: 'POST', body }));
    } catch (err) {
      setOut(null);
      setError(err instanceof ApiError ? err.message : 'The file could not be analysed. Please try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page">
      <h1>Analyse a study CSV</h1>
      <p className="lead">Table 1 and Table 4 from your own file, as <code>portico analyze</code> makes them. The file is analysed and not stored.
        {' '}<Link to="/research">Back to the dashboard</Link>.</p>
      <form className="panel" onSubmit={submit} aria-labelledby="csv-h">
        <h2 id="csv-h">File and columns</h2>
        <div className="field"><label htmlFor="csv-file">CSV file</label>
          <input id="csv-file" type="file" accept=".csv,text/csv" aria-describedby="csv-file-hint" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          <span className="hint" id="csv-file-hint">A header row, then one row per participant. Empty cells are missing.</span></div>
        <div className="field"><label htmlFor="csv-cat">Categorical columns (optional)</label>
          <input id="csv-cat" value={categorical} onChange={(e) => setCategorical(e.target.value)} aria-describedby="csv-type-hint" /></div>
        <div className="field"><label htmlFor="csv-cont">Continuous columns (optional)</label>
          <input id="csv-cont" value={continuous} onChange={(e) => setContinuous(e.target.value)} aria-describedby="csv-type-hint" />
          <span className="hint" id="csv-type-hint">Comma-separated column names. Left empty, a column whose values are not all numbers is described as categorical.</span></div>
        <button type="submit" className="button" disabled={busy}>Analyse the file</button>
      </form>
      {busy && <p role="status">Running the analysis…</p>}
      {error && <p className="error" role="alert">{error}</p>}
      {out && (
        <section aria-labelledby="csv-res-h">
          <h2 id="csv-res-h">Results</h2>
          {out.result.options.inferred.length > 0 && (
            <p className="notice">Described as categorical because their values are not all numbers: {out.result.options.inferred.join(', ')}.</p>
          )}
          {out.result.warnings.length > 0 && (
            <details><summary>Notes ({out.result.warnings.length})</summary><ul>{out.result.warnings.map((w) => <li key={w}>{w}</li>)}</ul></details>
          )}
          <p className="row-actions">
            <a className="button secondary" download="portal-use-tables.csv" href={`data:text/csv;charset=utf-8,${encodeURIComponent(out.tablesCsv)}`}>Download tables (CSV)</a>
          </p>
          <Table1 result={out.result} />
          <Table4 result={out.result} outcomeLabel="HbA1c" ns={false} />
        </section>
      )}
    </div>
  );
}
