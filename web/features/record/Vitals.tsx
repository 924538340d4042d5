import { useTranslation } from 'react-i18next';
import { useRecord, valueText, type Point, type Vitals as VitalsData } from './api';
import { formatDate, formatDateShort } from '../../i18n/format';
import { AskAbout, Loading } from './AskAbout';
import { TimeChart } from './Charts';
import { RecordNav } from './RecordNav';
import './record.css';

const day = (iso: string) => formatDateShort(iso);

function SeriesTable({ caption, points }: { caption: string; points: Point[] }) {
  const { t } = useTranslation('record');
  return (
    <details>
      <summary>{t('vitals.showNumbers', { what: caption })}</summary>
      <div className="table-wrap"><table>
        <caption>{caption}</caption>
        <thead><tr><th scope="col">{t('vitals.date')}</th><th scope="col">{t('vitals.value')}</th></tr></thead>
        <tbody>{[...points].reverse().map((p) => <tr key={p.effectiveAt}><td>{day(p.effectiveAt)}</td><td>{valueText(p.value, p.unit)}</td></tr>)}</tbody>
      </table></div>
    </details>
  );
}

/** Blood pressure, weight and BMI measured at visits: charts with the same numbers in tables. */
export function Vitals() {
  const { t } = useTranslation('record');
  const q = useRecord<VitalsData>('/vitals');
  const v = q.data;
  const bp = v?.bloodPressure ?? [];
  const lastBp = bp[bp.length - 1];
  const span = (pts: { effectiveAt: string }[]) => ({ from: pts.length ? day(pts[0].effectiveAt) : '', to: pts.length ? day(pts[pts.length - 1].effectiveAt) : '' });
  return (
    <div className="page">
      <h1>{t('vitals.title')}</h1>
      <RecordNav />
      <p className="lead">{t('vitals.lead')}</p>
      <Loading q={q} />
      {v && (
        <>
          <section aria-labelledby="bp-h">
            <h2 id="bp-h">{t('vitals.bp')}</h2>
            {lastBp ? (
              <>
                <p>{t('vitals.latest')} <strong>{t('vitals.bpValue', { sys: lastBp.systolic, dia: lastBp.diastolic })}</strong> {t('vitals.bpOn', { date: day(lastBp.effectiveAt) })} <AskAbout about={t('askAbout', { what: t('vitals.bp'), date: formatDate(lastBp.effectiveAt) })} label={t('vitals.askLabel')} /></p>
                <TimeChart title={t('vitals.bpChart')} unit="mm Hg" data={bp}
                  summary={t('vitals.bpSummary', { ...span(bp), count: bp.length, sys: lastBp.systolic, dia: lastBp.diastolic })}
                  series={[{ key: 'systolic', name: t('vitals.seriesSys'), color: '#0b5394' }, { key: 'diastolic', name: t('vitals.seriesDia'), color: '#a4161a', dash: '6 3' }]}
                  lines={[{ y: 130, label: '130' }, { y: 80, label: '80' }]} />
                <details>
                  <summary>{t('vitals.showBp')}</summary>
                  <div className="table-wrap"><table>
                    <caption>{t('vitals.bpCaption')}</caption>
                    <thead><tr><th scope="col">{t('vitals.date')}</th><th scope="col">{t('vitals.top')}</th><th scope="col">{t('vitals.bottom')}</th></tr></thead>
                    <tbody>{[...bp].reverse().map((p) => <tr key={p.effectiveAt}><td>{day(p.effectiveAt)}</td><td>{p.systolic}</td><td>{p.diastolic}</td></tr>)}</tbody>
                  </table></div>
                </details>
              </>
            ) : <p>{t('vitals.noBp')}</p>}
          </section>
          {([['weight', v.weight], ['bmi', v.bmi]] as const).map(([kind, pts]) => [kind, t(`vitals.name.${kind}`), pts] as const).map(([kind, name, pts]) => (
            <section key={kind} aria-labelledby={`h-${kind}`}>
              <h2 id={`h-${kind}`}>{name}</h2>
              {pts.length === 0 ? <p>{t('vitals.none', { kind })}</p> : (
                <>
                  <p>{t('vitals.latest')} <strong>{valueText(pts[pts.length - 1].value, pts[pts.length - 1].unit)}</strong> {t('vitals.on', { date: day(pts[pts.length - 1].effectiveAt) })}</p>
                  <TimeChart title={`${name} (${pts[0].unit ?? ''})`} unit={pts[0].unit ?? ''} data={pts.map((p) => ({ effectiveAt: p.effectiveAt, value: p.value }))}
                    summary={t('vitals.summary', { name, ...span(pts), first: valueText(pts[0].value, pts[0].unit), latest: valueText(pts[pts.length - 1].value, pts[pts.length - 1].unit) })}
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
