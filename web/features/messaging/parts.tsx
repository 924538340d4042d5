import { useId, useState } from 'react';
import { api, ApiError } from '../../api/client';
import { emergencyMatches } from '../../../shared/messaging/emergency';
import { formatTime, readAsBase64, type Attachment, type Message } from './api';
import { useTranslation } from 'react-i18next';

/** Sent → Received by <pool> → Read by <name> at <time> → Answered. Each step says in words whether it happened. */
export function StatusLine({ status }: { status: NonNullable<Message['status']> }) {
  const { t } = useTranslation('messaging');
  const steps = [
    { done: true, text: t('status.sent', { when: formatTime(status.sentAt) }) },
    { done: true, text: t('status.receivedBy', { pool: status.receivedBy }) },
    { done: !!status.readBy, text: status.readBy ? t('status.readBy', { name: status.readBy.displayName, when: formatTime(status.readBy.at) }) : t('status.notRead') },
    { done: !!status.answeredAt, text: status.answeredAt ? t('status.answered', { when: formatTime(status.answeredAt) }) : t('status.notAnswered') },
  ];
  return (
    <ol className="msg-status" aria-label={t('status.label')}>
      {steps.map((s, i) => (
        <li key={i} className={s.done ? 'done' : 'pending'}>
          <span aria-hidden="true">{s.done ? '✓' : '○'}</span> {s.text}
        </li>
      ))}
    </ol>
  );
}

export function MessageItem({ m, showStatus }: { m: Message; showStatus: boolean }) {
  const { t } = useTranslation('messaging');
  const { t: tp } = useTranslation('proxy-author');
  // A proxy's message: "Ben Carter for Ava Thompson" (issue 14), in the page language.
  const byline = m.onBehalfOf ? tp('byline', { author: m.author.displayName, patient: m.onBehalfOf.patientName }) : (m.byline ?? m.author.displayName);
  const label = m.kind === 'internal_note' ? t('item.internalNote') : m.kind === 'phone_encounter' ? t('item.phoneCall') : null;
  return (
    <li className={`msg msg-${m.kind}`}>
      <article aria-label={label ? t('item.kindBy', { kind: label, name: byline }) : t('item.from', { name: byline })}>
        <header className="msg-head">
          {label && <span className="msg-kind">{label}</span>}
          <strong>{byline}</strong> <span className="hint">{formatTime(m.createdAt)}</span>
        </header>
        <p className="msg-body">{m.body}</p>
        {m.attachments.length > 0 && (
          <ul className="plain">
            {m.attachments.map((a) => <li key={a.id}><a href={a.url}>{a.filename}</a> <span className="hint">{t('item.size', { kb: Math.ceil(a.size / 1024) })}</span></li>)}
          </ul>
        )}
        {showStatus && m.status && <StatusLine status={m.status} />}
      </article>
    </li>
  );
}

/** Shown as soon as the text suggests an emergency; sending needs the checkbox. */
export function EmergencyWarning({ text, acknowledged, onAcknowledge, nurseLine }: { text: string; acknowledged: boolean; onAcknowledge: (v: boolean) => void; nurseLine?: string | null }) {
  const { t } = useTranslation('messaging');
  const found = emergencyMatches(text);
  if (found.length === 0) return null;
  return (
    <div className="warning emergency" role="alert">
      <h2>{t('emergency.title')}</h2>
      <p>{t('emergency.youWrote', { words: found[0] })} <strong>{t('emergency.call911')}</strong> {t('emergency.ifNow')} {nurseLine ? t('emergency.nurseLineAt', { phone: nurseLine.replace('+1-', '') }) : t('emergency.nurseLine')} {t('emergency.notRightAway')}</p>
      <label className="check"><input type="checkbox" checked={acknowledged} onChange={(e) => onAcknowledge(e.target.checked)} /> {t('emergency.ack')}</label>
    </div>
  );
}

export function CharCounter({ id, length, max }: { id: string; length: number; max: number }) {
  const { t } = useTranslation('messaging');
  const over = length > max;
  return <p id={id} className={`hint ${over ? 'error' : ''}`} aria-live={over ? 'assertive' : 'off'}>{t(over ? 'counterOver' : 'counter', { length, max })}</p>;
}

export function AttachmentPicker({ files, onChange, maxBytes }: { files: Attachment[]; onChange: (f: Attachment[]) => void; maxBytes: number }) {
  const id = useId();
  const { t } = useTranslation('messaging');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const add = async (list: FileList | null) => {
    setError(null);
    const file = list?.[0];
    if (!file) return;
    if (file.size > maxBytes) return setError(t('attach.tooLarge', { mb: Math.round(maxBytes / 1048576) }));
    setBusy(true);
    try {
      const r = await api<{ attachment: Attachment }>('/api/attachments', { method: 'POST', body: { filename: file.name, dataBase64: await readAsBase64(file) } });
      onChange([...files, r.attachment]);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('attach.failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="field">
      <label htmlFor={id}>{t('attach.label')}</label>
      <span className="hint" id={`${id}-hint`}>{t('attach.hint', { mb: Math.round(maxBytes / 1048576) })}</span>
      <input id={id} type="file" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" aria-describedby={`${id}-hint`} disabled={busy}
        onChange={(e) => { void add(e.target.files); e.target.value = ''; }} />
      {busy && <p role="status">{t('attach.attaching')}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      {files.length > 0 && (
        <ul className="plain">
          {files.map((f) => (
            <li key={f.id}>{f.filename} <button type="button" className="button secondary small" onClick={() => onChange(files.filter((x) => x.id !== f.id))}>{t('attach.remove', { name: f.filename })}</button></li>
          ))}
        </ul>
      )}
    </div>
  );
}
