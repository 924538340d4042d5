import { Link, useParams } from 'react-router';
import { day, isoDay, useRecord, valueText, type Explanation, type Trend as TrendData } from './api';
import { AskAbout, Loading } from './AskAbout';
import { TimeChart } from './Charts';
import { RecordNav } from './RecordNav';
import './record.css';

export function ExplanationBox({ e }: { e: Explanation }) {
  return (
    <section className="explain" aria-labelledby={`ex-${e.id}`}>
      <h2 id={`ex-${e.id}`}>What is {e.title}?</h2>
      <dl>
        <dt>What it is</dt><dd>{e.what}</dd>
        <dt>Why it matters</dt><dd>{e.why}</dd>
        <dt>About the numbers</dt><dd>{e.numbers}</dd>
        <dt>What can help</dt><dd>{e.tips}</dd>
      </dl>
    </section>
  );
}

/** One test over time: a chart with the goal band and the lab's range, and the same numbers as a table. */
export function Trend() {
  const { code = '' } = useParams();
  const q = useRecord<TrendData>(`/trend?code=${encodeURIComponent(code)}`);
  const t = q.data;
  const unit = t?.unit ?? '';
  const first = t?.points[0];
  const last = t?.points[t.points.length - 1];
  const summary = t && first && last
    ? `${t.display} from ${day(first.effectiveAt)} to ${day(last.effectiveAt)}: ${t.points.length} results, first ${valueText(first.value, unit)}, latest ${valueText(last.value, unit)}.${t.target ? ` ${t.target.text}.` : ''}`
    : '';
  const rr = t?.referenceRange;
  return (
    <div className="page">
      <h1>{t ? t.display : 'Test result'} over time</h1>
      <RecordNav />
      <p><Link to="/results">Back to all test results</Link></p>
      <Loading q={q} />
      {t && t.points.length === 0 && <p>There are no results with numbers for this test.</p>}
      {t && last && (
        <>
          <p className="lead">Latest result: <strong>{valueText(last.value, unit)}</strong> on {day(last.effectiveAt)} ({last.flagText}). {summary}</p>
          {t.target && <p className="notice">{t.target.text}. The green band on the chart shows the goal.</p>}
          <TimeChart title={`${t.display} (${unit})`} summary={summary} unit={unit} data={t.points.map((p) => ({ effectiveAt: p.effectiveAt, value: p.value }))}
            series={[{ key: 'value', name: t.display, color: '#0b5394' }]}
            band={t.target ? { high: t.target.high, low: null, label: `Goal: under ${t.target.high}${unit === '%' ? '%' : ` ${unit}`}` }
              : rr && (rr.low !== null || rr.high !== null) ? { low: rr.low, high: rr.high, label: 'Normal range from the lab' } : null}
            lines={t.target && rr?.high != null ? [{ y: rr.high, label: `Lab normal: up to ${rr.high}` }] : []} />
          <div className="table-wrap">
            <table>
              <caption>All {t.display} results (the numbers in the chart)</caption>
              <thead><tr><th scope="col">Date</th><th scope="col">Result</th><th scope="col">Flag</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
              <tbody>
                {[...t.points].reverse().map((p) => (
                  <tr key={p.effectiveAt}>
                    <td>{day(p.effectiveAt)}</td><td>{valueText(p.value, unit)}</td><td>{p.flagText}</td>
                    <td><AskAbout about={`Question about: ${t.display} on ${isoDay(p.effectiveAt)}`} label={`${t.display} on ${day(p.effectiveAt)}`} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {t?.explanation && <ExplanationBox e={t.explanation} />}
    </div>
  );
}
