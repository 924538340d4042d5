import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/client';
import { badRequest, HttpError } from '../../platform/errors';

/**
 * A card processor. The browser hands card details only to the processor's tokenize step; our server and database only
 * ever see the token, the brand and the last four digits. A real processor (e.g. Stripe) implements `charge` with its
 * API, passing `idempotencyKey` through so a retried request never charges twice; tokenizing then happens in the
 * processor's own browser script and `tokenize` is not offered here.
 */
export interface PaymentGateway {
  readonly name: string;
  tokenize?(q: Queryable, userId: string, card: CardInput): Promise<{ token: string; brand: string; last4: string }>;
  charge(q: Queryable, req: ChargeRequest): Promise<ChargeResult>;
}

export type CardInput = { number: string; expMonth: number; expYear: number; cvc: string; postalCode?: string };
export type ChargeRequest = { token: string; amountCents: number; currency: 'usd'; userId: string; idempotencyKey: string; description: string };
export type ChargeResult =
  | { ok: true; chargeId: string; brand: string; last4: string }
  | { ok: false; code: string; reason: string; brand: string | null; last4: string | null };

/** The documented test cards (the same numbers Stripe documents, so tests move over unchanged). */
export const TEST_CARDS: Record<string, { outcome: string; note: string }> = {
  '4242424242424242': { outcome: 'approve', note: 'Visa: approved' },
  '5555555555554444': { outcome: 'approve', note: 'Mastercard: approved' },
  '378282246310005': { outcome: 'approve', note: 'American Express: approved' },
  '6011111111111117': { outcome: 'approve', note: 'Discover: approved' },
  '4000000000000002': { outcome: 'card_declined', note: 'Declined: card declined' },
  '4000000000009995': { outcome: 'insufficient_funds', note: 'Declined: not enough funds' },
  '4000000000000069': { outcome: 'expired_card', note: 'Declined: card expired' },
  '4000000000000127': { outcome: 'incorrect_cvc', note: 'Declined: security code is wrong' },
};

export const DECLINE_REASONS: Record<string, string> = {
  card_declined: 'Your card was declined. Please use another card or call your card company.',
  insufficient_funds: 'Your card does not have enough funds for this payment. Try a smaller amount or another card.',
  expired_card: 'Your card has expired. Please use another card.',
  incorrect_cvc: 'The security code (CVC) is not right. Check the 3 or 4 digits on your card.',
  not_a_test_card: 'Your card was declined. This test system accepts only the documented test card numbers (for example 4242 4242 4242 4242).',
};

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return digits.length >= 12 && sum % 10 === 0;
}

export function cardBrand(digits: string): string {
  if (/^4/.test(digits)) return 'Visa';
  if (/^(5[1-5]|2[2-7])/.test(digits)) return 'Mastercard';
  if (/^3[47]/.test(digits)) return 'American Express';
  if (/^6(011|5)/.test(digits)) return 'Discover';
  return 'Card';
}

const TOKEN_TTL_MINUTES = 15;

/** The built-in test gateway. Its vault row holds brand, last four, expiry and the test outcome: never the number or CVC. */
export const testGateway: PaymentGateway = {
  name: 'test',
  async tokenize(q, userId, card) {
    const digits = card.number.replace(/[\s-]/g, '');
    if (!/^\d{12,19}$/.test(digits) || !luhnValid(digits)) throw badRequest('Check the card number: it does not look right.', 'number');
    const now = new Date();
    const expYear = card.expYear < 100 ? 2000 + card.expYear : card.expYear;
    if (card.expMonth < 1 || card.expMonth > 12) throw badRequest('Enter the expiry month as a number from 1 to 12.', 'expMonth');
    if (expYear < now.getUTCFullYear() || (expYear === now.getUTCFullYear() && card.expMonth < now.getUTCMonth() + 1))
      throw badRequest('This card has expired. Check the expiry date or use another card.', 'expYear');
    if (!/^\d{3,4}$/.test(card.cvc)) throw badRequest('Enter the 3 or 4 digit security code from your card.', 'cvc');
    const token = `tok_test_${randomBytes(18).toString('base64url')}`;
    const brand = cardBrand(digits);
    const last4 = digits.slice(-4);
    const outcome = TEST_CARDS[digits]?.outcome ?? 'not_a_test_card';
    await q.query(
      'insert into test_gateway_token (token, user_id, brand, last4, exp_month, exp_year, outcome) values ($1,$2,$3,$4,$5,$6,$7)',
      [token, userId, brand, last4, card.expMonth, expYear, outcome]);
    return { token, brand, last4 };
  },
  async charge(q, req) {
    // Single use, owned by the payer, and short-lived, like a processor's token.
    const [t] = await q.query<{ brand: string; last4: string; outcome: string }>(
      `update test_gateway_token set used_at = now()
       where token = $1 and user_id = $2 and used_at is null and created_at > now() - make_interval(mins => $3)
       returning brand, last4, outcome`, [req.token, req.userId, TOKEN_TTL_MINUTES]);
    if (!t) throw badRequest('Your card details have expired or were already used. Please enter your card again.', 'token');
    if (t.outcome !== 'approve') return { ok: false, code: t.outcome === 'not_a_test_card' ? 'card_declined' : t.outcome, reason: DECLINE_REASONS[t.outcome], brand: t.brand, last4: t.last4 };
    return { ok: true, chargeId: `ch_test_${randomBytes(12).toString('hex')}`, brand: t.brand, last4: t.last4 };
  },
};

/** The gateway in use. Only the test gateway ships; production must opt in to it explicitly (PORTICO_PAYMENT_GATEWAY=test). */
export function currentGateway(env: string): PaymentGateway {
  const chosen = process.env.PORTICO_PAYMENT_GATEWAY ?? (env === 'production' ? '' : 'test');
  if (chosen === 'test') return testGateway;
  throw new HttpError(503, 'payments_unavailable', 'Online card payments are not set up yet. Please call the billing office to pay.');
}
