import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { TZ } from './api';
import { RecordNav } from './RecordNav';
import './record.css';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../i18n/format';

/** View, print or download the record: all of it or a date range. */
export function Download() {
  const { t } = useTranslation('record');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const qs = new URLSearchParams({ ...(from ? { from } : {}), ...(to ? { to } : {}) }).toString();
  const bad = from && to && from > to;
  return (
    <div className="page">
      <h1>{t('download.title')}</h1>
      <RecordNav />
      <p className="lead">{t('download.lead')}</p>
      <fieldset>
        <legend>{t('download.dates')}</legend>
        <div className="inline-fields">
          <div className="field"><label htmlFor="dl-from">{t('download.from')}</label><input id="dl-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} /></div>
          <div className="field"><label htmlFor="dl-to">{t('download.to')}</label><input id="dl-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} /></div>
        </div>
        {bad && <p className="error" role="alert">{t('download.badDates')}</p>}
      </fieldset>
      <ul className="cards">
        <li className="card">
          <a href={`/api/record/summary.html?${new URLSearchParams({ ...(from ? { from } : {}), ...(to ? { to } : {}), tz: TZ })}`} target="_blank" rel="noopener">{t('download.printable')}</a>
          <p>{t('download.printableText')}</p>
        </li>
        <li className="card">
          <a href={`/api/record/export.json${qs ? `?${qs}` : ''}`} download>{t('download.fhir')}</a>
          <p>{t('download.fhirText')}</p>
        </li>
        <li className="card">
          <a href={`/api/record/export.xml${qs ? `?${qs}` : ''}`} download>{t('download.ccda')}</a>
          <p>{t('download.ccdaText')}</p>
        </li>
      </ul>
      <Transmit from={from} to={to} disabled={!!bad} />
      <p className="hint">{t('download.private')}</p>
      <p><Link to="/record/activity">{t('download.activity')}</Link></p>
    </div>
  );
}

/** Send the record to an email address as a secure link that stops working after some days. The email has no health details. */
function Transmit({ from, to, disabled }: { from: string; to: string; disabled: boolean }) {
  const { t } = useTranslation('record');
  const [email, setEmail] = useState('');
  const [format, setFormat] = useState<'summary' | 'fhir' | 'ccda'>('summary');
  const send = useMutation({
    mutationFn: () => api<{ id: string; expiresAt: string; sentTo: string }>('/api/record/transmit', {
      method: 'POST', body: { email: email.trim(), format, ...(from ? { from } : {}), ...(to ? { to } : {}) },
    }),
  });
  const submit = (e: FormEvent) => { e.preventDefault(); send.mutate(); };
  const err = send.error instanceof ApiError ? send.error.message : send.error ? t('download.sendError') : '';
  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="tx-h">
      <h2 id="tx-h">{t('download.sendTitle')}</h2>
      <p>{t('download.sendText')}</p>
      {err && <p className="error" role="alert">{err}</p>}
      <div className="field">
        <label htmlFor="tx-email">{t('download.email')}</label>
        <input id="tx-email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} aria-invalid={!!err} />
      </div>
      <div className="field">
        <label htmlFor="tx-format">{t('download.what')}</label>
        <select id="tx-format" value={format} onChange={(e) => setFormat(e.target.value as 'summary' | 'fhir' | 'ccda')}>
          <option value="summary">{t('download.summary')}</option>
          <option value="fhir">{t('download.fhirOption')}</option>
          <option value="ccda">{t('download.ccdaOption')}</option>
        </select>
      </div>
      <button className="button" type="submit" disabled={send.isPending || disabled || !email.trim()}>{send.isPending ? t('download.sending') : t('download.send')}</button>
      <p role="status">{send.data ? t('download.sent', { email: send.data.sentTo, date: formatDate(send.data.expiresAt) }) : ''}</p>
    </form>
  );
}
