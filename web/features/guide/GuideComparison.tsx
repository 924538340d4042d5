import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

// Research dashboard (issue 16): messaging use of patients who saw the guide or were asked by a clinician, against
// patients who were neither. Counts: Mann–Whitney U; any use: Fisher's exact test (the study's tests, from stats/).
// De-identified: group figures only; the CSV has random study ids. Staff screen: English.

type Summary = { key: string; label: string; n: number; messages: number; meanMessages: number | null; medianMessages: number | null;
  anyUse: number; anyUsePct: number | null; medianDaysToFirst: number | null };
type Comparison = { group: Summary; control: Summary; mannWhitney: { u: number; z: number | null; p: number | null } | null; fisher: { p: number; method: string } | null };
type Out = { windowDays: number; patients: number; overall: Comparison; saw: Comparison; asked: Comparison; byClinician: (Comparison & { clinician: string })[] };

const num = (x: number | null, d = 2) => (x === null ? '—' : x.toFixed(d).replace(/\.?0+$/, '') || '0');
const pv = (p: number | null | undefined) => (p === null || p === undefined ? '—' : p < 0.001 ? '< 0.001' : p.toFixed(3));

export function GuideComparison() {
  const [windowDays, setWindowDays] = useState(365);
  const [asked, setAsked] = useState(365);
  const q = useQuery({ queryKey: ['guide-comparison', asked], queryFn: () => api<Out>(`/api/research/guide-comparison?windowDays=${asked}`) });
  const rows: [string, Comparison][] = q.data ? [
    ['Saw the guide or asked by a clinician', q.data.overall], ['Saw the guide', q.data.saw], ['Asked by a clinician', q.data.asked],
    ...q.data.byClinician.map((b): [string, Comparison] => [`Asked by ${b.clinician}`, b]),
  ] : [];
  return (
    <section aria-labelledby="guide-cmp-h">
      <h2 id="guide-cmp-h">Does explaining messaging help?</h2>
      <p>Messages patients wrote over the last {asked} days: patients who saw the “How messaging works” guide or were asked by a
        clinician to message, compared with patients who were neither. Counts are compared with the Mann–Whitney U test, any use with
        Fisher’s exact test. Days to first message count from the day the patient saw the guide or was asked (else from the window start).</p>
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); setAsked(windowDays); }}>
        <div className="field"><label htmlFor="guide-cmp-days">Window (days)</label>
          <input id="guide-cmp-days" type="number" min={7} max={1095} value={windowDays} onChange={(e) => setWindowDays(Number(e.target.value))} /></div>
        <button className="button secondary" type="submit">Compare</button>
      </form>
      {q.isLoading && <p role="status">Loading…</p>}
      {q.isError && <p className="error" role="alert">The comparison could not be loaded.</p>}
      {q.data && (
        <>
          <p>{q.data.patients} patients. Not guided (comparison group): {q.data.overall.control.n} patients, {num(q.data.overall.control.meanMessages)} messages
            each on average, {num(q.data.overall.control.anyUsePct, 1)}% wrote at least one.</p>
          <div className="table-wrap">
            <table className="study" data-testid="guide-comparison">
              <caption>Messaging use: guided patients vs. patients who were neither shown the guide nor asked</caption>
              <thead><tr>
                <th scope="col" className="left">Group</th><th scope="col">Patients</th><th scope="col">Messages per patient (mean)</th>
                <th scope="col">Median</th><th scope="col">Wrote any (%)</th><th scope="col">Median days to first message</th>
                <th scope="col">Mann–Whitney p</th><th scope="col">Fisher p</th>
              </tr></thead>
              <tbody>{rows.map(([label, c]) => (
                <tr key={label}>
                  <th scope="row" className="left">{label}</th><td>{c.group.n}</td><td>{num(c.group.meanMessages)}</td><td>{num(c.group.medianMessages)}</td>
                  <td>{num(c.group.anyUsePct, 1)}</td><td>{num(c.group.medianDaysToFirst, 1)}</td><td>{pv(c.mannWhitney?.p)}</td><td>{pv(c.fisher?.p)}</td>
                </tr>
              ))}</tbody>
            </table>
          </div>
          <p className="row-actions"><a className="button secondary" href={`/api/research/guide-comparison.csv?windowDays=${asked}`} download>Guide comparison, de-identified (CSV)</a></p>
        </>
      )}
    </section>
  );
}
