import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { dateTime, longDate } from '../billing/format';
import '../billing/billing.css';

type Coverage = {
  id: string; payer: string; planName: string | null; memberId: string | null; groupId: string | null; subscriberName: string | null;
  relationship: string | null; startDate: string | null; endDate: string | null; copays: string | null; status: string; source: string;
};
type Card = { id: string; side: 'front' | 'back'; contentType: string; uploadedAt: string; url: string };
type Request = { id: string; payer: string; memberId: string; status: string; statusText: string; submittedAt: string };
type Insurance = { coverages: Coverage[]; cards: Card[]; requests: Request[] };

const RELATIONSHIP: Record<string, string> = { self: 'You', spouse: 'Spouse or partner', child: 'Child', other: 'Other' };

export function InsurancePage() {
  const q = useQuery({ queryKey: ['insurance'], queryFn: () => api<Insurance>('/api/insurance') });
  return (
    <div className="page">
      <h1>Your insurance</h1>
      {q.isLoading && <p role="status">Loading your insurance…</p>}
      {q.isError && <p className="error" role="alert">We could not load your insurance. Please reload the page.</p>}
      {q.data && (
        <>
          <section aria-labelledby="cov-h">
            <h2 id="cov-h">Insurance on file</h2>
            {q.data.coverages.length === 0 && <p>We have no insurance on file for you. If you have insurance, tell us below.</p>}
            {q.data.coverages.map((c) => (
              <div key={c.id} className="card">
                <h3>{c.payer}</h3>
                <dl className="summary-list">
                  <dt>Plan</dt><dd>{c.planName ?? 'Not known'}</dd>
                  <dt>Member ID</dt><dd>{c.memberId ?? 'Not known'}</dd>
                  <dt>Group number</dt><dd>{c.groupId ?? 'None'}</dd>
                  <dt>Policy holder</dt><dd>{c.subscriberName ?? 'Not known'}{c.relationship ? ` (${RELATIONSHIP[c.relationship] ?? c.relationship})` : ''}</dd>
                  <dt>Covered from</dt><dd>{c.startDate ? longDate(c.startDate) : 'Not known'}{c.endDate ? ` to ${longDate(c.endDate)}` : ''}</dd>
                  <dt>Copays</dt><dd>{c.copays ?? 'Not known. Check the back of your card or call your insurance.'}</dd>
                  <dt>Status</dt><dd>{c.status === 'active' ? 'Active' : c.status}</dd>
                </dl>
                <p className="hint">{c.source}</p>
              </div>
            ))}
          </section>
          <CardPictures cards={q.data.cards} />
          <UpdateForm requests={q.data.requests} />
        </>
      )}
    </div>
  );
}

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^;]*;base64,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

function CardPictures({ cards }: { cards: Card[] }) {
  const qc = useQueryClient();
  const [status, setStatus] = useState<{ side: string; text: string; error: boolean } | null>(null);
  async function upload(side: 'front' | 'back', file: File | undefined) {
    if (!file) return;
    if (file.size > 5 * 1024 * 1024) { setStatus({ side, text: 'The picture is too large. Please use one smaller than 5 MB.', error: true }); return; }
    setStatus({ side, text: 'Uploading…', error: false });
    try {
      await api('/api/insurance/cards', { method: 'POST', body: { side, dataBase64: await readBase64(file) } });
      setStatus({ side, text: `The ${side} of your card was saved.`, error: false });
      await qc.invalidateQueries({ queryKey: ['insurance'] });
    } catch (err) {
      setStatus({ side, text: err instanceof ApiError ? err.message : 'The upload did not work. Please try again.', error: true });
    }
  }
  return (
    <section aria-labelledby="pics-h">
      <h2 id="pics-h">Pictures of your insurance card</h2>
      <p>Add a photo of the front and the back, so the front desk has the right numbers.</p>
      <div className="card-images">
        {(['front', 'back'] as const).map((side) => {
          const card = cards.find((c) => c.side === side);
          return (
            <div key={side} className="card">
              <h3>{side === 'front' ? 'Front' : 'Back'}</h3>
              {card ? (card.contentType === 'application/pdf'
                ? <p><a href={card.url}>Open the {side} of your card (PDF)</a></p>
                : <img src={card.url} alt={`The ${side} of your insurance card, added ${dateTime(card.uploadedAt)}`} />)
                : <p>No picture yet.</p>}
              <div className="field">
                <label htmlFor={`card-${side}`}>{card ? `Replace the ${side} picture` : `Add a picture of the ${side}`}</label>
                <input id={`card-${side}`} type="file" accept="image/jpeg,image/png,image/webp,application/pdf"
                  aria-describedby={`card-${side}-hint`} onChange={(e) => void upload(side, e.target.files?.[0])} />
                <span id={`card-${side}-hint`} className="hint">A photo (JPEG, PNG) or a PDF, up to 5 MB.</span>
              </div>
              {status?.side === side && <p role={status.error ? 'alert' : 'status'} className={status.error ? 'error' : 'success'}>{status.text}</p>}
            </div>
          );
        })}
      </div>
    </section>
  );
}

