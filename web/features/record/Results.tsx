import { Link } from 'react-router';
import { TZ, calendarDay, useRecord, valueText, type ResultsByDate, type Test } from './api';
import { AskAbout, Loading } from './AskAbout';
import { RecordNav } from './RecordNav';
import './record.css';

/** Test results grouped by day and panel: value, units, the lab's normal range, and a flag in words. */
export function Results() {
  const q = useRecord<ResultsByDate>(`/results/by-date?tz=${encodeURIComponent(TZ)}`);
  const tests = useRecord<{ tests: Test[] }>('/tests');
  const repeated = tests.data?.tests.filter((t) => t.count > 1) ?? [];
  return (
    <div className="page">
      <h1>Test results</h1>
      <RecordNav />
      <p className="lead">Your lab results, newest first. Each result says if it is in the normal range for that lab.</p>
      {repeated.length > 0 && (
        <section aria-labelledby="trends-h" className="panel">
          <h2 id="trends-h">See a test over time</h2>
          <ul className="cards">
            {repeated.map((t) => (
              <li key={t.code} className="card">
                <Link to={`/results/trend/${encodeURIComponent(t.code)}`}>{t.display}</Link>
                <p>{t.count} results{t.hasExplanation ? ' · includes an explanation' : ''}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
      <Loading q={q} />
      {q.data && q.data.days.length === 0 && <p>You have no test results yet.</p>}
      {q.data?.days.map((d) => (
        <section key={d.date} className="result-day" aria-labelledby={`d-${d.date}`}>
          <h2 id={`d-${d.date}`}>{calendarDay(d.date)}</h2>
          {d.panels.map((p) => (
            <div key={p.panel} className="table-wrap">
              <table>
                <caption>{p.panel}{p.outOfRange > 0 ? ` — ${p.outOfRange} outside the normal range` : ''}</caption>
                <thead>
                  <tr><th scope="col">Test</th><th scope="col">Result</th><th scope="col">Normal range</th><th scope="col">Flag</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
                </thead>
                <tbody>
                  {p.results.map((r) => (
                    <tr key={r.id}>
                      <th scope="row"><Link to={`/results/trend/${encodeURIComponent(r.code)}`}>{r.display}</Link></th>
                      <td>{valueText(r.value, r.unit)}</td>
                      <td>{r.rangeText ?? 'Not given by the lab'}</td>
                      <td><span className={`flag flag-${r.flag}`}>{r.flagText}</span></td>
                      <td><AskAbout about={`Question about: ${r.display} on ${d.date}`} label={`${r.display} on ${d.date}`} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}
