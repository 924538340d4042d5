import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildClinicWorld } from '../../testing/factories';
import { issueStatement, type NewCharge } from './statements';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildClinicWorld>>;
let alice: string;
let bob: string;
let stmt: string;

const charges: NewCharge[] = [
  { serviceDate: '2025-01-10', service: 'Office visit, established patient', clinicianName: 'Phil Doc, MD', billedCents: 25000, insurancePaidCents: 15000, adjustmentCents: 4000 },
  { serviceDate: '2025-01-10', service: 'Hemoglobin A1c', clinicianName: 'Phil Doc, MD', billedCents: 12000, insurancePaidCents: 8000, adjustmentCents: 1000 },
];
let n = 0;
async function newStatement(patientId: string, chargeList: NewCharge[] = charges) {
  const s = await t.db.tx((q) => issueStatement(q, { orgId: w.orgId, patientId, statementNumber: `T-${Date.now()}-${n++}`, statementDate: '2025-02-01', dueDate: '2099-03-01', charges: chargeList }));
  return s.statementId;
}
async function token(cookie: string, number = '4242424242424242') {
  const res = await t.app.inject({ method: 'POST', url: '/api/billing/card-tokens', headers: { cookie }, payload: { number, expMonth: 12, expYear: 2099, cvc: '123' } });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).token as string;
}
async function pay(cookie: string, body: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: '/api/billing/payments', headers: { cookie }, payload: body });
}
const statement = async (cookie: string, id: string) => json(await t.app.inject({ url: `/api/billing/statements/${id}`, headers: { cookie } }));

beforeAll(async () => {
  t = await testApp();
  w = await buildClinicWorld(t.db);
  alice = await login(t.app, w.alice.email);
  bob = await login(t.app, w.bob.email);
  stmt = await newStatement(w.a.patientId);
});
afterAll(() => t.close());

describe('statements', () => {
  it('shows charges in integer cents with the patient share as billed − insurance − adjustments', async () => {
    const s = await statement(alice, stmt);
    expect(s.statement.amountDueCents).toBe(9000);
    expect(s.charges.map((c: { patientResponsibilityCents: number }) => c.patientResponsibilityCents)).toEqual([6000, 3000]);
    expect(s.totals).toEqual({ billedCents: 37000, insurancePaidCents: 23000, adjustmentCents: 5000, patientResponsibilityCents: 9000 });
    expect(s.billingQuestionUrl).toMatch(/^\/messages\/new\?category=billing&about=Statement%20T-/);
    const summary = json(await t.app.inject({ url: '/api/billing', headers: { cookie: alice } }));
    expect(summary.balanceCents).toBe(9000);
  });

  it("another patient's statement is 404, the same as one that does not exist", async () => {
    const other = await t.app.inject({ url: `/api/billing/statements/${stmt}`, headers: { cookie: bob } });
    const missing = await t.app.inject({ url: `/api/billing/statements/${randomUUID()}`, headers: { cookie: bob } });
    expect(other.statusCode).toBe(404);
    expect(json(other)).toEqual(json(missing));
  });
});

