import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { TZ } from './api';
import { RecordNav } from './RecordNav';
import './record.css';

/** View, print or download the record: all of it or a date range. */
export function Download() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const qs = new URLSearchParams({ ...(from ? { from } : {}), ...(to ? { to } : {}) }).toString();
  const bad = from && to && from > to;
  return (
    <div className="page">
      <h1>Download or print my record</h1>
      <RecordNav />
      <p className="lead">Get a copy of your health record to keep or to give to another doctor.</p>
      <fieldset>
        <legend>Which dates? (leave empty for all)</legend>
        <div className="inline-fields">
          <div className="field"><label htmlFor="dl-from">From</label><input id="dl-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} /></div>
          <div className="field"><label htmlFor="dl-to">To</label><input id="dl-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} /></div>
        </div>
        {bad && <p className="error" role="alert">The “From” date must be before the “To” date.</p>}
      </fieldset>
      <ul className="cards">
        <li className="card">
          <a href={`/api/record/summary.html?${new URLSearchParams({ ...(from ? { from } : {}), ...(to ? { to } : {}), tz: TZ })}`} target="_blank" rel="noopener">Open a printable summary</a>
          <p>Easy to read. Use your browser’s Print command to print it or save it as a PDF.</p>
        </li>
        <li className="card">
          <a href={`/api/record/export.json${qs ? `?${qs}` : ''}`} download>Download for another health app (FHIR file)</a>
          <p>A standard file that other health record systems and apps can read.</p>
        </li>
      </ul>
      <Transmit from={from} to={to} disabled={!!bad} />
      <p className="hint">Your record is private. Keep downloaded files safe, and only share them with people you trust.</p>
      <p><Link to="/record/activity">See who looked at or sent your record</Link></p>
    </div>
  );
}

/** Send the record to an email address as a secure link that stops working after some days. The email has no health details. */
function Transmit({ from, to, disabled }: { from: string; to: string; disabled: boolean }) {
  const [email, setEmail] = useState('');
  const [format, setFormat] = useState<'summary' | 'fhir'>('summary');
  const send = useMutation({
    mutationFn: () => api<{ id: string; expiresAt: string; sentTo: string }>('/api/record/transmit', {
      method: 'POST', body: { email: email.trim(), format, ...(from ? { from } : {}), ...(to ? { to } : {}) },
    }),
  });
  const submit = (e: FormEvent) => { e.preventDefault(); send.mutate(); };
  const err = send.error instanceof ApiError ? send.error.message : send.error ? 'We could not send it. Please try again.' : '';
  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="tx-h">
      <h2 id="tx-h">Send my record to a doctor or app</h2>
      <p>We email a secure link to your record. The link stops working after 7 days. The email itself has no health details.</p>
      {err && <p className="error" role="alert">{err}</p>}
      <div className="field">
        <label htmlFor="tx-email">Email address to send it to</label>
        <input id="tx-email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} aria-invalid={!!err} />
      </div>
      <div className="field">
        <label htmlFor="tx-format">What to send</label>
        <select id="tx-format" value={format} onChange={(e) => setFormat(e.target.value as 'summary' | 'fhir')}>
          <option value="summary">Easy-to-read summary</option>
          <option value="fhir">File for another health app (FHIR)</option>
        </select>
      </div>
      <button className="button" type="submit" disabled={send.isPending || disabled || !email.trim()}>{send.isPending ? 'Sending…' : 'Send secure link'}</button>
      <p role="status">{send.data ? `Sent a secure link to ${send.data.sentTo}. It works until ${new Date(send.data.expiresAt).toLocaleDateString()}.` : ''}</p>
    </form>
  );
}
