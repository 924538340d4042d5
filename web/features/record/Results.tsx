import { Link } from 'react-router';
import { TZ, calendarDay, useRecord, valueText, type ResultsByDate, type Test } from './api';
import { AskAbout, Loading } from './AskAbout';
import { RecordNav } from './RecordNav';
import './record.css';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../i18n/format';

/** Test results grouped by day and panel: value, units, the lab's normal range, and a flag in words. */
export function Results() {
  const { t: tr } = useTranslation('record');
  const q = useRecord<ResultsByDate>(`/results/by-date?tz=${encodeURIComponent(TZ)}`);
  const tests = useRecord<{ tests: Test[] }>('/tests');
  const repeated = tests.data?.tests.filter((t) => t.count > 1) ?? [];
  return (
    <div className="page">
      <h1>{tr('results.title')}</h1>
      <RecordNav />
      <p className="lead">{tr('results.lead')}</p>
      {repeated.length > 0 && (
        <section aria-labelledby="trends-h" className="panel">
          <h2 id="trends-h">{tr('results.overTime')}</h2>
          <ul className="cards">
            {repeated.map((t) => (
              <li key={t.code} className="card">
                <Link to={`/results/trend/${encodeURIComponent(t.code)}`}>{t.display}</Link>
                <p>{tr('results.count', { count: t.count })}{t.hasExplanation ? ` · ${tr('results.withExplanation')}` : ''}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
      <Loading q={q} />
      {q.data && q.data.days.length === 0 && <p>{tr('results.none')}</p>}
      {q.data?.days.map((d) => (
        <section key={d.date} className="result-day" aria-labelledby={`d-${d.date}`}>
          <h2 id={`d-${d.date}`}>{calendarDay(d.date)}</h2>
          {d.panels.map((p) => (
            <div key={p.panel} className="table-wrap">
              <table>
                <caption>{p.panel}{p.outOfRange > 0 ? ` — ${tr('results.outside', { count: p.outOfRange })}` : ''}</caption>
                <thead>
                  <tr><th scope="col">{tr('results.test')}</th><th scope="col">{tr('results.result')}</th><th scope="col">{tr('results.range')}</th><th scope="col">{tr('results.flag')}</th><th scope="col"><span className="visually-hidden">{tr('results.actions')}</span></th></tr>
                </thead>
                <tbody>
                  {p.results.map((r) => (
                    <tr key={r.id}>
                      <th scope="row"><Link to={`/results/trend/${encodeURIComponent(r.code)}`}>{r.display}</Link></th>
                      <td>{valueText(r.value, r.unit)}{r.unit === 'mL/min/1.73m2' && <span className="hint"><br />{tr('results.egfrUnit')}</span>}</td>
                      <td>{r.rangeText ?? tr('results.noRange')}</td>
                      <td><span className={`flag flag-${r.flag}`}>{r.flagText}</span></td>
                      <td><AskAbout about={tr('askAbout', { what: r.display, date: formatDate(d.date) })} label={tr('askLabel', { what: r.display, date: formatDate(d.date) })} /></td>
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
