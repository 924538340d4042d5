import { useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, newIdempotencyKey } from '../../api/client';
import { errorText } from '../appointments/api';
import { useTranslation } from 'react-i18next';
import { ActionMessage } from '../../components/a11y';
import { formatDate } from '../../i18n/format';
import type { Category } from '../messaging/api';
import '../appointments/appointments.css';

/** Shapes mirror server/features/refills/presenters.ts. */
export type Pharmacy = { id: string; name: string; address: string; phone: string | null; hours: string | null; mailOrder: boolean; preferred: boolean };
export type Med = { id: string; display: string; dose: string | null; instructions: string | null; prescriber: string | null };
export type Refill = {
  id: string; patientId: string; patientName?: string; clinic: { id: string; name: string }; pharmacy: { id: string; name: string }; note: string;
  status: 'pending' | 'completed'; statusText: string; threadId: string; createdAt: string; completedAt: string | null;
  items: { medicationId: string; display: string; decision: 'approved' | 'denied' | null; decisionText: string; reason: string | null; decidedBy: string | null; decidedAt: string | null }[];
};

export function RefillItems({ r }: { r: Refill }) {
  return (
    <ul className="plain">
      {r.items.map((i) => (
        <li key={i.medicationId}>
          <strong>{i.display}</strong>: <span className={i.decision ? `outcome-${i.decision}` : ''}>{i.decisionText}</span>
          {i.reason && <> — {i.reason}</>}{i.decidedBy && <span className="hint"> ({i.decidedBy})</span>}
        </li>
      ))}
    </ul>
  );
}

