import { Link, useParams } from 'react-router';
import { day, isoDay, useRecord, valueText, type Explanation, type Trend as TrendData } from './api';
import { AskAbout, Loading } from './AskAbout';
import { TimeChart } from './Charts';
import { RecordNav } from './RecordNav';
import './record.css';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../i18n/format';

export function ExplanationBox({ e }: { e: Explanation }) {
  const { t } = useTranslation('record');
  return (
    <section className="explain" aria-labelledby={`ex-${e.id}`}>
      <h2 id={`ex-${e.id}`}>{t('trend.whatIs', { title: e.title })}</h2>
      <dl>
        <dt>{t('trend.what')}</dt><dd>{e.what}</dd>
        <dt>{t('trend.why')}</dt><dd>{e.why}</dd>
        <dt>{t('trend.numbers')}</dt><dd>{e.numbers}</dd>
        <dt>{t('trend.tips')}</dt><dd>{e.tips}</dd>
      </dl>
    </section>
  );
}

/** One test over time: a chart with the goal band and the lab's range, and the same numbers as a table. */
export function Trend() {
  const { code = '' } = useParams();
  const { t: tr } = useTranslation('record');
  const q = useRecord<TrendData>(`/trend?code=${encodeURIComponent(code)}`);
  const t = q.data;
  const unit = t?.unit ?? '';
  const first = t?.points[0];
  const last = t?.points[t.points.length - 1];
  const summary = t && first && last
    ? `${tr('trend.summary', { name: t.display, from: day(first.effectiveAt), to: day(last.effectiveAt), count: t.points.length, first: valueText(first.value, unit), latest: valueText(last.value, unit) })}${t.target ? ` ${t.target.text}.` : ''}`
    : '';
  const rr = t?.referenceRange;
  return (
    <div className="page">
      <h1>{tr('trend.overTime', { name: t ? t.display : tr('trend.testResult') })}</h1>
      <RecordNav />
      <p><Link to="/results">{tr('trend.back')}</Link></p>
      <Loading q={q} />
      {t && t.points.length === 0 && <p>{tr('trend.noNumbers')}</p>}
      {t && last && (
        <>
          <p className="lead">{tr('trend.latest')} <strong>{valueText(last.value, unit)}</strong> {tr('trend.on', { date: day(last.effectiveAt) })} ({last.flagText}). {summary}</p>
          {t.target && (
            <dl className="goal-and-range">
              <div><dt>{t.target.source === 'general' ? tr('trend.usualGoal') : tr('trend.yourGoal')}</dt><dd>{t.target.text}. {tr('trend.goalBand')}</dd></div>
              <div><dt>{tr('trend.labRange')}</dt><dd>{t.rangeText ?? tr('results.noRange')}. {tr('trend.labRangeText')}</dd></div>
            </dl>
          )}
          {t.explanation && <ExplanationBox e={t.explanation} />}
          <TimeChart title={`${t.display} (${unit})`} summary={summary} unit={unit} data={t.points.map((p) => ({ effectiveAt: p.effectiveAt, value: p.value }))}
            series={[{ key: 'value', name: t.display, color: '#0b5394' }]}
            band={t.target ? { high: t.target.high, low: null, label: tr('trend.goalUnder', { value: `${t.target.high}${unit === '%' ? '%' : ` ${unit}`}` }) }
              : rr && (rr.low !== null || rr.high !== null) ? { low: rr.low, high: rr.high, label: tr('trend.labBand') } : null}
            lines={t.target && rr?.high != null ? [{ y: rr.high, label: tr('trend.labUpTo', { value: rr.high }) }] : []} />
          <div className="table-wrap">
            <table>
              <caption>{tr('trend.allResults', { name: t.display })}</caption>
              <thead><tr><th scope="col">{tr('trend.date')}</th><th scope="col">{tr('trend.result')}</th>
                {t.target ? <><th scope="col">{tr('trend.againstGoal')}</th><th scope="col">{tr('trend.againstLab')}</th></> : <th scope="col">{tr('trend.flag')}</th>}
                <th scope="col"><span className="visually-hidden">{tr('trend.actions')}</span></th></tr></thead>
              <tbody>
                {[...t.points].reverse().map((p) => (
                  <tr key={p.effectiveAt}>
                    <td>{day(p.effectiveAt)}</td><td>{valueText(p.value, unit)}</td>
                    {t.target ? <><td>{p.goalText ?? '—'}</td><td>{p.labFlagText ?? p.flagText}</td></> : <td>{p.flagText}</td>}
                    <td><AskAbout about={tr('askAbout', { what: t.display, date: formatDate(p.effectiveAt) })} label={tr('askLabel', { what: t.display, date: day(p.effectiveAt) })} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {t?.explanation && !(t && last) && <ExplanationBox e={t.explanation} />}
    </div>
  );
}