describe('paying a statement', () => {
  it('pays part of the balance, issues a receipt and lowers statement and account balances together', async () => {
    const key = randomUUID();
    const res = await pay(alice, { statementId: stmt, amountCents: 2500, token: await token(alice), idempotencyKey: key });
    expect(res.statusCode, res.body).toBe(201);
    const body = json(res);
    expect(body.payment).toMatchObject({ amountCents: 2500, status: 'succeeded', cardBrand: 'Visa', cardLast4: '4242' });
    expect(body.payment.receiptNumber).toMatch(/^R-\d+$/);
    expect(body.statementBalanceCents).toBe(6500);
    expect(body.accountBalanceCents).toBe(6500);
    const receipt = await t.app.inject({ url: `/api/billing/payments/${body.payment.id}`, headers: { cookie: alice } });
    expect(json(receipt).payment.receiptNumber).toBe(body.payment.receiptNumber);
    expect((await t.app.inject({ url: `/api/billing/payments/${body.payment.id}`, headers: { cookie: bob } })).statusCode).toBe(404);
  });

  it('a double submit with the same key pays once and answers the same receipt', async () => {
    const s = await newStatement(w.a.patientId);
    const body = { statementId: s, amountCents: 1000, token: await token(alice), idempotencyKey: randomUUID() };
    const [a, b] = await Promise.all([pay(alice, body), pay(alice, body)]);
    const c = await pay(alice, body);
    expect([a.statusCode, b.statusCode, c.statusCode]).toEqual([201, 201, 201]);
    expect(new Set([json(a).payment.id, json(b).payment.id, json(c).payment.id]).size).toBe(1);
    expect(json(c).replayed).toBe(true);
    expect((await statement(alice, s)).statement.balanceCents).toBe(8000);
    const rows = await t.db.query('select 1 from payment where statement_id = $1', [s]);
    expect(rows).toHaveLength(1);
  });

  it('the same key with a different amount is refused with 409 and pays nothing', async () => {
    const s = await newStatement(w.a.patientId);
    const key = randomUUID();
    const tok = await token(alice);
    expect((await pay(alice, { statementId: s, amountCents: 1000, token: tok, idempotencyKey: key })).statusCode).toBe(201);
    const again = await pay(alice, { statementId: s, amountCents: 2000, token: tok, idempotencyKey: key });
    expect(again.statusCode).toBe(409);
    expect((await statement(alice, s)).statement.balanceCents).toBe(8000);
  });

  it('two concurrent payments of the full balance: exactly one succeeds and the balance never goes below zero', async () => {
    const s = await newStatement(w.a.patientId);
    const [t1, t2] = [await token(alice), await token(alice)];
    const results = await Promise.all([
      pay(alice, { statementId: s, amountCents: 9000, token: t1, idempotencyKey: randomUUID() }),
      pay(alice, { statementId: s, amountCents: 9000, token: t2, idempotencyKey: randomUUID() }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(json(results.find((r) => r.statusCode === 409)!).error.code).toBe('already_paid');
    expect((await statement(alice, s)).statement).toMatchObject({ balanceCents: 0, status: 'paid' });
    const [sum] = await t.db.query<{ n: number }>("select coalesce(sum(amount_cents),0)::int as n from payment where statement_id = $1 and status = 'succeeded'", [s]);
    expect(sum.n).toBe(9000);
  });

  it('many concurrent partial payments cannot pay more than is owed', async () => {
    const s = await newStatement(w.a.patientId);
    const tokens = await Promise.all(Array.from({ length: 6 }, () => token(alice)));
    const results = await Promise.all(tokens.map((tok) => pay(alice, { statementId: s, amountCents: 2000, token: tok, idempotencyKey: randomUUID() })));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(4);
    expect((await statement(alice, s)).statement.balanceCents).toBe(1000);
  });

  it('a declined test card is refused with its reason, recorded, and changes no balance', async () => {
    const s = await newStatement(w.a.patientId);
    const body = { statementId: s, amountCents: 1000, token: await token(alice, '4000000000000002'), idempotencyKey: randomUUID() };
    const res = await pay(alice, body);
    expect(res.statusCode).toBe(402);
    expect(json(res).error.code).toBe('card_declined');
    expect(json(res).error.message).toMatch(/declined/);
    expect((await pay(alice, body)).statusCode).toBe(402);
    expect((await statement(alice, s)).statement.balanceCents).toBe(9000);
    const rows = await t.db.query<{ status: string; receipt_number: string | null }>('select status, receipt_number from payment where statement_id = $1', [s]);
    expect(rows).toEqual([{ status: 'declined', receipt_number: null }]);
  });

  it('declines other documented cards and unknown numbers with a reason; rejects a wrong card number', async () => {
    const s = await newStatement(w.a.patientId);
    const funds = await pay(alice, { statementId: s, amountCents: 1000, token: await token(alice, '4000000000009995'), idempotencyKey: randomUUID() });
    expect(json(funds).error.code).toBe('insufficient_funds');
    const unknown = await pay(alice, { statementId: s, amountCents: 1000, token: await token(alice, '4111111111111111'), idempotencyKey: randomUUID() });
    expect(unknown.statusCode).toBe(402);
    const bad = await t.app.inject({ method: 'POST', url: '/api/billing/card-tokens', headers: { cookie: alice }, payload: { number: '4242424242424241', expMonth: 12, expYear: 2099, cvc: '123' } });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.field).toBe('number');
    const expired = await t.app.inject({ method: 'POST', url: '/api/billing/card-tokens', headers: { cookie: alice }, payload: { number: '4242424242424242', expMonth: 1, expYear: 2020, cvc: '123' } });
    expect(json(expired).error.field).toBe('expYear');
  });

  it('rejects overpayment, zero, negative and fractional amounts with clear messages', async () => {
    const s = await newStatement(w.a.patientId);
    const tok = await token(alice);
    const over = await pay(alice, { statementId: s, amountCents: 9001, token: tok, idempotencyKey: randomUUID() });
    expect(over.statusCode).toBe(400);
    expect(json(over).error).toMatchObject({ field: 'amountCents' });
    expect(json(over).error.message).toContain('$90.00');
    for (const amountCents of [0, -500]) {
      const r = await pay(alice, { statementId: s, amountCents, token: tok, idempotencyKey: randomUUID() });
      expect(r.statusCode).toBe(400);
      expect(json(r).error.message).toMatch(/greater than \$0\.00/);
    }
    expect((await pay(alice, { statementId: s, amountCents: 12.5, token: tok, idempotencyKey: randomUUID() })).statusCode).toBe(400);
    // A rejected request left the token unused: it still pays.
    expect((await pay(alice, { statementId: s, amountCents: 9000, token: tok, idempotencyKey: randomUUID() })).statusCode).toBe(201);
  });

  it("paying another patient's statement is 404 and charges nothing; another user's token is refused", async () => {
    const s = await newStatement(w.a.patientId);
    const res = await pay(bob, { statementId: s, amountCents: 1000, token: await token(bob), idempotencyKey: randomUUID() });
    expect(res.statusCode).toBe(404);
    const stolen = await pay(bob, { statementId: await newStatement(w.b.patientId), amountCents: 1000, token: await token(alice), idempotencyKey: randomUUID() });
    expect(stolen.statusCode).toBe(400);
    expect(json(stolen).error.field).toBe('token');
    expect((await statement(alice, s)).statement.balanceCents).toBe(9000);
  });

  it('never stores a card number: only brand and last four', async () => {
    const dump = JSON.stringify([
      ...(await t.db.query('select * from payment')), ...(await t.db.query('select * from test_gateway_token')),
      ...(await t.db.query('select request_hash, response from idempotency_key')),
    ]);
    expect(dump).not.toContain('4242424242424242');
    expect(dump).not.toContain('4000000000000002');
    expect(dump).toContain('4242');
  });
});

describe('payment plans', () => {
  it('splits the balance into monthly installments that add up to the cent; one active plan per statement', async () => {
    const s = await newStatement(w.a.patientId, [{ serviceDate: '2025-01-10', service: 'Echocardiogram', clinicianName: null, billedCents: 100001, insurancePaidCents: 60000, adjustmentCents: 0 }]);
    const res = await t.app.inject({ method: 'POST', url: `/api/billing/statements/${s}/plan`, headers: { cookie: alice }, payload: { installments: 3 } });
    expect(res.statusCode, res.body).toBe(201);
    const amounts = json(res).plan.schedule.map((i: { amountCents: number }) => i.amountCents);
    expect(amounts).toEqual([13335, 13333, 13333]);
    expect(amounts.reduce((a: number, b: number) => a + b, 0)).toBe(40001);
    const again = await t.app.inject({ method: 'POST', url: `/api/billing/statements/${s}/plan`, headers: { cookie: alice }, payload: { installments: 2 } });
    expect(again.statusCode).toBe(409);
    expect((await statement(alice, s)).statement.status).toBe('on_plan');
  });

  it('refuses installments below the minimum and plans on statements that are not yours', async () => {
    const s = await newStatement(w.a.patientId, [{ serviceDate: '2025-01-10', service: 'Lab', clinicianName: null, billedCents: 3000, insurancePaidCents: 0, adjustmentCents: 0 }]);
    const small = await t.app.inject({ method: 'POST', url: `/api/billing/statements/${s}/plan`, headers: { cookie: alice }, payload: { installments: 6 } });
    expect(small.statusCode).toBe(400);
    expect(json(small).error.field).toBe('installments');
    const other = await t.app.inject({ method: 'POST', url: `/api/billing/statements/${s}/plan`, headers: { cookie: bob }, payload: { installments: 2 } });
    expect(other.statusCode).toBe(404);
  });
});

describe('access', () => {
  it('every billing endpoint requires a session', async () => {
    const id = randomUUID();
    const calls: [string, string][] = [['GET', '/api/billing'], ['GET', `/api/billing/statements/${id}`], ['POST', '/api/billing/card-tokens'],
      ['POST', '/api/billing/payments'], ['GET', `/api/billing/payments/${id}`], ['POST', `/api/billing/statements/${id}/plan`],
      ['GET', '/api/billing/staff/overview'], ['GET', `/api/billing/staff/accounts/${id}`]];
    for (const [method, url] of calls) {
      const res = await t.app.inject({ method: method as 'GET', url, payload: method === 'POST' ? {} : undefined });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it('staff other than billing cannot pay or read the billing office views', async () => {
    const nurse = await login(t.app, w.nurse.email);
    expect((await t.app.inject({ url: '/api/billing/staff/overview', headers: { cookie: nurse } })).statusCode).toBe(403);
    expect((await pay(nurse, { statementId: stmt, amountCents: 100, token: 'tok_test_xxxxxxxx', idempotencyKey: randomUUID() })).statusCode).toBe(403);
  });
});
