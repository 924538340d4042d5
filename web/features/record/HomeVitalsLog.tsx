import { useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { day, useRecord } from './api';
import { Loading } from './AskAbout';
import { TimeChart } from './Charts';
import { RecordNav } from './RecordNav';
import { DaysSelect, localNow, SendReadingsPanel, shortTime } from './HomeReadings';
import './record.css';

/** Shapes mirror server/features/record/home-vitals-routes.ts. */
export type VitalReading = {
  id: string; kind: 'blood-pressure' | 'weight'; measuredAt: string; note: string | null; shared: boolean; value: number | null; unit: string;
  weightKg: number | null; systolic: number | null; diastolic: number | null; pulse: number | null; flag: string | null;
};
export type VitalList = {
  kind: string; days: number; unit: string; target: { systolic: number; diastolic: number } | null; readings: VitalReading[];
  summary: { count: number; average: number | string | null; change: number | null; inTargetPercent: number | null; highs: number; lows: number };
};
type Guidance = { level: string; text: string; amount?: number; unit?: string } | null;
type FieldError = { message: string; field?: string } | null;

const GUIDANCE_LEVELS = ['very-high', 'high', 'low', 'gain'];

/** The parts both logs share: add form, status, advice, summary, chart, send panel and the table of readings. */
function VitalsPage({ kind, title, lead, days, setDays, q, form, summary, chart, columns, cells, extraControls }: {
  kind: 'blood-pressure' | 'weight'; title: string; lead: string; days: number; setDays: (d: number) => void;
  q: ReturnType<typeof useRecord<VitalList>>; form: (done: (status: string, g: Guidance) => void) => ReactNode; summary: (l: VitalList) => ReactNode;
  chart: (l: VitalList) => ReactNode; columns: string[]; cells: (r: VitalReading) => ReactNode[]; extraControls?: ReactNode;
}) {
  const { t } = useTranslation('home-readings');
  const qc = useQueryClient();
  const [status, setStatus] = useState('');
  const [guidance, setGuidance] = useState<Guidance>(null);
  const remove = useMutation({
    mutationFn: (id: string) => api(`/api/record/${kind}/${id}`, { method: 'DELETE' }),
    onSuccess: () => { setStatus(t('common.removed')); void qc.invalidateQueries({ queryKey: ['record'] }); },
  });
  // Advice in the page language when the level is known; the server's words otherwise.
  const advice = guidance && GUIDANCE_LEVELS.includes(guidance.level)
    ? t(`guidance.${guidance.level}`, { amount: guidance.amount ?? '', unit: guidance.unit ?? '' }) : guidance?.text;
  const l = q.data;
  return (
    <div className="page">
      <h1>{title}</h1>
      <RecordNav />
      <p className="lead">{lead}</p>
      {form((s, g) => { setStatus(s); setGuidance(g); void qc.invalidateQueries({ queryKey: ['record'] }); })}
      <p role="status" className="success">{status}</p>
      {guidance && <div className="warning" role="alert"><strong>{t('guidance.title', { level: guidance.level.replace('-', '') })}</strong> {advice}</div>}
      <Loading q={q} />
      {l && (
        <>
          <div className="row-actions">
            <DaysSelect id={`${kind}-days`} days={days} onChange={setDays} />
            {extraControls}
          </div>
          <h2>{t('common.summary')}</h2>
          {summary(l)}
          {l.readings.length > 1 && chart(l)}
          <SendReadingsPanel base={`/api/record/${kind}`} days={days} kind={kind} idPrefix={kind} disabled={l.readings.length === 0} onStatus={setStatus} />
          <h2>{t('common.readings')}</h2>
          {l.readings.length === 0 ? <p>{t('common.none')}</p> : (
            <div className="table-wrap"><table>
              <caption>{t('common.caption')}</caption>
              <thead><tr><th scope="col">{t('common.colWhen')}</th>{columns.map((c) => <th key={c} scope="col">{c}</th>)}<th scope="col">{t('common.colShared')}</th><th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th></tr></thead>
              <tbody>{l.readings.map((r) => (
                <tr key={r.id}>
                  <td>{shortTime(r.measuredAt)}</td>{cells(r).map((c, i) => <td key={i}>{c}</td>)}<td>{r.shared ? t('common.yes') : t('common.no')}</td>
                  <td><button type="button" className="link-button" onClick={() => remove.mutate(r.id)}>{t('common.remove')}<span className="visually-hidden">{t('common.removeWhich', { date: day(r.measuredAt) })}</span></button></td>
                </tr>))}
              </tbody></table></div>
          )}
        </>
      )}
    </div>
  );
}

const apiError = (e: unknown, fallback: string): FieldError => (e instanceof ApiError ? { message: e.message, field: e.field } : { message: fallback });

/** /blood-pressure — the home blood pressure log. */
export function BloodPressureLog() {
  const { t } = useTranslation('home-readings');
  const [days, setDays] = useState(30);
  const q = useRecord<VitalList>(`/blood-pressure?days=${days}`);
  return (
    <VitalsPage kind="blood-pressure" title={t('bp.title')} days={days} setDays={setDays} q={q} lead={t('bp.lead')}
      form={(done) => <BloodPressureForm done={done} />}
      summary={(l) => (
        <ul className="stats">
          <li><strong>{l.summary.count}</strong> {t('common.count', { count: l.summary.count })}</li>
          <li><strong>{l.summary.average ?? '—'}</strong> {t('bp.average')}</li>
          <li><strong>{l.summary.inTargetPercent === null ? '—' : `${l.summary.inTargetPercent}%`}</strong> {t('bp.inTarget', { sys: l.target?.systolic ?? '', dia: l.target?.diastolic ?? '' })}</li>
          <li><strong>{l.summary.highs}</strong> {t('bp.highs')}</li>
          <li><strong>{l.summary.lows}</strong> {t('bp.lows')}</li>
        </ul>
      )}
      chart={(l) => (
        <TimeChart title={t('bp.chart', { days })} unit="mmHg"
          data={[...l.readings].reverse().map((r) => ({ effectiveAt: r.measuredAt, systolic: r.systolic as number, diastolic: r.diastolic as number }))}
          series={[{ key: 'systolic', name: t('bp.seriesSys'), color: '#0b5394' }, { key: 'diastolic', name: t('bp.seriesDia'), color: '#7a3e00', dash: '5 3' }]}
          lines={l.target ? [{ y: l.target.systolic, label: t('bp.targetSys', { value: l.target.systolic }) }, { y: l.target.diastolic, label: t('bp.targetDia', { value: l.target.diastolic }) }] : []}
          summary={t('bp.chartSummary', { count: l.summary.count, days, average: String(l.summary.average), pct: l.summary.inTargetPercent ?? 0, highs: l.summary.highs })} />
      )}
      columns={[t('bp.colBp'), t('bp.colPulse')]}
      cells={(r) => [`${t('bp.value', { sys: r.systolic ?? '', dia: r.diastolic ?? '' })}${t('bp.flag', { flag: (r.flag ?? 'none').replace('-', '') })}`, r.pulse ?? '—']} />
  );
}

function BloodPressureForm({ done }: { done: (status: string, g: Guidance) => void }) {
  const { t } = useTranslation('home-readings');
  const [sys, setSys] = useState('');
  const [dia, setDia] = useState('');
  const [pulse, setPulse] = useState('');
  const [when, setWhen] = useState(localNow());
  const [error, setError] = useState<FieldError>(null);
  const add = useMutation({
    mutationFn: () => api<{ reading: VitalReading; guidance: Guidance }>('/api/record/blood-pressure', {
      method: 'POST', body: { systolic: Number(sys), diastolic: Number(dia), pulse: pulse.trim() ? Number(pulse) : undefined, measuredAt: new Date(when).toISOString() },
    }),
    onSuccess: (r) => { setError(null); setSys(''); setDia(''); setPulse(''); done(t('bp.saved', { sys: r.reading.systolic ?? '', dia: r.reading.diastolic ?? '' }), r.guidance); },
    onError: (e) => { done('', null); setError(apiError(e, t('common.saveError'))); },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!/^\d+$/.test(sys.trim())) { setError({ message: t('bp.needSys'), field: 'systolic' }); return; }
    if (!/^\d+$/.test(dia.trim())) { setError({ message: t('bp.needDia'), field: 'diastolic' }); return; }
    if (pulse.trim() && !/^\d+$/.test(pulse.trim())) { setError({ message: t('bp.needPulse'), field: 'pulse' }); return; }
    add.mutate();
  };
  return (
    <form onSubmit={submit} noValidate className="panel" aria-labelledby="bp-add-h">
      <h2 id="bp-add-h">{t('common.add')}</h2>
      {error && <p className="error" role="alert">{error.message}</p>}
      <div className="inline-fields">
        <div className="field">
          <label htmlFor="bp-sys">{t('bp.sys')}</label>
          <input id="bp-sys" inputMode="numeric" value={sys} onChange={(e) => setSys(e.target.value)} aria-invalid={error?.field === 'systolic'} />
        </div>
        <div className="field">
          <label htmlFor="bp-dia">{t('bp.dia')}</label>
          <input id="bp-dia" inputMode="numeric" value={dia} onChange={(e) => setDia(e.target.value)} aria-invalid={error?.field === 'diastolic'} />
        </div>
        <div className="field">
          <label htmlFor="bp-pulse">{t('bp.pulse')}</label>
          <input id="bp-pulse" inputMode="numeric" value={pulse} onChange={(e) => setPulse(e.target.value)} aria-invalid={error?.field === 'pulse'} />
        </div>
        <div className="field">
          <label htmlFor="bp-when">{t('common.when')}</label>
          <input id="bp-when" type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} aria-invalid={error?.field === 'measuredAt'} />
        </div>
      </div>
      <button className="button" type="submit" disabled={add.isPending}>{t('common.save')}</button>
    </form>
  );
}

