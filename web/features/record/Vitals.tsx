import { day, useRecord, valueText, type Point, type Vitals as VitalsData } from './api';
import { AskAbout, Loading } from './AskAbout';
import { TimeChart } from './Charts';
import { RecordNav } from './RecordNav';
import './record.css';

function SeriesTable({ caption, points }: { caption: string; points: Point[] }) {
  return (
    <details>
      <summary>Show the numbers: {caption}</summary>
      <div className="table-wrap"><table>
        <caption>{caption}</caption>
        <thead><tr><th scope="col">Date</th><th scope="col">Value</th></tr></thead>
        <tbody>{[...points].reverse().map((p) => <tr key={p.effectiveAt}><td>{day(p.effectiveAt)}</td><td>{valueText(p.value, p.unit)}</td></tr>)}</tbody>
      </table></div>
    </details>
  );
}

/** Blood pressure, weight and BMI measured at visits: charts with the same numbers in tables. */
export function Vitals() {
  const q = useRecord<VitalsData>('/vitals');
  const v = q.data;
  const bp = v?.bloodPressure ?? [];
  const lastBp = bp[bp.length - 1];
  const span = (pts: { effectiveAt: string }[]) => (pts.length ? `from ${day(pts[0].effectiveAt)} to ${day(pts[pts.length - 1].effectiveAt)}` : '');
  return (
    <div className="page">
      <h1>Blood pressure and weight</h1>
      <RecordNav />
      <p className="lead">Measured at your visits.</p>
      <Loading q={q} />
      {v && (
        <>
          <section aria-labelledby="bp-h">
            <h2 id="bp-h">Blood pressure</h2>
            {lastBp ? (
              <>
                <p>Latest: <strong>{lastBp.systolic} over {lastBp.diastolic}</strong> mm Hg on {day(lastBp.effectiveAt)}. <AskAbout about={`Question about: Blood pressure on ${lastBp.effectiveAt.slice(0, 10)}`} label="my blood pressure" /></p>
                <TimeChart title="Blood pressure (mm Hg)" unit="mm Hg" data={bp}
                  summary={`Blood pressure ${span(bp)}: ${bp.length} readings; latest ${lastBp.systolic} over ${lastBp.diastolic}.`}
                  series={[{ key: 'systolic', name: 'Top number (systolic)', color: '#0b5394' }, { key: 'diastolic', name: 'Bottom number (diastolic)', color: '#a4161a', dash: '6 3' }]}
                  lines={[{ y: 130, label: '130' }, { y: 80, label: '80' }]} />
                <details>
                  <summary>Show the numbers: blood pressure</summary>
                  <div className="table-wrap"><table>
                    <caption>Blood pressure readings</caption>
                    <thead><tr><th scope="col">Date</th><th scope="col">Top number</th><th scope="col">Bottom number</th></tr></thead>
                    <tbody>{[...bp].reverse().map((p) => <tr key={p.effectiveAt}><td>{day(p.effectiveAt)}</td><td>{p.systolic}</td><td>{p.diastolic}</td></tr>)}</tbody>
                  </table></div>
                </details>
              </>
            ) : <p>No blood pressure readings yet.</p>}
          </section>
          {([['Weight', v.weight], ['Body mass index (BMI)', v.bmi]] as const).map(([name, pts]) => (
            <section key={name} aria-labelledby={`h-${name}`}>
              <h2 id={`h-${name}`}>{name}</h2>
              {pts.length === 0 ? <p>No {name.toLowerCase()} measurements yet.</p> : (
                <>
                  <p>Latest: <strong>{valueText(pts[pts.length - 1].value, pts[pts.length - 1].unit)}</strong> on {day(pts[pts.length - 1].effectiveAt)}.</p>
                  <TimeChart title={`${name} (${pts[0].unit ?? ''})`} unit={pts[0].unit ?? ''} data={pts.map((p) => ({ effectiveAt: p.effectiveAt, value: p.value }))}
                    summary={`${name} ${span(pts)}: first ${valueText(pts[0].value, pts[0].unit)}, latest ${valueText(pts[pts.length - 1].value, pts[pts.length - 1].unit)}.`}
                    series={[{ key: 'value', name, color: '#0b5394' }]} />
                  <SeriesTable caption={name} points={pts} />
                </>
              )}
            </section>
          ))}
        </>
      )}
    </div>
  );
}
