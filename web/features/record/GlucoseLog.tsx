import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { useRecord, type GlucoseList, type Reading } from './api';
import { formatDateShort, formatDateTime } from '../../i18n/format';
import { Loading } from './AskAbout';
import { TimeChart } from './Charts';
import { RecordNav } from './RecordNav';
import { DaysSelect, localNow, SendReadingsPanel } from './HomeReadings';
import './record.css';

const CONTEXTS = ['fasting', 'before-meal', 'after-meal', 'bedtime', 'other'] as const;
const GUIDANCE_LEVELS = ['very-low', 'low', 'very-high'];

/** The home blood sugar log: enter a reading, see the list, chart and summary, share with the care team. */
export function GlucoseLog() {
  const { t } = useTranslation('home-readings');
  const [days, setDays] = useState(30);
  const q = useRecord<GlucoseList>(`/glucose?days=${days}`);
  const qc = useQueryClient();
  const [value, setValue] = useState('');
  const [context, setContext] = useState('fasting');
  const [when, setWhen] = useState(localNow());
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [status, setStatus] = useState('');
  const [guidance, setGuidance] = useState<{ level: string; text: string } | null>(null);
  const unit = q.data?.unit ?? 'mg/dL';
  const refresh = () => qc.invalidateQueries({ queryKey: ['record'] });

  const add = useMutation({
    mutationFn: () => api<{ reading: Reading; guidance: { level: string; text: string } | null }>('/api/record/glucose', {
      method: 'POST', body: { value: Number(value), unit, context, measuredAt: new Date(when).toISOString() },
    }),
    onSuccess: (r) => { setError(null); setGuidance(r.guidance); setStatus(t('glucose.saved', { value: r.reading.value, unit: r.reading.unit, context: r.reading.context.replace('-', '') })); setValue(''); void refresh(); },
    onError: (e) => { setStatus(''); setError(e instanceof ApiError ? { message: e.message, field: e.field } : { message: t('common.saveError') }); },
  });
  const remove = useMutation({ mutationFn: (id: string) => api(`/api/record/glucose/${id}`, { method: 'DELETE' }), onSuccess: () => { setStatus(t('common.removed')); void refresh(); } });
  const setUnit = useMutation({ mutationFn: (u: string) => api('/api/record/glucose/unit', { method: 'PUT', body: { unit: u } }), onSuccess: () => void refresh() });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!value.trim() || Number.isNaN(Number(value))) { setError({ message: t('glucose.need'), field: 'value' }); return; }
    add.mutate();
  };
  const g = q.data;
  // Advice in the page language when the level is known; the server's words otherwise.
  const advice = guidance && GUIDANCE_LEVELS.includes(guidance.level) ? t(`glucose.guidance.${guidance.level}`) : guidance?.text;
  const contextText = (r: Reading) => ((CONTEXTS as readonly string[]).includes(r.context) ? t(`glucose.contexts.${r.context}`) : r.contextText);
  const points = g ? [...g.readings].reverse().map((r) => ({ effectiveAt: r.measuredAt, value: r.value })) : [];
  return (
    <div className="page">
      <h1>{t('glucose.title')}</h1>
      <RecordNav />
      <p className="lead">{t('glucose.lead')}</p>
      <form onSubmit={submit} noValidate className="panel" aria-labelledby="add-h">
        <h2 id="add-h">{t('common.add')}</h2>
        {error && <p className="error" role="alert">{error.message}</p>}
        <div className="inline-fields">
          <div className="field">
            <label htmlFor="g-value">{t('glucose.value', { unit })}</label>
            <input id="g-value" inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} aria-invalid={error?.field === 'value'} aria-describedby="g-value-hint" />
            <span id="g-value-hint" className="hint">{t('glucose.hint')}</span>
          </div>
          <div className="field">
            <label htmlFor="g-context">{t('glucose.context')}</label>
            <select id="g-context" value={context} onChange={(e) => setContext(e.target.value)}>
              {CONTEXTS.map((v) => <option key={v} value={v}>{t(`glucose.contexts.${v}`)}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="g-when">{t('common.when')}</label>
            <input id="g-when" type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} aria-invalid={error?.field === 'measuredAt'} />
          </div>
        </div>
        <button className="button" type="submit" disabled={add.isPending}>{t('common.save')}</button>
      </form>
      <p role="status" className="success">{status}</p>
      {guidance && <div className="warning" role="alert"><strong>{t('glucose.guidanceTitle', { level: guidance.level === 'very-high' ? 'high' : 'low' })}</strong> {advice}</div>}
      <Loading q={q} />
      {g && (
        <>
          <div className="row-actions">
            <DaysSelect id="g-days" days={days} onChange={setDays} />
            <div className="field">
              <label htmlFor="g-unit">{t('glucose.unit')}</label>
              <select id="g-unit" value={unit} onChange={(e) => setUnit.mutate(e.target.value)}>
                <option value="mg/dL">mg/dL</option><option value="mmol/L">mmol/L</option>
              </select>
            </div>
          </div>
          <h2>{t('common.summary')}</h2>
          <ul className="stats">
            <li><strong>{g.summary.count}</strong> {t('common.count', { count: g.summary.count })}</li>
            <li><strong>{g.summary.average ?? '—'}</strong> {t('glucose.average', { unit })}</li>
            <li><strong>{g.summary.inRangePercent === null ? '—' : `${g.summary.inRangePercent}%`}</strong> {t('glucose.inRange', { low: g.target.low, high: g.target.high })}</li>
            <li><strong>{g.summary.lows}</strong> {t('glucose.lows', { value: unit === 'mg/dL' ? 70 : 3.9 })}</li>
          </ul>
          {points.length > 1 && (
            <TimeChart title={t('glucose.chart', { days, unit })} unit={unit} data={points} series={[{ key: 'value', name: t('glucose.series'), color: '#0b5394' }]}
              band={{ low: g.target.low, high: g.target.high, label: t('glucose.band', { low: g.target.low, high: g.target.high }) }}
              summary={t('glucose.chartSummary', { count: g.summary.count, days, average: String(g.summary.average), unit, pct: g.summary.inRangePercent ?? 0, lows: g.summary.lows })} />
          )}
          <SendReadingsPanel base="/api/record/glucose" days={days} kind="glucose" idPrefix="g" disabled={g.readings.length === 0} onStatus={setStatus} />
          <h2>{t('common.readings')}</h2>
          {g.readings.length === 0 ? <p>{t('common.none')}</p> : (
            <div className="table-wrap"><table>
              <caption>{t('common.caption')}</caption>
              <thead><tr><th scope="col">{t('common.colWhen')}</th><th scope="col">{t('glucose.colValue')}</th><th scope="col">{t('glucose.colContext')}</th><th scope="col">{t('common.colShared')}</th><th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th></tr></thead>
              <tbody>{g.readings.map((r) => (
                <tr key={r.id}>
                  <td>{formatDateTime(r.measuredAt)}</td>
                  <td>{r.value} {r.unit}{t('bp.flag', { flag: r.valueMgdl < 70 ? 'low' : r.valueMgdl > 180 ? 'high' : 'none' })}</td>
                  <td>{contextText(r)}</td><td>{r.shared ? t('common.yes') : t('common.no')}</td>
                  <td><button type="button" className="link-button" onClick={() => remove.mutate(r.id)}>{t('common.remove')}<span className="visually-hidden">{t('common.removeWhich', { date: formatDateShort(r.measuredAt) })}</span></button></td>
                </tr>))}
              </tbody></table></div>
          )}
        </>
      )}
    </div>
  );
}
