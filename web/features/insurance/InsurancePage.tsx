import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { dateTime, longDate } from '../billing/format';
import '../billing/billing.css';
import { useTranslation } from 'react-i18next';

type Coverage = {
  id: string; payer: string; planName: string | null; memberId: string | null; groupId: string | null; subscriberName: string | null;
  relationship: string | null; startDate: string | null; endDate: string | null; copays: string | null; status: string; source: string;
};
type Card = { id: string; side: 'front' | 'back'; contentType: string; uploadedAt: string; url: string };
type Request = { id: string; payer: string; memberId: string; status: string; statusText: string; submittedAt: string };
type Insurance = { coverages: Coverage[]; cards: Card[]; requests: Request[] };


export function InsurancePage() {
  const { t } = useTranslation('insurance');
  const q = useQuery({ queryKey: ['insurance'], queryFn: () => api<Insurance>('/api/insurance') });
  return (
    <div className="page">
      <h1>{t('title')}</h1>
      {q.isLoading && <p role="status">{t('loading')}</p>}
      {q.isError && <p className="error" role="alert">{t('loadError')}</p>}
      {q.data && (
        <>
          <section aria-labelledby="cov-h">
            <h2 id="cov-h">{t('onFile')}</h2>
            {q.data.coverages.length === 0 && <p>{t('none')}</p>}
            {q.data.coverages.map((c) => (
              <div key={c.id} className="card">
                <h3>{c.payer}</h3>
                <dl className="summary-list">
                  <dt>{t('plan')}</dt><dd>{c.planName ?? t('notKnown')}</dd>
                  <dt>{t('memberId')}</dt><dd>{c.memberId ?? t('notKnown')}</dd>
                  <dt>{t('group')}</dt><dd>{c.groupId ?? t('noneWord')}</dd>
                  <dt>{t('holder')}</dt><dd>{c.subscriberName ?? t('notKnown')}{c.relationship ? ` (${t(`rel.${c.relationship}`, { defaultValue: c.relationship })})` : ''}</dd>
                  <dt>{t('from')}</dt><dd>{c.startDate ? longDate(c.startDate) : t('notKnown')}{c.endDate ? ` ${t('to', { date: longDate(c.endDate) })}` : ''}</dd>
                  <dt>{t('copays')}</dt><dd>{c.copays ?? t('copaysUnknown')}</dd>
                  <dt>{t('status')}</dt><dd>{c.status === 'active' ? t('active') : c.status}</dd>
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
  const { t } = useTranslation('insurance');
  const [status, setStatus] = useState<{ side: string; text: string; error: boolean } | null>(null);
  async function upload(side: 'front' | 'back', file: File | undefined) {
    if (!file) return;
    if (file.size > 5 * 1024 * 1024) { setStatus({ side, text: t('pics.tooLarge'), error: true }); return; }
    setStatus({ side, text: t('pics.uploading'), error: false });
    try {
      await api('/api/insurance/cards', { method: 'POST', body: { side, dataBase64: await readBase64(file) } });
      setStatus({ side, text: side === 'front' ? t('pics.savedFront') : t('pics.savedBack'), error: false });
      await qc.invalidateQueries({ queryKey: ['insurance'] });
    } catch (err) {
      setStatus({ side, text: err instanceof ApiError ? err.message : t('pics.failed'), error: true });
    }
  }
  return (
    <section aria-labelledby="pics-h">
      <h2 id="pics-h">{t('pics.title')}</h2>
      <p>{t('pics.lead')}</p>
      <div className="card-images">
        {(['front', 'back'] as const).map((side) => {
          const card = cards.find((c) => c.side === side);
          return (
            <div key={side} className="card">
              <h3>{side === 'front' ? t('pics.front') : t('pics.back')}</h3>
              {card ? (card.contentType === 'application/pdf'
                ? <p><a href={card.url}>{side === 'front' ? t('pics.openFront') : t('pics.openBack')}</a></p>
                : <img src={card.url} alt={t(side === 'front' ? 'pics.altFront' : 'pics.altBack', { date: dateTime(card.uploadedAt) })} />)
                : <p>{t('pics.noPicture')}</p>}
              <div className="field">
                <label htmlFor={`card-${side}`}>{card ? t(side === 'front' ? 'pics.replaceFront' : 'pics.replaceBack') : t(side === 'front' ? 'pics.addFront' : 'pics.addBack')}</label>
                <input id={`card-${side}`} type="file" accept="image/jpeg,image/png,image/webp,application/pdf"
                  aria-describedby={`card-${side}-hint`} onChange={(e) => void upload(side, e.target.files?.[0])} />
                <span id={`card-${side}-hint`} className="hint">{t('pics.hint')}</span>
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
  const { t } = useTranslation('insurance');
  const [f, setF] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof EMPTY) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!f.payer.trim()) found.payer = t('update.errPayer');
    if (!f.memberId.trim()) found.memberId = t('update.errMember');
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
      setErrors(err instanceof ApiError ? { [err.field ?? 'form']: err.message } : { form: t('update.error') });
    } finally {
      setBusy(false);
    }
  }
  const input = (k: keyof typeof EMPTY, label: string, opts: { required?: boolean; type?: string; hint?: string } = {}) => (
    <div className="field">
      <label htmlFor={`ins-${k}`}>{label}{opts.required ? '' : ` ${t('update.optional')}`}</label>
      <input id={`ins-${k}`} type={opts.type ?? 'text'} value={f[k]} onChange={set(k)} aria-invalid={!!errors[k]}
        aria-describedby={[opts.hint ? `ins-${k}-hint` : '', errors[k] ? `ins-${k}-err` : ''].filter(Boolean).join(' ') || undefined} />
      {opts.hint && <span id={`ins-${k}-hint`} className="hint">{opts.hint}</span>}
      {errors[k] && <span id={`ins-${k}-err`} className="error" role="alert">{errors[k]}</span>}
    </div>
  );
  return (
    <section aria-labelledby="upd-h" className="panel">
      <h2 id="upd-h">{t('update.title')}</h2>
      <p>{t('update.lead')}</p>
      {done && <p className="success" role="status">{t('update.done')}</p>}
      {errors.form && <p className="error" role="alert">{errors.form}</p>}
      <form onSubmit={submit} noValidate>
        {input('payer', t('update.payer'), { required: true })}
        {input('planName', t('update.planName'))}
        {input('memberId', t('update.memberId'), { required: true, hint: t('update.memberHint') })}
        {input('groupId', t('update.group'))}
        {input('subscriberName', t('update.holderName'), { hint: t('update.holderHint') })}
        <div className="field">
          <label htmlFor="ins-relationship">{t('update.holderIs')}</label>
          <select id="ins-relationship" value={f.relationship} onChange={set('relationship')}>
            <option value="self">{t('update.me')}</option><option value="spouse">{t('update.spouse')}</option><option value="child">{t('update.parent')}</option><option value="other">{t('update.someone')}</option>
          </select>
        </div>
        {input('startDate', t('update.start'), { type: 'date' })}
        <div className="field">
          <label htmlFor="ins-note">{t('update.note')}</label>
          <textarea id="ins-note" value={f.note} onChange={set('note')} maxLength={1000} />
        </div>
        <button type="submit" className="button" disabled={busy}>{busy ? t('update.sending') : t('update.send')}</button>
      </form>
      {requests.length > 0 && (
        <>
          <h3>{t('update.sent')}</h3>
          <ul className="plain">
            {requests.map((r) => <li key={r.id}>{t('update.sentLine', { payer: r.payer, member: r.memberId, date: dateTime(r.submittedAt) })} <strong>{r.statusText}</strong></li>)}
          </ul>
        </>
      )}
    </section>
  );
}
