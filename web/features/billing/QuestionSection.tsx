import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, ApiError, newIdempotencyKey } from '../../api/client';
import { useTranslation } from 'react-i18next';

/** "I have a question about this bill": a message to the billing office about this statement. */
export function QuestionSection({ statementId, statementNumber, fallbackUrl }: { statementId: string; statementNumber: string; fallbackUrl: string }) {
  const [text, setText] = useState('');
  const { t } = useTranslation('billing');
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<{ message: string; fallback: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey());

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!text.trim()) { setError({ message: t('question.write'), fallback: false }); return; }
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
      } else setError({ message: t('question.error'), fallback: false });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="q-h" className="panel">
      <h2 id="q-h">{t('question.title')}</h2>
      {sent ? (
        <p role="status" className="success">{t('question.sent')} <Link to={sent}>{t('question.conversation')}</Link>.</p>
      ) : (
        <form onSubmit={submit}>
          <p>{t('question.text', { number: statementNumber })}</p>
          {error && <p className="error" role="alert">{error.message} {error.fallback && <Link to={fallbackUrl}>{t('question.instead')}</Link>}</p>}
          <div className="field">
            <label htmlFor="bill-q">{t('question.label')}</label>
            <textarea id="bill-q" value={text} onChange={(e) => setText(e.target.value)} maxLength={5000} />
          </div>
          <button type="submit" className="button secondary" disabled={busy}>{busy ? t('question.sending') : t('question.send')}</button>
        </form>
      )}
    </section>
  );
}