/** Patient: refill requests and the answer for each medicine. */
export function Refills() {
  const { t } = useTranslation(['refills', 'common']);
  const q = useQuery({ queryKey: ['refills'], queryFn: () => api<{ refills: Refill[] }>('/api/refill-requests') });
  return (
    <div className="page">
      <h1>{t('list.title')}</h1>
      <p className="lead">{t('list.lead')}</p>
      <p><Link className="button" to="/refills/new">{t('list.ask')}</Link></p>
      {q.isLoading && <p role="status">{t('common:loading')}</p>}
      {q.isError && <p className="error" role="alert">{errorText(q.error)}</p>}
      {q.data && q.data.refills.length === 0 && <p>{t('list.none')}</p>}
      {q.data && q.data.refills.length > 0 && (
        <ul className="cards">
          {q.data.refills.map((r) => (
            <li key={r.id} className="card">
              <strong>{t('list.sentTo', { date: formatDate(r.createdAt), pharmacy: r.pharmacy.name })}</strong>
              <p>{t('list.status', { status: r.statusText })}</p>
              {r.note && <p>{t('list.note', { note: r.note })}</p>}
              <RefillItems r={r} />
              <p><Link to={`/messages/${r.threadId}`}>{t('list.conversation')}</Link></p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Patient: choose medicines from the current medication list, a saved pharmacy and an optional note. */
export function RequestRefill() {
  const [params] = useSearchParams();
  const qc = useQueryClient();
  const opts = useQuery({ queryKey: ['refill-options'], queryFn: () => api<{ medications: Med[]; pharmacies: Pharmacy[]; otherPharmacies: Pharmacy[] }>('/api/refills/options') });
  const [chosen, setChosen] = useState<string[]>(params.getAll('medicationId'));
  const [pharmacyId, setPharmacyId] = useState('');
  const [note, setNote] = useState('');
  const [addId, setAddId] = useState('');
  const key = useRef(newIdempotencyKey());
  const { t: ts } = useTranslation('shell');
  const { t } = useTranslation('refills');
  // Medicines already waiting for an answer (one open request per medicine) and who answers refills, and how soon.
  const mine = useQuery({ queryKey: ['refills'], queryFn: () => api<{ refills: Refill[] }>('/api/refill-requests') });
  const waiting = new Map<string, string>();
  for (const r of mine.data?.refills ?? []) {
    if (r.status !== 'pending') continue;
    for (const i of r.items) if (!i.decision && !waiting.has(i.medicationId)) waiting.set(i.medicationId, r.createdAt);
  }
  const refillCategory = useQuery({ queryKey: ['composer', undefined], queryFn: () => api<{ categories: Category[] }>('/api/messaging/categories') })
    .data?.categories.find((c) => c.code === 'refill');
  // A medicine preselected by link (?medicationId=…) counts only if it is one of the patient's current, refillable medicines.
  const wanted = params.getAll('medicationId');
  const notRefillable = opts.data ? wanted.filter((id) => !opts.data.medications.some((m) => m.id === id)).length : 0;
  if (opts.data && chosen.some((id) => !opts.data.medications.some((m) => m.id === id))) setChosen(chosen.filter((id) => opts.data.medications.some((m) => m.id === id)));
  const pharmacy = pharmacyId || opts.data?.pharmacies.find((p) => p.preferred)?.id || opts.data?.pharmacies[0]?.id || '';
  const send = useMutation({
    mutationFn: () => api<{ refill: Refill }>('/api/refill-requests', { method: 'POST', body: { medicationIds: chosen, pharmacyId: pharmacy, note: note || undefined, idempotencyKey: key.current } }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['refills'] }); },
    onError: () => { key.current = newIdempotencyKey(); },
  });
  const save = useMutation({
    mutationFn: () => api<{ pharmacy: Pharmacy }>('/api/pharmacies/saved', { method: 'POST', body: { pharmacyId: addId } }),
    onSuccess: (d) => { setPharmacyId(d.pharmacy.id); setAddId(''); void qc.invalidateQueries({ queryKey: ['refill-options'] }); },
  });
  if (send.data) {
    return (
      <div className="page">
        <h1>{t('new.sentTitle')}</h1>
        <ActionMessage>
          <p>{t('new.sentText')}</p>
          {refillCategory && (
            <p><strong>{ts('refills.who')}</strong> {refillCategory.whoHandles} <strong>{ts('refills.when')}</strong> {refillCategory.expectedReply}</p>
          )}
        </ActionMessage>
        <p><Link className="button" to="/refills">{t('new.seeMine')}</Link> <Link to={`/messages/${send.data.refill.threadId}`}>{t('list.conversation')}</Link></p>
      </div>
    );
  }
  const submit = (e: FormEvent) => { e.preventDefault(); send.mutate(); };
  return (
    <div className="page">
      <h1>{t('new.title')}</h1>
      <p className="lead">{t('new.lead')}</p>
      {opts.isLoading && <p role="status">{t('new.loading')}</p>}
      {opts.isError && <p className="error" role="alert">{errorText(opts.error)}</p>}
      {opts.data && (
        <form onSubmit={submit} noValidate>
          {notRefillable > 0 && <p className="warning" role="status">{t('new.notRefillable')}</p>}
          <fieldset className="field">
            <legend className="label">{t('new.medicines')}</legend>
            {opts.data.medications.length === 0 && <p>{t('new.noMedicines')}</p>}
            {opts.data.medications.map((m) => (
              <label key={m.id} className="choice">
                <input type="checkbox" checked={chosen.includes(m.id)} onChange={() => setChosen(chosen.includes(m.id) ? chosen.filter((x) => x !== m.id) : [...chosen, m.id])}
                  aria-describedby={waiting.has(m.id) ? `waiting-${m.id}` : undefined} />
                <span>{m.display}{m.dose ? ` – ${m.dose}` : ''}{m.instructions ? <span className="hint"> ({m.instructions})</span> : null}
                  {waiting.has(m.id) && <span id={`waiting-${m.id}`} className="hint waiting"> {ts('refills.waiting', { date: formatDate(waiting.get(m.id)!) })}</span>}</span>
              </label>
            ))}
          </fieldset>
          <fieldset className="field">
            <legend className="label">{t('new.pharmacy')}</legend>
            {opts.data.pharmacies.map((p) => (
              <label key={p.id} className="choice">
                <input type="radio" name="pharmacy" checked={pharmacy === p.id} onChange={() => setPharmacyId(p.id)} />
                <span>{p.name}<span className="hint"> – {p.address}{p.hours ? `; ${p.hours}` : ''}</span></span>
              </label>
            ))}
          </fieldset>
          {opts.data.otherPharmacies.length > 0 && (
            <div className="field">
              <label htmlFor="add-pharmacy">{t('new.addPharmacy')}</label>
              <select id="add-pharmacy" value={addId} onChange={(e) => setAddId(e.target.value)}>
                <option value="">{t('new.choosePharmacy')}</option>
                {opts.data.otherPharmacies.map((p) => <option key={p.id} value={p.id}>{p.name} – {p.address}</option>)}
              </select>
              <button className="button secondary" type="button" disabled={!addId || save.isPending} onClick={() => save.mutate()}>{t('new.addThis')}</button>
              {save.isError && <p className="error" role="alert">{errorText(save.error)}</p>}
            </div>
          )}
          <div className="field">
            <label htmlFor="refill-note">{t('new.note')}</label>
            <textarea id="refill-note" value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} aria-describedby="note-hint" />
            <span id="note-hint" className="hint">{t('new.noteHint', { length: note.length })}</span>
          </div>
          {send.isError && (
            <ActionMessage tone="error">
              {errorText(send.error)}{' '}
              {(send.error as { status?: number }).status === 409 && <Link to="/refills">{ts('refills.seeOpen')}</Link>}
            </ActionMessage>
          )}
          <button className="button" type="submit" disabled={send.isPending}>{send.isPending ? t('new.sending') : t('new.send')}</button>{' '}
          <Link to="/refills">{t('new.cancel')}</Link>
        </form>
      )}
    </div>
  );
}
