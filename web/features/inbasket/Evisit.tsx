import { useEffect, useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, ApiError } from '../../api/client';
import { formatTime } from '../messaging/api';

// Online digital visits (e-visits, CPT 99421–99423): clinician time on a patient's messages over rolling 7 days.

type TimeSummary = {
  entries: { id: string; threadId: string; subject: string; minutes: number; activity: string; at: string; by: string; billable: boolean }[];
  totalMinutes30Days: number;
  digitalVisit: { qualifyingMinutes7Days: number; code: string | null; note: string };
};
const CODE_TEXT: Record<string, string> = { '99421': '99421 (5–10 minutes)', '99422': '99422 (11–20 minutes)', '99423': '99423 (21 minutes or more)' };

const useTime = (patientId: string) =>
  useQuery({ queryKey: ['messaging-time', patientId], queryFn: () => api<TimeSummary>(`/api/patients/${patientId}/messaging-time`) });

/** The rolling 7-day e-visit minutes and code for a patient (chart and conversation). */
export function EvisitSummary({ patientId, headingLevel = 2 }: { patientId: string; headingLevel?: 2 | 3 }) {
  const q = useTime(patientId);
  const H = headingLevel === 2 ? 'h2' : 'h3';
  if (q.isLoading) return <p role="status">Loading e-visit time…</p>;
  if (!q.data) return null;
  const d = q.data.digitalVisit;
  return (
    <div data-testid="evisit-summary">
      <H>E-visit time (last 7 days)</H>
      <p><strong>{d.qualifyingMinutes7Days} minutes</strong> of clinician time on this patient's messages.{' '}
        {d.code ? <>Qualifies for <strong>{CODE_TEXT[d.code] ?? d.code}</strong>.</> : 'Not yet an e-visit (5 minutes or more are needed).'}</p>
      <p className="hint">{d.note}</p>
    </div>
  );
}

