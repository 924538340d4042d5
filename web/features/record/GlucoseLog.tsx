import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, newIdempotencyKey } from '../../api/client';
import { day, useRecord, type GlucoseList, type Reading } from './api';
import { Loading } from './AskAbout';
import { TimeChart } from './Charts';
import { RecordNav } from './RecordNav';
import './record.css';

const CONTEXTS = [['fasting', 'Fasting (before eating in the morning)'], ['before-meal', 'Before a meal'], ['after-meal', 'After a meal'], ['bedtime', 'At bedtime'], ['other', 'Other time']] as const;
const localNow = () => { const d = new Date(); d.setMinutes(d.getMinutes() - d.getTimezoneOffset()); return d.toISOString().slice(0, 16); };
const time = (iso: string) => new Date(iso).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

/** The home blood sugar log: enter a reading, see the list, chart and summary, share with the care team. */
export function GlucoseLog() {
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
    onSuccess: (r) => { setError(null); setGuidance(r.guidance); setStatus(`Saved: ${r.reading.value} ${r.reading.unit}, ${r.reading.contextText.toLowerCase()}.`); setValue(''); void refresh(); },
    onError: (e) => { setStatus(''); setError(e instanceof ApiError ? { message: e.message, field: e.field } : { message: 'We could not save this reading. Please try again.' }); },
  });
  const remove = useMutation({ mutationFn: (id: string) => api(`/api/record/glucose/${id}`, { method: 'DELETE' }), onSuccess: () => { setStatus('Reading removed.'); void refresh(); } });
  const share = useMutation({
    mutationFn: () => api<{ shared: number }>('/api/record/glucose/share', { method: 'POST', body: { days } }),
    onSuccess: (r) => { setStatus(r.shared ? `Shared ${r.shared} readings with your care team.` : 'These readings are already shared.'); void refresh(); },
  });
  const [sendNote, setSendNote] = useState('');
  const [sendThread, setSendThread] = useState('');
  const threads = useQuery({ queryKey: ['threads', 'mine'], queryFn: () => api<{ threads: { id: string; subject: string; status: string }[] }>('/api/threads') });
  const openThreads = (threads.data?.threads ?? []).filter((t) => t.status !== 'closed');
  const sendKey = useRef(newIdempotencyKey());
  const send = useMutation({
    mutationFn: (urgentAcknowledged: boolean) => api<{ threadId: string; sent: number; shared: number }>('/api/record/glucose/send', {
      method: 'POST',
      body: { days, note: sendNote.trim() || undefined, tz: Intl.DateTimeFormat().resolvedOptions().timeZone, urgentAcknowledged, idempotencyKey: sendKey.current, threadId: sendThread || undefined },
    }),
    onSuccess: () => { sendKey.current = newIdempotencyKey(); setSendNote(''); void refresh(); void qc.invalidateQueries({ queryKey: ['threads'] }); },
    onError: () => { sendKey.current = newIdempotencyKey(); },
  });
  const sendError = send.error instanceof ApiError ? send.error : send.error ? new ApiError(0, 'network', 'We could not send your readings. Please try again.') : null;
  const setUnit = useMutation({ mutationFn: (u: string) => api('/api/record/glucose/unit', { method: 'PUT', body: { unit: u } }), onSuccess: () => void refresh() });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!value.trim() || Number.isNaN(Number(value))) { setError({ message: 'Enter the number your meter shows.', field: 'value' }); return; }
    add.mutate();
  };
  const g = q.data;
  const points = g ? [...g.readings].reverse().map((r) => ({ effectiveAt: r.measuredAt, value: r.value })) : [];
  return (
    <div className="page">
      <h1>Blood sugar log</h1>
      <RecordNav />
      <p className="lead">Write down the blood sugar readings you take at home. Your care team can see them when you share them.</p>
      <form onSubmit={submit} noValidate className="panel" aria-labelledby="add-h">
        <h2 id="add-h">Add a reading</h2>
        {error && <p className="error" role="alert">{error.message}</p>}
        <div className="inline-fields">
          <div className="field">
            <label htmlFor="g-value">Blood sugar ({unit})</label>
            <input id="g-value" inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} aria-invalid={error?.field === 'value'} aria-describedby="g-value-hint" />
            <span id="g-value-hint" className="hint">The number on your meter.</span>
          </div>
          <div className="field">
            <label htmlFor="g-context">When did you check?</label>
            <select id="g-context" value={context} onChange={(e) => setContext(e.target.value)}>
              {CONTEXTS.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="g-when">Date and time</label>
            <input id="g-when" type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} aria-invalid={error?.field === 'measuredAt'} />
          </div>
        </div>
        <button className="button" type="submit" disabled={add.isPending}>Save reading</button>
      </form>
      <p role="status" className="success">{status}</p>
      {guidance && <div className="warning" role="alert"><strong>{guidance.level === 'very-high' ? 'High blood sugar. ' : 'Low blood sugar. '}</strong>{guidance.text}</div>}
      <Loading q={q} />
      {g && (
        <>
          <div className="row-actions">
            <div className="field">
              <label htmlFor="g-days">Show</label>
              <select id="g-days" value={days} onChange={(e) => setDays(Number(e.target.value))}>
                <option value={7}>Last 7 days</option><option value={30}>Last 30 days</option><option value={90}>Last 90 days</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="g-unit">Unit</label>
              <select id="g-unit" value={unit} onChange={(e) => setUnit.mutate(e.target.value)}>
                <option value="mg/dL">mg/dL</option><option value="mmol/L">mmol/L</option>
              </select>
            </div>
          </div>
          <h2>Summary</h2>
          <ul className="stats">
            <li><strong>{g.summary.count}</strong> readings</li>
            <li><strong>{g.summary.average ?? '—'}</strong> average ({unit})</li>
            <li><strong>{g.summary.inRangePercent === null ? '—' : `${g.summary.inRangePercent}%`}</strong> in your target range ({g.target.low}–{g.target.high})</li>
            <li><strong>{g.summary.lows}</strong> low (under {unit === 'mg/dL' ? 70 : 3.9})</li>
          </ul>
          {points.length > 1 && (
            <TimeChart title={`Blood sugar, last ${days} days (${unit})`} unit={unit} data={points} series={[{ key: 'value', name: 'Blood sugar', color: '#0b5394' }]}
              band={{ low: g.target.low, high: g.target.high, label: `Target ${g.target.low}–${g.target.high}` }}
              summary={`${g.summary.count} readings in the last ${days} days, average ${g.summary.average} ${unit}, ${g.summary.inRangePercent}% in the target range, ${g.summary.lows} low.`} />
          )}
          <section aria-labelledby="send-h" className="panel">
            <h2 id="send-h">Send my readings to my care team</h2>
            <p>We send a message with a table of your readings from the last {days} days. A nurse reads it and shows it to your doctor.</p>
            <div className="field">
              <label htmlFor="g-send-note">Note for your care team (optional)</label>
              <textarea id="g-send-note" value={sendNote} maxLength={1000} onChange={(e) => setSendNote(e.target.value)} />
            </div>
            {openThreads.length > 0 && (
              <div className="field">
                <label htmlFor="g-send-thread">Send it in</label>
                <select id="g-send-thread" value={sendThread} onChange={(e) => setSendThread(e.target.value)}>
                  <option value="">A new conversation</option>
                  {openThreads.map((t) => <option key={t.id} value={t.id}>{t.subject}</option>)}
                </select>
              </div>
            )}
            {sendError && (
              <div className="error" role="alert">
                <p>{sendError.message}</p>
                {sendError.code === 'urgent_warning' && (
                  <button className="button secondary" type="button" onClick={() => send.mutate(true)} disabled={send.isPending}>I understand. Send my readings anyway</button>
                )}
              </div>
            )}
            <div className="row-actions">
              <button className="button" type="button" onClick={() => send.mutate(false)} disabled={send.isPending || g.readings.length === 0}>
                {send.isPending ? 'Sending…' : 'Send my readings to my care team'}
              </button>
              <button className="button secondary" type="button" onClick={() => share.mutate()} disabled={share.isPending || g.readings.length === 0}>Only share them, no message</button>
              <Link to="/messages/new" state={{ about: `Question about: my home blood sugar readings (last ${days} days)` }}>Write my own message</Link>
            </div>
            {send.data && (
              <p className="notice" role="status">
                Sent {send.data.sent} reading{send.data.sent === 1 ? '' : 's'} to your care team. <Link to={`/messages/${send.data.threadId}`}>See the conversation</Link>
              </p>
            )}
          </section>
          <h2>Readings</h2>
          {g.readings.length === 0 ? <p>No readings in this period.</p> : (
            <div className="table-wrap"><table>
              <caption>Your readings, newest first</caption>
              <thead><tr><th scope="col">When</th><th scope="col">Blood sugar</th><th scope="col">Time of check</th><th scope="col">Shared</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
              <tbody>{g.readings.map((r) => (
                <tr key={r.id}>
                  <td>{time(r.measuredAt)}</td>
                  <td>{r.value} {r.unit}{r.valueMgdl < 70 ? ' (low)' : r.valueMgdl > 180 ? ' (high)' : ''}</td>
                  <td>{r.contextText}</td><td>{r.shared ? 'Yes' : 'No'}</td>
                  <td><button type="button" className="link-button" onClick={() => remove.mutate(r.id)}>Remove<span className="visually-hidden"> reading from {day(r.measuredAt)}</span></button></td>
                </tr>))}
              </tbody></table></div>
          )}
        </>
      )}
    </div>
  );
}
