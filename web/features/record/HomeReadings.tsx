import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError, newIdempotencyKey } from '../../api/client';

// What the home-readings logs (blood sugar, blood pressure, weight) share: the time helpers and the
// "Send my readings to my care team" panel with its "only share them" and "write my own message" choices.

/** Now as a value for <input type="datetime-local">. */
export const localNow = () => { const d = new Date(); d.setMinutes(d.getMinutes() - d.getTimezoneOffset()); return d.toISOString().slice(0, 16); };
export const shortTime = (iso: string) => new Date(iso).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

/** Days shown: last 7, 30 or 90. */
export function DaysSelect({ id, days, onChange }: { id: string; days: number; onChange: (d: number) => void }) {
  const { t } = useTranslation('home-readings');
  return (
    <div className="field">
      <label htmlFor={id}>{t('days.label')}</label>
      <select id={id} value={days} onChange={(e) => onChange(Number(e.target.value))}>
        <option value={7}>{t('days.d7')}</option><option value={30}>{t('days.d30')}</option><option value={90}>{t('days.d90')}</option>
      </select>
    </div>
  );
}

/**
 * Send the readings of the last `days` days to the care team (a message with a table, via `${base}/send`), or only share
 * them (`${base}/share`). `kind` names the readings ("glucose" → "blood sugar"); `idPrefix` keeps field ids unique.
 */
export function SendReadingsPanel({ base, days, kind, disabled, idPrefix, onStatus }: {
  base: string; days: number; kind: 'glucose' | 'blood-pressure' | 'weight'; disabled: boolean; idPrefix: string; onStatus: (text: string) => void;
}) {
  const { t } = useTranslation('home-readings');
  const what = t(`what.${kind}`);
  const qc = useQueryClient();
  const refresh = () => { void qc.invalidateQueries({ queryKey: ['record'] }); void qc.invalidateQueries({ queryKey: ['threads'] }); };
  const [sendNote, setSendNote] = useState('');
  const [sendThread, setSendThread] = useState('');
  const threads = useQuery({ queryKey: ['threads', 'mine'], queryFn: () => api<{ threads: { id: string; subject: string; status: string }[] }>('/api/threads') });
  const openThreads = (threads.data?.threads ?? []).filter((t) => t.status !== 'closed');
  const sendKey = useRef(newIdempotencyKey());
  const send = useMutation({
    mutationFn: (urgentAcknowledged: boolean) => api<{ threadId: string; sent: number; shared: number }>(`${base}/send`, {
      method: 'POST',
      body: { days, note: sendNote.trim() || undefined, tz: Intl.DateTimeFormat().resolvedOptions().timeZone, urgentAcknowledged, idempotencyKey: sendKey.current, threadId: sendThread || undefined },
    }),
    onSuccess: () => { sendKey.current = newIdempotencyKey(); setSendNote(''); refresh(); },
    onError: () => { sendKey.current = newIdempotencyKey(); },
  });
  const share = useMutation({
    mutationFn: () => api<{ shared: number }>(`${base}/share`, { method: 'POST', body: { days } }),
    onSuccess: (r) => { onStatus(r.shared ? t('send.shared', { count: r.shared }) : t('send.alreadyShared')); refresh(); },
  });
  const sendError = send.error instanceof ApiError ? send.error : send.error ? new ApiError(0, 'network', t('send.error')) : null;
  return (
    <section aria-labelledby={`${idPrefix}-send-h`} className="panel">
      <h2 id={`${idPrefix}-send-h`}>{t('send.title')}</h2>
      <p>{t('send.lead', { what, days })}</p>
      <div className="field">
        <label htmlFor={`${idPrefix}-send-note`}>{t('send.note')}</label>
        <textarea id={`${idPrefix}-send-note`} value={sendNote} maxLength={1000} onChange={(e) => setSendNote(e.target.value)} />
      </div>
      {openThreads.length > 0 && (
        <div className="field">
          <label htmlFor={`${idPrefix}-send-thread`}>{t('send.in')}</label>
          <select id={`${idPrefix}-send-thread`} value={sendThread} onChange={(e) => setSendThread(e.target.value)}>
            <option value="">{t('send.newConversation')}</option>
            {openThreads.map((t) => <option key={t.id} value={t.id}>{t.subject}</option>)}
          </select>
        </div>
      )}
      {sendError && (
        <div className="error" role="alert">
          <p>{sendError.message}</p>
          {sendError.code === 'urgent_warning' && (
            <button className="button secondary" type="button" onClick={() => send.mutate(true)} disabled={send.isPending}>{t('send.anyway')}</button>
          )}
        </div>
      )}
      <div className="row-actions">
        <button className="button" type="button" onClick={() => send.mutate(false)} disabled={send.isPending || disabled}>
          {send.isPending ? t('send.sending') : t('send.button')}
        </button>
        <button className="button secondary" type="button" onClick={() => share.mutate()} disabled={share.isPending || disabled}>{t('send.share')}</button>
        <Link to="/messages/new" state={{ about: t('send.about', { what, days }) }}>{t('send.own')}</Link>
      </div>
      {send.data && (
        <p className="notice" role="status">
          {t('send.sent', { count: send.data.sent })} <Link to={`/messages/${send.data.threadId}`}>{t('send.see')}</Link>
        </p>
      )}
    </section>
  );
}
