import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError, newIdempotencyKey } from '../../api/client';
import { useAuth } from '../../app/auth';
import { formatTime, useLiveUpdates, type ThreadDetail, type ThreadSummary } from '../messaging/api';
import { MessageItem } from '../messaging/parts';
import { dueLabel } from './Inbasket';
import { EvisitPanel } from './Evisit';
import { ClinicalContextPanel, OpenChartLink, StructuredRequestPanel } from '../chart/ThreadLinks';
import { ActionMessage } from '../../components/a11y';

type Staff = { id: string; displayName: string; role: string };
type Pool = { id: string; name: string; clinicName: string };
type Hit = { id: string; threadId: string; subject: string; kind: string; body: string; createdAt: string; author: { displayName: string } };

/** Whom the reply reaches: the patient's messages, read by the proxy who wrote the last patient message (issue 14). */
function AnsweringWhom({ messages, patientName }: { messages: ThreadDetail['messages']; patientName: string }) {
  const last = [...messages].reverse().find((m) => m.kind === 'patient');
  if (!last?.onBehalfOf) return <p className="hint" data-testid="answering">You are answering {patientName}.</p>;
  const rel = last.onBehalfOf.relationship ? ` (${last.onBehalfOf.relationship})` : '';
  return (
    <p className="notice" data-testid="answering">
      You are answering {last.author.displayName}{rel}, who wrote for {last.onBehalfOf.patientName}. The reply goes to {patientName}'s messages.
    </p>
  );
}

/** A small form that posts, shows its error in words (or `done`, a confirmation), focused, and refreshes the thread. */
function ActionForm({ label, onSubmit, children, submitLabel, done }: { label: string; onSubmit: () => Promise<unknown>; children?: ReactNode; submitLabel: string; done?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [ok, setOk] = useState(0);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setOk(0);
    setBusy(true);
    try {
      await onSubmit();
      setOk(Date.now());
    } catch (err) { setError(err instanceof ApiError ? err.message : 'That did not work. Please try again.'); } finally { setBusy(false); }
  };
  return (
    <form onSubmit={submit} aria-label={label} className="action-form">
      {children}
      {error && <ActionMessage tone="error">{error}</ActionMessage>}
      {ok > 0 && done && !error && <ActionMessage key={ok}>{done}</ActionMessage>}
      <button className="button" type="submit" disabled={busy}>{submitLabel}</button>
    </form>
  );
}