/** /weight — the home weight log. */
export function WeightLog() {
  const { t } = useTranslation('home-readings');
  const [days, setDays] = useState(30);
  const q = useRecord<VitalList>(`/weight?days=${days}`);
  const qc = useQueryClient();
  const unit = q.data?.unit ?? 'lb';
  const setUnit = useMutation({ mutationFn: (u: string) => api('/api/record/weight/unit', { method: 'PUT', body: { unit: u } }), onSuccess: () => void qc.invalidateQueries({ queryKey: ['record'] }) });
  return (
    <VitalsPage kind="weight" title={t('weight.title')} days={days} setDays={setDays} q={q} lead={t('weight.lead')}
      form={(done) => <WeightForm unit={unit} done={done} />}
      extraControls={(
        <div className="field">
          <label htmlFor="w-unit">{t('weight.unit')}</label>
          <select id="w-unit" value={unit} onChange={(e) => setUnit.mutate(e.target.value)}>
            <option value="lb">{t('weight.lb')}</option><option value="kg">{t('weight.kg')}</option>
          </select>
        </div>
      )}
      summary={(l) => (
        <ul className="stats">
          <li><strong>{l.summary.count}</strong> {t('common.count', { count: l.summary.count })}</li>
          <li><strong>{l.readings[0] ? l.readings[0].value : '—'}</strong> {t('weight.latest', { unit })}</li>
          <li><strong>{l.summary.average ?? '—'}</strong> {t('weight.average', { unit })}</li>
          <li><strong>{l.summary.change === null ? '—' : `${l.summary.change > 0 ? '+' : ''}${l.summary.change}`}</strong> {t('weight.change', { unit })}</li>
        </ul>
      )}
      chart={(l) => (
        <TimeChart title={t('weight.chart', { days, unit })} unit={unit}
          data={[...l.readings].reverse().map((r) => ({ effectiveAt: r.measuredAt, value: r.value as number }))}
          series={[{ key: 'value', name: t('weight.series'), color: '#0b5394' }]}
          summary={t('weight.chartSummary', { count: l.summary.count, days, latest: l.readings[0]?.value ?? '', change: l.summary.change ?? 0, unit })} />
      )}
      columns={[t('weight.colWeight')]}
      cells={(r) => [`${r.value} ${r.unit}`]} />
  );
}