const mmss = (ms: number) => { const s = Math.floor(ms / 1000); return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`; };

/**
 * Time on one conversation: a start/stop timer that runs while the conversation is open (it survives a reload in this
 * browser tab), or minutes typed in. Both record through POST /api/threads/:id/time.
 */
export function EvisitPanel({ threadId, patientId }: { threadId: string; patientId: string }) {
  const qc = useQueryClient();
  const storeKey = `evisit-timer:${threadId}`;
  const [startedAt, setStartedAt] = useState<number | null>(() => { const v = sessionStorage.getItem(storeKey); return v ? Number(v) : null; });
  const [now, setNow] = useState(Date.now());
  const [minutes, setMinutes] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (startedAt === null) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [startedAt]);
  const record = async (m: number, activity: string) => {
    setError(null);
    try {
      await api(`/api/threads/${threadId}/time`, { method: 'POST', body: { minutes: m, activity } });
      setStatus(`Recorded ${m} minute${m === 1 ? '' : 's'}.`);
      await qc.invalidateQueries({ queryKey: ['messaging-time', patientId] });
      return true;
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The time could not be recorded. Please try again.');
      return false;
    }
  };
  const start = () => { const t = Date.now(); sessionStorage.setItem(storeKey, String(t)); setStartedAt(t); setNow(t); setStatus('Timer started.'); };
  const stop = async () => {
    if (startedAt === null) return;
    const ms = Date.now() - startedAt;
    sessionStorage.removeItem(storeKey);
    setStartedAt(null);
    const m = Math.min(240, Math.round(ms / 60_000));
    if (m < 1) { setStatus('Timer stopped. Less than half a minute, so nothing was recorded.'); return; }
    await record(m, 'timer');
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const m = Number(minutes);
    if (!Number.isInteger(m) || m < 1 || m > 240) { setError('Enter whole minutes from 1 to 240.'); return; }
    if (await record(m, 'review')) setMinutes('');
  };
  const q = useTime(patientId);
  const here = (q.data?.entries ?? []).filter((e) => e.threadId === threadId).reduce((s, e) => s + e.minutes, 0);
  return (
    <div className="panel" aria-labelledby="evisit-h">
      <h2 id="evisit-h">Time on this conversation</h2>
      <p><strong>{here} minutes</strong> recorded on this conversation (last 30 days).</p>
      <div className="row-actions">
        {startedAt === null
          ? <button type="button" className="button" onClick={start}>Start timer</button>
          : <button type="button" className="button" onClick={() => void stop()}>Stop timer and record</button>}
        {startedAt !== null && <span aria-hidden="true" className="hint" data-testid="timer">{mmss(now - startedAt)}</span>}
      </div>
      {startedAt !== null && <p className="hint">Timer running since {formatTime(new Date(startedAt).toISOString())}.</p>}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="field"><label htmlFor="evisit-min">Or type minutes spent</label>
          <input id="evisit-min" inputMode="numeric" value={minutes} onChange={(e) => setMinutes(e.target.value)} /></div>
        <button type="submit" className="button secondary">Record minutes</button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      <p role="status">{status}</p>
      <EvisitSummary patientId={patientId} headingLevel={3} />
    </div>
  );
}

type Episode = { patientId: string; patientName: string; mrn: string; windowStart: string; windowEnd: string; open: boolean; minutes: number; code: string; clinicians: string[]; conversations: number };

/** /inbasket/evisits — billing report of qualifying e-visits. */
export function EvisitReport() {
  const [days, setDays] = useState('30');
  const q = useQuery({ queryKey: ['evisits', days], queryFn: () => api<{ episodes: Episode[]; totals: Record<string, number> }>(`/api/inbasket/evisits?days=${days}`) });
  const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { month: 'short', day: 'numeric', year: 'numeric' });
  return (
    <div className="page messaging">
      <h1>E-visits to bill</h1>
      <p>Online digital visits: clinician time on a patient's messages over 7 days from the first minute. 5–10 minutes is 99421, 11–20 is 99422, 21 or more is 99423.
        Refills and scheduling never count. Check payer rules before billing. <Link to="/inbasket">Back to the in-basket</Link></p>
      <div className="field">
        <label htmlFor="ev-days">Windows that started in</label>
        <select id="ev-days" value={days} onChange={(e) => setDays(e.target.value)}>
          <option value="7">Last 7 days</option><option value="30">Last 30 days</option><option value="90">Last 90 days</option>
        </select>
      </div>
      <p className="actions"><a className="button secondary" href={`/api/inbasket/evisits.csv?days=${days}`} download>Download as CSV</a></p>
      {q.isLoading && <p role="status">Loading…</p>}
      {q.error && <p className="error" role="alert">{q.error instanceof ApiError ? q.error.message : 'The report could not be loaded.'}</p>}
      {q.data && (
        <>
          <p data-testid="evisit-totals">99421: {q.data.totals['99421']} · 99422: {q.data.totals['99422']} · 99423: {q.data.totals['99423']}</p>
          {q.data.episodes.length === 0 ? <p>No qualifying e-visits in this period.</p> : (
            <div className="table-wrap"><table>
              <caption>Qualifying e-visits, newest first</caption>
              <thead><tr><th scope="col">Patient</th><th scope="col">7-day window</th><th scope="col">Minutes</th><th scope="col">Code</th>
                <th scope="col">Clinicians</th><th scope="col">Conversations</th></tr></thead>
              <tbody>{q.data.episodes.map((e) => (
                <tr key={`${e.patientId}-${e.windowStart}`}>
                  <th scope="row">{e.patientName} <span className="hint">({e.mrn})</span></th>
                  <td>{day(e.windowStart)} – {day(e.windowEnd)}{e.open ? ' (still open)' : ''}</td>
                  <td>{e.minutes}</td><td>{e.code}</td><td>{e.clinicians.join(', ')}</td><td>{e.conversations}</td>
                </tr>))}
              </tbody></table></div>
          )}
        </>
      )}
    </div>
  );
}
