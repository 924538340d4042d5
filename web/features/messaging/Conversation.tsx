import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useParams } from 'react-router';
import { api, ApiError, newIdempotencyKey } from '../../api/client';
import { looksUrgent } from '../../../shared/messaging/emergency';
import { useDraft, useLiveUpdates, type Attachment, type ComposerInfo, type Draft, type ThreadDetail } from './api';
import { AttachmentPicker, CharCounter, EmergencyWarning, MessageItem } from './parts';
import './messaging.css';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n/format';
import { ActionMessage } from '../../components/a11y';

/** A patient's conversation: every message with who wrote it, the progress of their own messages, and a reply box. */
export function Conversation() {
  const { id = '' } = useParams();
  const location = useLocation();
  const qc = useQueryClient();
  const { t: tr } = useTranslation(['messaging', 'common']);
  const { t: ts } = useTranslation('shell');
  useLiveUpdates();
  const q = useQuery({ queryKey: ['thread', id], queryFn: () => api<ThreadDetail>(`/api/threads/${id}`) });
  const act = useMutation({
    mutationFn: (path: string) => api(`/api/threads/${id}/${path}`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['thread', id] }),
  });
  if (q.isLoading) return <div className="page"><h1>{tr('thread.title')}</h1><p role="status">{tr('common:loading')}</p></div>;
  if (q.isError || !q.data) {
    return <div className="page"><h1>{tr('thread.notFoundTitle')}</h1><p>{tr('thread.notFound')} <Link to="/messages">{tr('thread.seeAll')}</Link>.</p></div>;
  }
  const d = q.data;
  const t = d.thread;
  return (
    <div className="page messaging">
      <h1>{t.subject}</h1>
      <p><Link to="/messages">{tr('compose.back')}</Link></p>
      {(location.state as { sent?: boolean } | null)?.sent && (
        <ActionMessage>
          {tr('thread.sentTo', { pool: t.pool.name })}{' '}
          {t.dueAt ? ts('messaging.answerBy', { pool: t.pool.name, when: formatDateTime(t.dueAt) }) : ts('messaging.answerSoon', { pool: t.pool.name })}
        </ActionMessage>
      )}
      <div className="thread-meta">
        <p><strong>{tr('thread.about')}</strong> {t.category.label} · <strong>{tr('thread.clinic')}</strong> {t.clinic.name}</p>
        <p className="status-text"><strong>{tr('thread.status')}</strong> {d.statusText}</p>
      </div>
      {t.overdue && (
        <div className="warning" role="status">
          <p><strong>{tr('thread.lateTitle')}</strong> {tr('thread.lateText')} {t.escalated ? tr('thread.leadTold') : tr('thread.leadWillBeTold')}
            {' '}{tr('thread.worried')}</p>
        </div>
      )}
      <h2>{tr('thread.messages')}</h2>
      <ol className="msg-list">
        {d.messages.map((m) => <MessageItem key={m.id} m={m} showStatus={m.kind === 'patient'} />)}
      </ol>
      {d.canReply ? (
        <>
          <Reply threadId={id} pool={t.pool.name} dueAt={t.dueAt} />
          {/* Resolved only once there is an answer: before that, there is nothing to resolve. */}
          {t.status !== 'closed' && (t.status === 'answered' || d.messages.some((m) => m.kind === 'staff_reply')) ? (
            <p><button type="button" className="button secondary" onClick={() => act.mutate('resolve')} disabled={act.isPending}>{tr('thread.resolve')}</button></p>
          ) : t.status !== 'closed' ? <p className="hint">{ts('messaging.resolveAfterAnswer')}</p> : null}
        </>
      ) : (
        <div className="panel">
          <h2>{tr('thread.closedTitle')}</h2>
          {t.resolution && <p>{t.resolution}</p>}
          <p>{tr('thread.closedText')}</p>
          <p className="actions">
            <Link className="button" to={`/messages/new?linked=${t.id}`}>{tr('thread.startLinked')}</Link>
            {d.canReopen && <button type="button" className="button secondary" onClick={() => act.mutate('reopen')}>{tr('thread.reopen')}</button>}
          </p>
        </div>
      )}
      {act.isError && <p className="error" role="alert">{(act.error as Error).message}</p>}
      <details className="history">
        <summary>{tr('thread.history')}</summary>
        <ul>{d.events.map((e, i) => <li key={i}>{formatDateTime(e.at)} — {e.text}</li>)}</ul>
      </details>
    </div>
  );
}

export function Reply({ threadId, onSent, pool, dueAt }: { threadId: string; onSent?: () => void; pool?: string; dueAt?: string | null }) {
  const qc = useQueryClient();
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<Attachment[]>([]);
  const [ack, setAck] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState(0);
  const [loaded, setLoaded] = useState(false);
  const key = useRef(newIdempotencyKey());
  const id = useId();
  const { t } = useTranslation('messaging');
  const { t: ts } = useTranslation('shell');
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
    setSent(0);
    if (!body.trim()) return setError(t('reply.writeFirst'));
    if (body.length > max) return setError(t('reply.tooLong', { max }));
    if (urgent && !ack) return setError(t('compose.readWarning'));
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
      setSent((n) => n + 1);
      onSent?.();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('reply.notSent'));
    } finally {
      setSending(false);
    }
  };
  return (
    <form onSubmit={submit} className="reply" noValidate>
      <h2>{t('reply.title')}</h2>
      <div className="field wide">
        <label htmlFor={id}>{t('reply.label')}</label>
        <textarea id={id} value={body} rows={5} onChange={(e) => setBody(e.target.value)} aria-describedby={`${id}-count`} />
        <CharCounter id={`${id}-count`} length={body.length} max={max} />
      </div>
      <EmergencyWarning text={body} acknowledged={ack} onAcknowledge={setAck} />
      <AttachmentPicker files={files} onChange={setFiles} maxBytes={limits?.maxAttachmentBytes ?? 5 * 1024 * 1024} />
      {error && <ActionMessage tone="error">{error}</ActionMessage>}
      {sent > 0 && !error && pool && (
        <ActionMessage key={sent}>{dueAt ? ts('messaging.replySent', { pool, when: formatDateTime(dueAt) }) : ts('messaging.replySentNoDue', { pool })}</ActionMessage>
      )}
      <button className="button" type="submit" disabled={sending}>{sending ? t('compose.sending') : t('reply.send')}</button>
    </form>
  );
}
