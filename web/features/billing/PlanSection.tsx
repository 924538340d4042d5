import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { longDate, money } from './format';
import type { StatementDetail } from './StatementPage';
import { useTranslation } from 'react-i18next';

/** Split what is owed into equal monthly payments (the first one carries any leftover cents). */
export function PlanSection({ detail }: { detail: StatementDetail }) {
  const { statement: s, plan, minInstallmentCents } = detail;
  const { t } = useTranslation('billing');
  const [months, setMonths] = useState(3);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const qc = useQueryClient();
  const options = [2, 3, 4, 6, 9, 12].filter((n) => Math.floor(s.balanceCents / n) >= minInstallmentCents);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api(`/api/billing/statements/${s.id}/plan`, { method: 'POST', body: { installments: months } });
      await qc.invalidateQueries({ queryKey: ['billing'] });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('plan.setupError'));
    } finally {
      setBusy(false);
    }
  }

  const [confirming, setConfirming] = useState(false);
  const [cancelled, setCancelled] = useState(false);
  async function cancelPlan() {
    setBusy(true);
    setError(null);
    try {
      await api(`/api/billing/statements/${s.id}/plan`, { method: 'DELETE' });
      setConfirming(false);
      setCancelled(true);
      await qc.invalidateQueries({ queryKey: ['billing'] });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('plan.cancelError'));
    } finally {
      setBusy(false);
    }
  }

  if (plan) {
    return (
      <section aria-labelledby="plan-h">
        <h2 id="plan-h">{t('plan.yours')}</h2>
        <p>{t('plan.split', { amount: money(plan.totalCents), count: plan.installments })}</p>
        <table className="stack">
          <caption className="visually-hidden">{t('plan.caption')}</caption>
          <thead><tr><th scope="col">{t('plan.payment')}</th><th scope="col">{t('plan.due2')}</th><th scope="col" className="num">{t('plan.amount')}</th><th scope="col">{t('plan.status')}</th></tr></thead>
          <tbody>
            {plan.schedule.map((i) => (
              <tr key={i.number}>
                <th scope="row">{t('plan.paymentN', { number: i.number })}</th>
                <td data-label={t('plan.due2')}>{longDate(i.dueDate)}</td>
                <td data-label={t('plan.amount')} className="num">{money(i.amountCents)}</td>
                <td data-label={t('plan.status')}><span className={`status ${i.status}`}>{t(`plan.${i.status}`)}</span></td>
              </tr>
            ))}
          </tbody>
        </table>
        {error && <p className="error" role="alert">{error}</p>}
        {confirming ? (
          <div className="warning" role="group" aria-labelledby="plan-cancel-q">
            <p id="plan-cancel-q">{t('plan.confirm')}</p>
            <button type="button" className="button" onClick={cancelPlan} disabled={busy}>{busy ? t('plan.cancelling') : t('plan.yesCancel')}</button>{' '}
            <button type="button" className="button secondary" onClick={() => setConfirming(false)} disabled={busy}>{t('plan.keep')}</button>
          </div>
        ) : (
          <p><button type="button" className="button secondary" onClick={() => setConfirming(true)}>{t('plan.cancel')}</button></p>
        )}
      </section>
    );
  }
  const cancelledNote = cancelled ? <p className="notice" role="status">{t('plan.cancelled')}</p> : null;
  if (s.balanceCents === 0 || options.length === 0) return cancelledNote;
  const chosen = options.includes(months) ? months : options[0];
  return (
    <section aria-labelledby="plan-h">
      {cancelledNote}
      <h2 id="plan-h">{t('plan.overTime')}</h2>
      <p>{t('plan.canSplit', { amount: money(s.balanceCents) })}</p>
      <form onSubmit={submit}>
        {error && <p className="error" role="alert">{error}</p>}
        <div className="field">
          <label htmlFor="plan-months">{t('plan.months')}</label>
          <select id="plan-months" value={chosen} onChange={(e) => setMonths(Number(e.target.value))}>
            {options.map((n) => <option key={n} value={n}>{t('plan.option', { count: n, amount: money(Math.floor(s.balanceCents / n)) })}</option>)}
          </select>
        </div>
        <button type="submit" className="button secondary" disabled={busy}>{busy ? t('plan.settingUp') : t('plan.setup')}</button>
      </form>
    </section>
  );
}
