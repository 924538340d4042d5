import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useParams } from 'react-router';
import { api, ApiError, newIdempotencyKey } from '../../api/client';
import { looksUrgent } from '../../../shared/messaging/emergency';
import { useDraft, useLiveUpdates, type Attachment, type ComposerInfo, type Draft, type ThreadDetail } from './api';
import { AttachmentPicker, CharCounter, EmergencyWarning, MessageItem } from './parts';
import './messaging.css';

/** A patient's conversation: every message with who wrote it, the progress of their own messages, and a reply box. */
export function Conversation() {
  const { id = '' } = useParams();
  const location = useLocation();
  const qc = useQueryClient();
  useLiveUpdates();
  const q = useQuery({ queryKey: ['thread', id], queryFn: () => api<ThreadDetail>(`/api/threads/${id}`) });
  const act = useMutation({
    mutationFn: (path: string) => api(`/api/threads/${id}/${path}`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['thread', id] }),
  });
  if (q.isLoading) return <div className="page"><h1>Conversation</h1><p role="status">Loading…</p></div>;
  if (q.isError || !q.data) {
    return <div className="page"><h1>Conversation not found</h1><p>We could not find this conversation. <Link to="/messages">See all your messages</Link>.</p></div>;
  }
  const d = q.data;
  const t = d.thread;
  return (
    <div className="page messaging">
      <h1>{t.subject}</h1>
      <p><Link to="/messages">Back to your messages</Link></p>
      {(location.state as { sent?: boolean } | null)?.sent && <p className="notice" role="status">Your message was sent to {t.pool.name}.</p>}
      <div className="thread-meta">
        <p><strong>About:</strong> {t.category.label} · <strong>Clinic:</strong> {t.clinic.name}</p>
        <p className="status-text"><strong>Status:</strong> {d.statusText}</p>
      </div>
      {t.overdue && (
        <div className="warning" role="status">
          <p><strong>Your reply is late.</strong> The clinic aims to answer sooner than this. {t.escalated ? 'We have told a team lead so you get an answer soon.' : 'A team lead will be told.'}
            {' '}If you are worried, call the clinic.</p>
        </div>
      )}
      <h2>Messages</h2>
      <ol className="msg-list">
        {d.messages.map((m) => <MessageItem key={m.id} m={m} showStatus={m.kind === 'patient'} />)}
      </ol>
      {d.canReply ? (
        <>
          <Reply threadId={id} />
          {t.status !== 'closed' && (
            <p><button type="button" className="button secondary" onClick={() => act.mutate('resolve')} disabled={act.isPending}>My question is answered: mark as resolved</button></p>
          )}
        </>
      ) : (
        <div className="panel">
          <h2>This conversation is closed</h2>
          {t.resolution && <p>{t.resolution}</p>}
          <p>Closed conversations cannot take new messages.</p>
          <p className="actions">
            <Link className="button" to={`/messages/new?linked=${t.id}`}>Start a new conversation about this</Link>
            {d.canReopen && <button type="button" className="button secondary" onClick={() => act.mutate('reopen')}>Reopen this conversation</button>}
          </p>
        </div>
      )}
      {act.isError && <p className="error" role="alert">{(act.error as Error).message}</p>}
      <details className="history">
        <summary>Full history of this conversation</summary>
        <ul>{d.events.map((e, i) => <li key={i}>{new Date(e.at).toLocaleString()} — {e.text}</li>)}</ul>
      </details>
    </div>
  );
}

export function Reply({ threadId, onSent }: { threadId: string; onSent?: () => void }) {
  const qc = useQueryClient();
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<Attachment[]>([]);
  const [ack, setAck] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const key = useRef(newIdempotencyKey());
  const id = useId();
  useEffect(() => {
    api<{ draft: Draft | null }>(`/api/drafts/${threadId}`).then(({ draft }) => draft && setBody(draft.body)).catch(() => undefined).finally(() => setLoaded(true));
  }, [threadId]);
  const value = useMemo(() => ({ subject: '', body, category: null, clinicId: null, providerId: null }), [body]);
  const { settle } = useDraft(threadId, value, loaded);
  const limits = useQuery({ queryKey: ['composer', undefined], queryFn: () => api<ComposerInfo>('/api/messaging/categories') }).data?.limits;
  const max = limits?.maxBodyChars ?? 5000;
  const urgent = looksUrgent(body);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!body.trim()) return setError('Please write your reply before sending.');
    if (body.length > max) return setError(`Your reply is too long. The limit is ${max} characters.`);
    if (urgent && !ack) return setError('Please read the emergency warning and check the box before sending.');
    setSending(true);
    settle(value);
    try {
      await api(`/api/threads/${threadId}/messages`, { method: 'POST', body: { body, idempotencyKey: key.current, attachmentIds: files.map((f) => f.id), urgentAcknowledged: urgent ? ack : undefined } });
      key.current = newIdempotencyKey();
      settle({ ...value, body: '' });
      setBody('');
      setFiles([]);
      setAck(false);
      await qc.invalidateQueries({ queryKey: ['thread', threadId] });
      onSent?.();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Your reply was not sent. Please try again.');
    } finally {
      setSending(false);
    }
  };
  return (
    <form onSubmit={submit} className="reply" noValidate>
      <h2>Reply</h2>
      <div className="field wide">
        <label htmlFor={id}>Your reply</label>
        <textarea id={id} value={body} rows={5} onChange={(e) => setBody(e.target.value)} aria-describedby={`${id}-count`} />
        <CharCounter id={`${id}-count`} length={body.length} max={max} />
      </div>
      <EmergencyWarning text={body} acknowledged={ack} onAcknowledge={setAck} />
      <AttachmentPicker files={files} onChange={setFiles} maxBytes={limits?.maxAttachmentBytes ?? 5 * 1024 * 1024} />
      {error && <p className="error" role="alert">{error}</p>}
      <button className="button" type="submit" disabled={sending}>{sending ? 'Sending…' : 'Send reply'}</button>
    </form>
  );
}