function WeightForm({ unit, done }: { unit: string; done: (status: string, g: Guidance) => void }) {
  const { t } = useTranslation('home-readings');
  const [value, setValue] = useState('');
  const [when, setWhen] = useState(localNow());
  const [error, setError] = useState<FieldError>(null);
  const add = useMutation({
    mutationFn: () => api<{ reading: VitalReading; guidance: Guidance }>('/api/record/weight', {
      method: 'POST', body: { value: Number(value), unit, measuredAt: new Date(when).toISOString() },
    }),
    onSuccess: (r) => { setError(null); setValue(''); done(t('weight.saved', { value: r.reading.value ?? '', unit: r.reading.unit }), r.guidance); },
    onError: (e) => { done('', null); setError(apiError(e, t('common.saveError'))); },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!value.trim() || Number.isNaN(Number(value))) { setError({ message: t('weight.need'), field: 'value' }); return; }
    add.mutate();
  };
  return (
    <form onSubmit={submit} noValidate className="panel" aria-labelledby="w-add-h">
      <h2 id="w-add-h">{t('common.add')}</h2>
      {error && <p className="error" role="alert">{error.message}</p>}
      <div className="inline-fields">
        <div className="field">
          <label htmlFor="w-value">{t('weight.value', { unit })}</label>
          <input id="w-value" inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} aria-invalid={error?.field === 'value'} />
        </div>
        <div className="field">
          <label htmlFor="w-when">{t('common.when')}</label>
          <input id="w-when" type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} aria-invalid={error?.field === 'measuredAt'} />
        </div>
      </div>
      <button className="button" type="submit" disabled={add.isPending}>{t('common.save')}</button>
    </form>
  );
}