export function StaffThread() {
  const { id = '' } = useParams();
  const { user } = useAuth();
  const navigate = useNavigate();
  const qc = useQueryClient();
  useLiveUpdates();
  const q = useQuery({ queryKey: ['thread', id], queryFn: () => api<ThreadDetail>(`/api/threads/${id}`) });
  // Only people and teams allowed to handle this conversation (the server's access policy decides).
  const staff = useQuery({ queryKey: ['inbasket-staff', id], queryFn: () => api<{ staff: Staff[]; pools?: Pool[] }>(`/api/inbasket/staff?threadId=${id}`) });
  const pools = { data: staff.data ? { pools: staff.data.pools ?? [] } : undefined };
  const clinicId = q.data?.thread.clinic.id;
  const templates = useQuery({ queryKey: ['templates', clinicId], enabled: !!clinicId,
    queryFn: () => api<{ templates: { id: string; title: string; body: string }[] }>(`/api/inbasket/templates?clinicId=${clinicId}`) });
  const [reply, setReply] = useState('');
  const [note, setNote] = useState('');
  const [resolution, setResolution] = useState('');
  const [assignee, setAssignee] = useState('');
  const [pool, setPool] = useState('');
  const [minutes, setMinutes] = useState('5');
  const [search, setSearch] = useState('');
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [call, setCall] = useState({ subject: '', body: '' });
  const keys = useRef({ reply: newIdempotencyKey(), note: newIdempotencyKey(), call: newIdempotencyKey() });
  const refresh = () => qc.invalidateQueries({ queryKey: ['thread', id] });
  const post = (path: string, body: unknown) => api(`/api/threads/${id}/${path}`, { method: 'POST', body });

  if (q.isLoading) return <div className="page"><h1>Conversation</h1><p role="status">Loading…</p></div>;
  if (q.isError || !q.data) return <div className="page"><h1>Conversation not found</h1><p><Link to="/inbasket">Back to the in-basket</Link></p></div>;
  const d = q.data;
  const t = d.thread;
  const clinical = user && ['physician', 'nurse', 'medical_assistant'].includes(user.role);
  return (
    <div className="page messaging">
      <h1>{t.subject}</h1>
      <p><Link to="/inbasket">Back to the in-basket</Link></p>
      <div className="thread-meta">
        <p><strong>Patient:</strong> {t.patient.name}{t.patient.mrn ? ` (${t.patient.mrn})` : ''} (<OpenChartLink patientId={t.patient.id} />) · <strong>Language:</strong> {t.patient.language ?? 'English'} · <strong>About:</strong> {t.category.label}</p>
        <p><strong>Status:</strong> {d.statusText} {dueLabel({ ...t, nearDue: false })}
          {t.dueAt && t.status === 'open' ? <> · <strong>Due:</strong> {formatTime(t.dueAt)}</> : null}</p>
        <p><strong>Team:</strong> {t.pool.name} · <strong>Assigned to:</strong> {t.assignee?.displayName ?? 'Nobody yet'}{t.provider ? <> · <strong>Provider:</strong> {t.provider.displayName}</> : null}</p>
      </div>
      <div className="staff-grid">
        <section aria-labelledby="msgs-h">
          <h2 id="msgs-h">Messages</h2>
          <ol className="msg-list">{d.messages.map((m) => <MessageItem key={m.id} m={m} showStatus={false} />)}</ol>
          {d.canReply && (
            <ActionForm label="Reply to the patient" submitLabel="Send reply to patient"
              done={`Reply sent to ${t.patient.name}. They get an email saying there is a new message (never the message itself).`} onSubmit={async () => {
              await post('messages', { body: reply, idempotencyKey: keys.current.reply });
              keys.current.reply = newIdempotencyKey();
              setReply('');
              await refresh();
            }}>
              <h3>Reply to the patient</h3>
              <AnsweringWhom messages={d.messages} patientName={t.patient.name} />
              {templates.data && templates.data.templates.length > 0 && (
                <div className="field">
                  <label htmlFor="tpl">Insert quick text</label>
                  <select id="tpl" value="" onChange={(e) => { const tp = templates.data?.templates.find((x) => x.id === e.target.value); if (tp) setReply((r) => (r ? `${r}\n${tp.body}` : tp.body)); }}>
                    <option value="">Choose a quick text…</option>
                    {templates.data.templates.map((tp) => <option key={tp.id} value={tp.id}>{tp.title}</option>)}
                  </select>
                </div>
              )}
              <div className="field wide"><label htmlFor="reply">Reply (the patient will see this)</label>
                <textarea id="reply" value={reply} onChange={(e) => setReply(e.target.value)} rows={5} /></div>
            </ActionForm>
          )}
          {clinical && <ActionForm label="Internal note" submitLabel="Save internal note" done="Internal note saved. Only the care team can see it." onSubmit={async () => {
            await post('notes', { body: note, idempotencyKey: keys.current.note });
            keys.current.note = newIdempotencyKey();
            setNote('');
            await refresh();
          }}>
            <h3>Internal note</h3>
            <div className="field wide"><label htmlFor="note">Note for the team (never shown to the patient)</label>
              <textarea id="note" value={note} onChange={(e) => setNote(e.target.value)} rows={3} /></div>
          </ActionForm>}
          <details className="history"><summary>Full history</summary>
            <ul>{d.events.map((e, i) => <li key={i}>{new Date(e.at).toLocaleString()} — {e.text}</li>)}</ul></details>
        </section>
        <aside aria-label="Actions">
          <StructuredRequestPanel threadId={t.id} />
          {clinical && <ClinicalContextPanel patientId={t.patient.id} />}
          {clinical && <EvisitPanel threadId={t.id} patientId={t.patient.id} />}
          <div className="panel">
            <h2>Who handles it</h2>
            <ActionForm label="Claim" submitLabel="Assign to me" onSubmit={async () => { await post('assign', {}); await refresh(); }} />
            <ActionForm label="Assign to a colleague" submitLabel="Assign" onSubmit={async () => { await post('assign', { userId: assignee }); await refresh(); }}>
              <div className="field"><label htmlFor="assignee">Assign to</label>
                <select id="assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)}>
                  <option value="">Choose a person…</option>
                  {staff.data?.staff.map((s) => <option key={s.id} value={s.id}>{s.displayName}</option>)}
                </select></div>
            </ActionForm>
            <ActionForm label="Send to another team" submitLabel="Send to team" onSubmit={async () => { await post('reassign', { poolId: pool }); await refresh(); }}>
              <div className="field"><label htmlFor="pool">Send to team</label>
                <select id="pool" value={pool} onChange={(e) => setPool(e.target.value)}>
                  <option value="">Choose a team…</option>
                  {pools.data?.pools.filter((p) => p.id !== t.pool.id).map((p) => <option key={p.id} value={p.id}>{p.name} ({p.clinicName})</option>)}
                </select></div>
            </ActionForm>
            <ActionForm label="Needs provider" submitLabel="Needs provider: send to the physician" onSubmit={async () => { await post('reassign', { needsProvider: true }); await refresh(); }} />
          </div>
          {t.status !== 'closed' ? (
            <div className="panel">
              <h2>Close</h2>
              <ActionForm label="Close conversation" submitLabel="Close conversation" onSubmit={async () => { await post('close', { resolution }); await refresh(); }}>
                <div className="field"><label htmlFor="resolution">How was it resolved?</label>
                  <input id="resolution" value={resolution} onChange={(e) => setResolution(e.target.value)} /></div>
              </ActionForm>
            </div>
          ) : (
            <div className="panel"><h2>Closed</h2><p>{t.resolution}</p>
              <ActionForm label="Reopen" submitLabel="Reopen" onSubmit={async () => { await post('reopen', {}); await refresh(); }} /></div>
          )}
          {clinical && (
            <div className="panel">
              <h2>Time spent</h2>
              <ActionForm label="Log time" submitLabel="Log time" onSubmit={async () => { await post('time', { minutes: Number(minutes), activity: 'messaging' }); }}>
                <div className="field"><label htmlFor="minutes">Minutes on this conversation</label>
                  <input id="minutes" type="number" min={1} max={240} value={minutes} onChange={(e) => setMinutes(e.target.value)} /></div>
              </ActionForm>
            </div>
          )}
          {clinical && <div className="panel">
            <h2>Log a phone call</h2>
            <ActionForm label="Log a phone call" submitLabel="Save phone call" onSubmit={async () => {
              const r = await api<{ thread: ThreadSummary }>(`/api/patients/${t.patient.id}/phone-encounters`,
                { method: 'POST', body: { category: t.category.code, subject: call.subject, body: call.body, idempotencyKey: keys.current.call } });
              keys.current.call = newIdempotencyKey();
              setCall({ subject: '', body: '' });
              navigate(`/inbasket/${r.thread.id}`);
            }}>
              <div className="field"><label htmlFor="call-subject">Subject</label>
                <input id="call-subject" value={call.subject} onChange={(e) => setCall({ ...call, subject: e.target.value })} /></div>
              <div className="field"><label htmlFor="call-body">What was said</label>
                <textarea id="call-body" rows={3} value={call.body} onChange={(e) => setCall({ ...call, body: e.target.value })} /></div>
            </ActionForm>
          </div>}
          {clinical && <div className="panel">
            <h2>Search this patient’s messages</h2>
            <ActionForm label="Search history" submitLabel="Search" onSubmit={async () => {
              const r = await api<{ results: Hit[] }>(`/api/patients/${t.patient.id}/messages?q=${encodeURIComponent(search)}`);
              setHits(r.results);
            }}>
              <div className="field"><label htmlFor="hist-q">Words to find (for example a medicine)</label>
                <input id="hist-q" type="search" value={search} onChange={(e) => setSearch(e.target.value)} /></div>
            </ActionForm>
            {hits && (hits.length === 0 ? <p role="status">No messages found.</p> : (
              <ul className="plain" aria-label="Search results">
                {hits.map((h) => <li key={h.id}><Link to={`/inbasket/${h.threadId}`}>{h.subject}</Link> <span className="hint">{formatTime(h.createdAt)} · {h.author.displayName}{h.kind === 'internal_note' ? ' · internal note' : ''}</span><p className="preview">{h.body}</p></li>)}
              </ul>
            ))}
          </div>}
        </aside>
      </div>
    </div>
  );
}
