import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, ApiError, newIdempotencyKey } from '../../api/client';

/** "I have a question about this bill": a message to the billing office about this statement. */
export function QuestionSection({ statementId, statementNumber, fallbackUrl }: { statementId: string; statementNumber: string; fallbackUrl: string }) {
  const [text, setText] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<{ message: string; fallback: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey());

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!text.trim()) { setError({ message: 'Please write your question.', fallback: false }); return; }
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ url: string }>(`/api/billing/statements/${statementId}/question`, { method: 'POST', body: { body: text, idempotencyKey: key.current } });
      setSent(r.url);
      key.current = newIdempotencyKey();
    } catch (err) {
      if (err instanceof ApiError) {
        key.current = newIdempotencyKey();
        setError({ message: err.message, fallback: err.code === 'billing_messages_unavailable' });
      } else setError({ message: 'We could not send your question. Please try again.', fallback: false });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="q-h" className="panel">
      <h2 id="q-h">Questions about this bill?</h2>
      {sent ? (
        <p role="status" className="success">Your question was sent to the billing office. <Link to={sent}>See the conversation</Link>.</p>
      ) : (
        <form onSubmit={submit}>
          <p>Send a message to the billing office about statement {statementNumber}. They usually answer within 2 working days.</p>
          {error && <p className="error" role="alert">{error.message} {error.fallback && <Link to={fallbackUrl}>Write a message instead</Link>}</p>}
          <div className="field">
            <label htmlFor="bill-q">Your question</label>
            <textarea id="bill-q" value={text} onChange={(e) => setText(e.target.value)} maxLength={5000} />
          </div>
          <button type="submit" className="button secondary" disabled={busy}>{busy ? 'Sending…' : 'Send question'}</button>
        </form>
      )}
    </section>
  );
}
