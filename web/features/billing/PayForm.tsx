import { useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError, newIdempotencyKey } from '../../api/client';
import { money, parseDollars } from './format';

type Attempt = { key: string; token: string; amountCents: number; last4: string };

/**
 * Card payment. Card details go only to the gateway's tokenize step; the payment itself carries the token, the amount and
 * an idempotency key. The key and token are kept until the server gives a final answer, so a retry after a dropped
 * connection (or a double click) pays once.
 */
export function PayForm({ statementId, balanceCents }: { statementId: string; balanceCents: number }) {
  const [choice, setChoice] = useState<'full' | 'other'>('full');
  const [amount, setAmount] = useState('');
  const [card, setCard] = useState({ number: '', expMonth: '', expYear: '', cvc: '', postalCode: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const attempt = useRef<Attempt | null>(null);
  const navigate = useNavigate();
  const qc = useQueryClient();
  const set = (k: keyof typeof card) => (e: { target: { value: string } }) => setCard({ ...card, [k]: e.target.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setFailure(null);
    const found: Record<string, string> = {};
    const amountCents = choice === 'full' ? balanceCents : parseDollars(amount);
    if (amountCents === null) found.amount = 'Enter an amount in dollars and cents, like 25.00.';
    else if (amountCents <= 0) found.amount = 'Enter an amount greater than $0.00.';
    else if (amountCents > balanceCents) found.amount = `That is more than you owe. The most you can pay is ${money(balanceCents)}.`;
    const digits = card.number.replace(/[\s-]/g, '');
    if (!/^\d{12,19}$/.test(digits)) found.number = 'Enter the card number (the long number on the front of the card).';
    if (!/^\d{1,2}$/.test(card.expMonth) || Number(card.expMonth) < 1 || Number(card.expMonth) > 12) found.expMonth = 'Enter the month, 1 to 12.';
    if (!/^\d{2}(\d{2})?$/.test(card.expYear)) found.expYear = 'Enter the year, like 28 or 2028.';
    if (!/^\d{3,4}$/.test(card.cvc)) found.cvc = 'Enter the 3 or 4 digit security code.';
    setErrors(found);
    if (Object.keys(found).length > 0 || amountCents === null) return;
    setBusy(true);
    try {
      if (!attempt.current || attempt.current.amountCents !== amountCents || attempt.current.last4 !== digits.slice(-4)) {
        const tok = await api<{ token: string; last4: string }>('/api/billing/card-tokens', {
          method: 'POST', body: { number: digits, expMonth: Number(card.expMonth), expYear: Number(card.expYear), cvc: card.cvc, postalCode: card.postalCode || undefined },
        });
        attempt.current = { key: newIdempotencyKey(), token: tok.token, amountCents, last4: tok.last4 };
      }
      const a = attempt.current;
      const res = await api<{ payment: { id: string } }>('/api/billing/payments', {
        method: 'POST', body: { statementId, amountCents: a.amountCents, token: a.token, idempotencyKey: a.key },
      });
      attempt.current = null;
      await qc.invalidateQueries({ queryKey: ['billing'] });
      navigate(`/billing/payments/${res.payment.id}?new=1`);
    } catch (err) {
      if (err instanceof ApiError) {
        // A final answer (declined, refused): the next try is a new payment with a new key.
        if (err.status !== 0 && err.status < 500) attempt.current = null;
        if (err.field && ['number', 'expMonth', 'expYear', 'cvc'].includes(err.field)) setErrors({ [err.field]: err.message });
        else if (err.field === 'amountCents') setErrors({ amount: err.message });
        else setFailure(err.message);
      } else setFailure('We could not reach Portico. Check your connection and press Pay again; you will not be charged twice.');
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (k: string) => errors[k] ? <span id={`${k}-err`} className="error" role="alert">{errors[k]}</span> : null;
  const described = (k: string, hint?: string) => [hint, errors[k] ? `${k}-err` : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <form onSubmit={submit} noValidate aria-labelledby="payform-h">
      <h2 id="payform-h">Pay this bill</h2>
      {failure && <p className="error" role="alert">{failure}</p>}
      <fieldset>
        <legend>How much do you want to pay?</legend>
        <div className="radio-row">
          <input type="radio" id="amt-full" name="amount-choice" checked={choice === 'full'} onChange={() => setChoice('full')} />
          <label htmlFor="amt-full">The full amount: {money(balanceCents)}</label>
        </div>
        <div className="radio-row">
          <input type="radio" id="amt-other" name="amount-choice" checked={choice === 'other'} onChange={() => setChoice('other')} />
          <label htmlFor="amt-other">A different amount</label>
        </div>
        {choice === 'other' && (
          <div className="field">
            <label htmlFor="amount">Amount in dollars</label>
            <input id="amount" inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)}
              aria-invalid={!!errors.amount} aria-describedby={described('amount', 'amount-hint')} />
            <span id="amount-hint" className="hint">For example 25.00. You can pay up to {money(balanceCents)}.</span>
            {fieldError('amount')}
          </div>
        )}
      </fieldset>
      <fieldset>
        <legend>Card</legend>
        <p className="hint" id="test-card-hint">This is a test system: use card 4242 4242 4242 4242 with any future date and any 3 digits.</p>
        <div className="field">
          <label htmlFor="cc-number">Card number</label>
          <input id="cc-number" inputMode="numeric" autoComplete="cc-number" value={card.number} onChange={set('number')}
            aria-invalid={!!errors.number} aria-describedby={described('number', 'test-card-hint')} />
          {fieldError('number')}
        </div>
        <div className="inline-fields">
          <div className="field">
            <label htmlFor="cc-exp-month">Expiry month</label>
            <input id="cc-exp-month" inputMode="numeric" autoComplete="cc-exp-month" placeholder="MM" value={card.expMonth} onChange={set('expMonth')}
              aria-invalid={!!errors.expMonth} aria-describedby={described('expMonth')} />
            {fieldError('expMonth')}
          </div>
          <div className="field">
            <label htmlFor="cc-exp-year">Expiry year</label>
            <input id="cc-exp-year" inputMode="numeric" autoComplete="cc-exp-year" placeholder="YY" value={card.expYear} onChange={set('expYear')}
              aria-invalid={!!errors.expYear} aria-describedby={described('expYear')} />
            {fieldError('expYear')}
          </div>
          <div className="field">
            <label htmlFor="cc-csc">Security code</label>
            <input id="cc-csc" inputMode="numeric" autoComplete="cc-csc" value={card.cvc} onChange={set('cvc')}
              aria-invalid={!!errors.cvc} aria-describedby={described('cvc')} />
            {fieldError('cvc')}
          </div>
          <div className="field">
            <label htmlFor="cc-zip">ZIP code (optional)</label>
            <input id="cc-zip" inputMode="numeric" autoComplete="postal-code" value={card.postalCode} onChange={set('postalCode')} />
          </div>
        </div>
      </fieldset>
      <button type="submit" className="button" disabled={busy}>{busy ? 'Paying…' : 'Pay now'}</button>
      <p className="hint">We never store your card number. You will get a receipt right away.</p>
    </form>
  );
}
