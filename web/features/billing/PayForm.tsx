import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ActionMessage } from '../../components/a11y';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError, newIdempotencyKey } from '../../api/client';
import { money, parseDollars } from './format';
import { useTranslation } from 'react-i18next';

type Attempt = { key: string; token: string; amountCents: number; last4: string };

/**
 * Card payment. Card details go only to the gateway's tokenize step; the payment itself carries the token, the amount and
 * an idempotency key. The key and token are kept until the server gives a final answer, so a retry after a dropped
 * connection (or a double click) pays once.
 */
export function PayForm({ statementId, balanceCents }: { statementId: string; balanceCents: number }) {
  const [choice, setChoice] = useState<'full' | 'other'>('full');
  const { t } = useTranslation('billing');
  const [amount, setAmount] = useState('');
  const [card, setCard] = useState({ number: '', expMonth: '', expYear: '', cvc: '', postalCode: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const attempt = useRef<Attempt | null>(null);
  const navigate = useNavigate();
  const qc = useQueryClient();
  // Typing in a field clears that field's old error (a stale error is worse than none).
  const clearError = (k: string) => setErrors((all) => {
    if (!(k in all)) return all;
    const { [k]: _gone, ...rest } = all;
    return rest;
  });
  const set = (k: keyof typeof card) => (e: { target: { value: string } }) => {
    setCard({ ...card, [k]: e.target.value });
    clearError(k);
  };
  // "Pay now" on the billing page leads here (#pay): bring the form into view and start at its heading.
  const location = useLocation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (location.hash !== '#pay' || !heading.current) return;
    heading.current.scrollIntoView({ block: 'start' });
    heading.current.focus({ preventScroll: true });
  }, [location.hash]);
  const FIELD_IDS: Record<string, string> = { amount: 'amount', number: 'cc-number', expMonth: 'cc-exp-month', expYear: 'cc-exp-year', cvc: 'cc-csc' };
  const focusFirstError = (found: Record<string, string>) => {
    const first = Object.keys(FIELD_IDS).find((k) => found[k]);
    if (first) window.setTimeout(() => document.getElementById(FIELD_IDS[first])?.focus(), 0);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setFailure(null);
    const found: Record<string, string> = {};
    const amountCents = choice === 'full' ? balanceCents : parseDollars(amount);
    if (amountCents === null) found.amount = t('pay.errAmountFormat');
    else if (amountCents <= 0) found.amount = t('pay.errAmountZero');
    else if (amountCents > balanceCents) found.amount = t('pay.errTooMuch', { amount: money(balanceCents) });
    const digits = card.number.replace(/[\s-]/g, '');
    if (!/^\d{12,19}$/.test(digits)) found.number = t('pay.errNumber');
    if (!/^\d{1,2}$/.test(card.expMonth) || Number(card.expMonth) < 1 || Number(card.expMonth) > 12) found.expMonth = t('pay.errMonth');
    if (!/^\d{2}(\d{2})?$/.test(card.expYear)) found.expYear = t('pay.errYear');
    if (!/^\d{3,4}$/.test(card.cvc)) found.cvc = t('pay.errCvc');
    setErrors(found);
    if (Object.keys(found).length > 0 || amountCents === null) {
      focusFirstError(found);
      return;
    }
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
        if (err.field && ['number', 'expMonth', 'expYear', 'cvc'].includes(err.field)) {
          setErrors({ [err.field]: err.message });
          focusFirstError({ [err.field]: err.message });
        } else if (err.field === 'amountCents') {
          setErrors({ amount: err.message });
          focusFirstError({ amount: err.message });
        } else setFailure(err.message);
      } else setFailure(t('pay.offline'));
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (k: string) => errors[k] ? <span id={`${k}-err`} className="error" role="alert">{errors[k]}</span> : null;
  const described = (k: string, hint?: string) => [hint, errors[k] ? `${k}-err` : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <form onSubmit={submit} noValidate aria-labelledby="payform-h">
      <h2 id="payform-h" ref={heading} tabIndex={-1}>{t('pay.title')}</h2>
      <fieldset>
        <legend>{t('pay.howMuch')}</legend>
        <div className="radio-row">
          <input type="radio" id="amt-full" name="amount-choice" checked={choice === 'full'} onChange={() => setChoice('full')} />
          <label htmlFor="amt-full">{t('pay.full', { amount: money(balanceCents) })}</label>
        </div>
        <div className="radio-row">
          <input type="radio" id="amt-other" name="amount-choice" checked={choice === 'other'} onChange={() => setChoice('other')} />
          <label htmlFor="amt-other">{t('pay.other')}</label>
        </div>
        {choice === 'other' && (
          <div className="field">
            <label htmlFor="amount">{t('pay.amount')}</label>
            <input id="amount" inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => { setAmount(e.target.value); clearError('amount'); }}
              aria-invalid={!!errors.amount} aria-describedby={described('amount', 'amount-hint')} />
            <span id="amount-hint" className="hint">{t('pay.amountHint', { amount: money(balanceCents) })}</span>
            {fieldError('amount')}
          </div>
        )}
      </fieldset>
      <fieldset>
        <legend>{t('pay.card')}</legend>
        {/* The test card is a developer's aid: shown only in the development build, never to patients. */}
        {import.meta.env.DEV && <p className="hint" id="test-card-hint">{t('pay.testCard')}</p>}
        <div className="field">
          <label htmlFor="cc-number">{t('pay.number')}</label>
          <input id="cc-number" inputMode="numeric" autoComplete="cc-number" value={card.number} onChange={set('number')}
            aria-invalid={!!errors.number} aria-describedby={described('number', import.meta.env.DEV ? 'test-card-hint' : undefined)} />
          {fieldError('number')}
        </div>
        <div className="inline-fields">
          <div className="field">
            <label htmlFor="cc-exp-month">{t('pay.month')}</label>
            <input id="cc-exp-month" inputMode="numeric" autoComplete="cc-exp-month" placeholder={t('pay.mm')} value={card.expMonth} onChange={set('expMonth')}
              aria-invalid={!!errors.expMonth} aria-describedby={described('expMonth')} />
            {fieldError('expMonth')}
          </div>
          <div className="field">
            <label htmlFor="cc-exp-year">{t('pay.year')}</label>
            <input id="cc-exp-year" inputMode="numeric" autoComplete="cc-exp-year" placeholder={t('pay.yy')} value={card.expYear} onChange={set('expYear')}
              aria-invalid={!!errors.expYear} aria-describedby={described('expYear')} />
            {fieldError('expYear')}
          </div>
          <div className="field">
            <label htmlFor="cc-csc">{t('pay.cvc')}</label>
            <input id="cc-csc" inputMode="numeric" autoComplete="cc-csc" value={card.cvc} onChange={set('cvc')}
              aria-invalid={!!errors.cvc} aria-describedby={described('cvc')} />
            {fieldError('cvc')}
          </div>
          <div className="field">
            <label htmlFor="cc-zip">{t('pay.zip')}</label>
            <input id="cc-zip" inputMode="numeric" autoComplete="postal-code" value={card.postalCode} onChange={set('postalCode')} />
          </div>
        </div>
      </fieldset>
      {/* A decline is said and shown next to the Pay button, where the person is, and focused. */}
      {failure && <ActionMessage tone="error" key={failure}>{failure}</ActionMessage>}
      <button type="submit" className="button" disabled={busy}>{busy ? t('pay.paying') : t('pay.payNow')}</button>
      <p className="hint">{t('pay.neverStore')}</p>
    </form>
  );
}
