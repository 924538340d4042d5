import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { longDate, money } from './format';
import type { StatementDetail } from './StatementPage';

const STATUS_TEXT = { paid: 'Paid', due: 'Next payment', upcoming: 'Upcoming', late: 'Late' } as const;

/** Split what is owed into equal monthly payments (the first one carries any leftover cents). */
export function PlanSection({ detail }: { detail: StatementDetail }) {
  const { statement: s, plan, minInstallmentCents } = detail;
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
      setError(err instanceof ApiError ? err.message : 'We could not set up the plan. Please try again.');
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
      setError(err instanceof ApiError ? err.message : 'We could not cancel the plan. Please try again.');
    } finally {
      setBusy(false);
    }
  }

  if (plan) {
    return (
      <section aria-labelledby="plan-h">
        <h2 id="plan-h">Your payment plan</h2>
        <p>{money(plan.totalCents)} split into {plan.installments} monthly payments. Pay each one above, by its due date.</p>
        <table className="stack">
          <caption className="visually-hidden">Payment plan schedule</caption>
          <thead><tr><th scope="col">Payment</th><th scope="col">Due</th><th scope="col" className="num">Amount</th><th scope="col">Status</th></tr></thead>
          <tbody>
            {plan.schedule.map((i) => (
              <tr key={i.number}>
                <th scope="row">Payment {i.number}</th>
                <td data-label="Due">{longDate(i.dueDate)}</td>
                <td data-label="Amount" className="num">{money(i.amountCents)}</td>
                <td data-label="Status"><span className={`status ${i.status}`}>{STATUS_TEXT[i.status]}</span></td>
              </tr>
            ))}
          </tbody>
        </table>
        {error && <p className="error" role="alert">{error}</p>}
        {confirming ? (
          <div className="warning" role="group" aria-labelledby="plan-cancel-q">
            <p id="plan-cancel-q">Cancel your payment plan? Payments you already made stay paid. The rest of the bill is due by the statement due date.</p>
            <button type="button" className="button" onClick={cancelPlan} disabled={busy}>{busy ? 'Cancelling…' : 'Yes, cancel my plan'}</button>{' '}
            <button type="button" className="button secondary" onClick={() => setConfirming(false)} disabled={busy}>Keep my plan</button>
          </div>
        ) : (
          <p><button type="button" className="button secondary" onClick={() => setConfirming(true)}>Cancel payment plan</button></p>
        )}
      </section>
    );
  }
  const cancelledNote = cancelled ? <p className="notice" role="status">Your payment plan is cancelled.</p> : null;
  if (s.balanceCents === 0 || options.length === 0) return cancelledNote;
  const chosen = options.includes(months) ? months : options[0];
  return (
    <section aria-labelledby="plan-h">
      {cancelledNote}
      <h2 id="plan-h">Pay over time</h2>
      <p>Can’t pay it all at once? Split {money(s.balanceCents)} into monthly payments. There is no interest or fee.</p>
      <form onSubmit={submit}>
        {error && <p className="error" role="alert">{error}</p>}
        <div className="field">
          <label htmlFor="plan-months">Number of months</label>
          <select id="plan-months" value={chosen} onChange={(e) => setMonths(Number(e.target.value))}>
            {options.map((n) => <option key={n} value={n}>{n} months, about {money(Math.floor(s.balanceCents / n))} a month</option>)}
          </select>
        </div>
        <button type="submit" className="button secondary" disabled={busy}>{busy ? 'Setting up…' : 'Set up payment plan'}</button>
      </form>
    </section>
  );
}
