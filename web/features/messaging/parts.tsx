import { useId, useState } from 'react';
import { api, ApiError } from '../../api/client';
import { emergencyMatches } from '../../../shared/messaging/emergency';
import { formatTime, readAsBase64, type Attachment, type Message } from './api';

/** Sent → Received by <pool> → Read by <name> at <time> → Answered. Each step says in words whether it happened. */
export function StatusLine({ status }: { status: NonNullable<Message['status']> }) {
  const steps = [
    { done: true, text: `Sent ${formatTime(status.sentAt)}` },
    { done: true, text: `Received by ${status.receivedBy}` },
    { done: !!status.readBy, text: status.readBy ? `Read by ${status.readBy.displayName} at ${formatTime(status.readBy.at)}` : 'Not read yet' },
    { done: !!status.answeredAt, text: status.answeredAt ? `Answered ${formatTime(status.answeredAt)}` : 'Not answered yet' },
  ];
  return (
    <ol className="msg-status" aria-label="Message progress">
      {steps.map((s, i) => (
        <li key={i} className={s.done ? 'done' : 'pending'}>
          <span aria-hidden="true">{s.done ? '✓' : '○'}</span> {s.text}
        </li>
      ))}
    </ol>
  );
}

export function MessageItem({ m, showStatus }: { m: Message; showStatus: boolean }) {
  const label = m.kind === 'internal_note' ? 'Internal note (not shown to the patient)' : m.kind === 'phone_encounter' ? 'Phone call' : null;
  return (
    <li className={`msg msg-${m.kind}`}>
      <article aria-label={`${label ? `${label} by` : 'Message from'} ${m.author.displayName}`}>
        <header className="msg-head">
          {label && <span className="msg-kind">{label}</span>}
          <strong>{m.author.displayName}</strong> <span className="hint">{formatTime(m.createdAt)}</span>
        </header>
        <p className="msg-body">{m.body}</p>
        {m.attachments.length > 0 && (
          <ul className="plain">
            {m.attachments.map((a) => <li key={a.id}><a href={a.url}>{a.filename}</a> <span className="hint">({Math.ceil(a.size / 1024)} KB)</span></li>)}
          </ul>
        )}
        {showStatus && m.status && <StatusLine status={m.status} />}
      </article>
    </li>
  );
}

/** Shown as soon as the text suggests an emergency; sending needs the checkbox. */
export function EmergencyWarning({ text, acknowledged, onAcknowledge, nurseLine }: { text: string; acknowledged: boolean; onAcknowledge: (v: boolean) => void; nurseLine?: string | null }) {
  const found = emergencyMatches(text);
  if (found.length === 0) return null;
  return (
    <div className="warning emergency" role="alert">
      <h2>This may be an emergency</h2>
      <p>You wrote “{found[0]}”. <strong>Call 911 now</strong> if this is happening now. For urgent questions call the nurse line{nurseLine ? ` at ${nurseLine.replace('+1-', '')}` : ''}. Messages are not read right away.</p>
      <label className="check"><input type="checkbox" checked={acknowledged} onChange={(e) => onAcknowledge(e.target.checked)} /> I understand. This is not an emergency. Send my message.</label>
    </div>
  );
}

export function CharCounter({ id, length, max }: { id: string; length: number; max: number }) {
  const over = length > max;
  return <p id={id} className={`hint ${over ? 'error' : ''}`} aria-live={over ? 'assertive' : 'off'}>{length} of {max} characters{over ? ' — too long, please shorten it' : ''}</p>;
}

export function AttachmentPicker({ files, onChange, maxBytes }: { files: Attachment[]; onChange: (f: Attachment[]) => void; maxBytes: number }) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const add = async (list: FileList | null) => {
    setError(null);
    const file = list?.[0];
    if (!file) return;
    if (file.size > maxBytes) return setError(`This file is too large. The limit is ${Math.round(maxBytes / 1048576)} MB.`);
    setBusy(true);
    try {
      const r = await api<{ attachment: Attachment }>('/api/attachments', { method: 'POST', body: { filename: file.name, dataBase64: await readAsBase64(file) } });
      onChange([...files, r.attachment]);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The file could not be attached.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="field">
      <label htmlFor={id}>Attach a file (optional)</label>
      <span className="hint" id={`${id}-hint`}>PDF, JPEG or PNG, up to {Math.round(maxBytes / 1048576)} MB.</span>
      <input id={id} type="file" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" aria-describedby={`${id}-hint`} disabled={busy}
        onChange={(e) => { void add(e.target.files); e.target.value = ''; }} />
      {busy && <p role="status">Attaching…</p>}
      {error && <p className="error" role="alert">{error}</p>}
      {files.length > 0 && (
        <ul className="plain">
          {files.map((f) => (
            <li key={f.id}>{f.filename} <button type="button" className="button secondary small" onClick={() => onChange(files.filter((x) => x.id !== f.id))}>Remove {f.filename}</button></li>
          ))}
        </ul>
      )}
    </div>
  );
}