const EMPTY = { payer: '', planName: '', memberId: '', groupId: '', subscriberName: '', relationship: 'self', startDate: '', note: '' };

function UpdateForm({ requests }: { requests: Request[] }) {
  const qc = useQueryClient();
  const [f, setF] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof EMPTY) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!f.payer.trim()) found.payer = 'Enter the name of your insurance company.';
    if (!f.memberId.trim()) found.memberId = 'Enter your member ID from the card.';
    setErrors(found);
    setDone(false);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await api('/api/insurance/update-requests', { method: 'POST', body: f });
      setF(EMPTY);
      setDone(true);
      await qc.invalidateQueries({ queryKey: ['insurance'] });
    } catch (err) {
      setErrors(err instanceof ApiError ? { [err.field ?? 'form']: err.message } : { form: 'We could not send this. Please try again.' });
    } finally {
      setBusy(false);
    }
  }
  const input = (k: keyof typeof EMPTY, label: string, opts: { required?: boolean; type?: string; hint?: string } = {}) => (
    <div className="field">
      <label htmlFor={`ins-${k}`}>{label}{opts.required ? '' : ' (optional)'}</label>
      <input id={`ins-${k}`} type={opts.type ?? 'text'} value={f[k]} onChange={set(k)} aria-invalid={!!errors[k]}
        aria-describedby={[opts.hint ? `ins-${k}-hint` : '', errors[k] ? `ins-${k}-err` : ''].filter(Boolean).join(' ') || undefined} />
      {opts.hint && <span id={`ins-${k}-hint`} className="hint">{opts.hint}</span>}
      {errors[k] && <span id={`ins-${k}-err`} className="error" role="alert">{errors[k]}</span>}
    </div>
  );
  return (
    <section aria-labelledby="upd-h" className="panel">
      <h2 id="upd-h">Update my insurance</h2>
      <p>New insurance or a new card? Tell us here. The front desk will update your record before your next visit.</p>
      {done && <p className="success" role="status">Thank you. Your new insurance was sent to the front desk.</p>}
      {errors.form && <p className="error" role="alert">{errors.form}</p>}
      <form onSubmit={submit} noValidate>
        {input('payer', 'Insurance company', { required: true })}
        {input('planName', 'Plan name')}
        {input('memberId', 'Member ID', { required: true, hint: 'On the front of your card.' })}
        {input('groupId', 'Group number')}
        {input('subscriberName', 'Name of the policy holder', { hint: 'The person the insurance is in the name of.' })}
        <div className="field">
          <label htmlFor="ins-relationship">The policy holder is</label>
          <select id="ins-relationship" value={f.relationship} onChange={set('relationship')}>
            <option value="self">Me</option><option value="spouse">My spouse or partner</option><option value="child">My parent (I am their child)</option><option value="other">Someone else</option>
          </select>
        </div>
        {input('startDate', 'Date the insurance starts', { type: 'date' })}
        <div className="field">
          <label htmlFor="ins-note">Anything else we should know (optional)</label>
          <textarea id="ins-note" value={f.note} onChange={set('note')} maxLength={1000} />
        </div>
        <button type="submit" className="button" disabled={busy}>{busy ? 'Sending…' : 'Send to the front desk'}</button>
      </form>
      {requests.length > 0 && (
        <>
          <h3>What you sent</h3>
          <ul className="plain">
            {requests.map((r) => <li key={r.id}>{r.payer}, member ID {r.memberId}, sent {dateTime(r.submittedAt)}: <strong>{r.statusText}</strong></li>)}
          </ul>
        </>
      )}
    </section>
  );
}
