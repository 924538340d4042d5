import type { Db } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import { audit, auditRead } from '../../platform/audit/audit';
import { badRequest, conflict, HttpError, notFound } from '../../platform/errors';
import { runIdempotent } from '../../platform/idempotency/idempotency';
import { currentGateway, type CardInput } from './gateway';
import { addMonths, formatCents, splitInstallments } from './money';
import * as repo from './repository';
import { presentAccount, presentCharge, presentPayment, presentPlan, presentStatementSummary, today } from './presenters';

export const MIN_INSTALLMENT_CENTS = 1000;

/** Where "I have a question about this bill" goes: a billing conversation about the statement in the messaging composer. */
export const billingQuestionUrl = (statementNumber: string) =>
  `/messages/new?category=billing&about=${encodeURIComponent(`Statement ${statementNumber}`)}`;

export async function billingSummary(db: Db, actor: Actor, ip: string) {
  const accounts = await repo.accountsForActor(db, actor);
  const ids = accounts.map((a) => a.id);
  const [statements, payments] = await Promise.all([repo.statementsForAccounts(db, ids), repo.paymentsFor(db, { accountIds: ids })]);
  const plans = await repo.activePlans(db, statements.map((s) => s.id));
  const onPlan = new Set(plans.map((p) => p.statement_id));
  await auditRead(db, { actor, patientId: actor.patientId, action: 'read', resourceType: 'Account', ip });
  return {
    accounts: accounts.map(presentAccount),
    balanceCents: accounts.reduce((s, a) => s + Number(a.balance_cents), 0),
    statements: statements.map((s) => presentStatementSummary(s, onPlan.has(s.id))),
    payments: payments.map(presentPayment),
  };
}

export async function statementDetail(db: Db, actor: Actor, id: string, ip: string) {
  const s = await repo.findStatement(db, actor, id);
  if (!s) throw notFound('This statement');
  const [charges, payments, plans] = await Promise.all([repo.chargesFor(db, s.id), repo.paymentsFor(db, { statementId: s.id }), repo.activePlans(db, [s.id])]);
  const plan = plans[0];
  const planPaid = plan ? await repo.paidSince(db, s.id, plan.created_at) : 0;
  await auditRead(db, { actor, patientId: s.patient_id, action: 'read', resourceType: 'Statement', resourceId: s.id, ip });
  const sum = (k: 'billed_cents' | 'insurance_paid_cents' | 'adjustment_cents' | 'patient_responsibility_cents') =>
    charges.reduce((t, c) => t + Number(c[k]), 0);
  return {
    statement: presentStatementSummary(s, !!plan),
    charges: charges.map(presentCharge),
    totals: { billedCents: sum('billed_cents'), insurancePaidCents: sum('insurance_paid_cents'), adjustmentCents: sum('adjustment_cents'),
      patientResponsibilityCents: sum('patient_responsibility_cents') },
    payments: payments.map(presentPayment),
    plan: plan ? presentPlan(plan, planPaid) : null,
    billingQuestionUrl: billingQuestionUrl(s.statement_number),
    minInstallmentCents: MIN_INSTALLMENT_CENTS,
  };
}

export async function tokenize(db: Db, actor: Actor, env: string, card: CardInput) {
  const gateway = currentGateway(env);
  if (!gateway.tokenize) throw new HttpError(501, 'not_supported', 'This payment processor collects card details in its own form.');
  return db.tx((q) => gateway.tokenize!(q, actor.userId, card));
}

export type PayInput = { statementId: string; amountCents: number; token: string; idempotencyKey: string };

/**
 * Pays part or all of a statement, exactly once per idempotency key. In one transaction: the key row (a concurrent
 * duplicate waits on it, then replays), the statement row lock (a concurrent payment of the same statement waits, then
 * sees the lower balance), the gateway charge, the payment record with its receipt, both balances and the audit event.
 * A decline is recorded and replayed too (same key, same answer); the client makes a new key for a new attempt.
 */
export async function pay(db: Db, actor: Actor, env: string, input: PayInput, ip: string) {
  const gateway = currentGateway(env);
  if (!Number.isSafeInteger(input.amountCents)) throw badRequest('Enter the amount in whole cents.', 'amountCents');
  if (input.amountCents <= 0) throw badRequest('Enter an amount greater than $0.00.', 'amountCents');
  const request = { statementId: input.statementId, amountCents: input.amountCents, token: input.token };
  const result = await runIdempotent<Record<string, unknown>>(db, { userId: actor.userId, actor, key: input.idempotencyKey, route: 'POST /api/billing/payments', request }, async (q) => {
    const s = await repo.findStatement(q, actor, input.statementId, true);
    if (!s) throw notFound('This statement');
    const balance = Number(s.balance_cents);
    if (balance === 0) throw conflict('This statement is already paid in full. Nothing more is owed on it.', 'already_paid');
    if (input.amountCents > balance)
      throw badRequest(`That is more than you owe on this statement. The most you can pay is ${formatCents(balance)}.`, 'amountCents');
    const charged = await gateway.charge(q, {
      token: input.token, amountCents: input.amountCents, currency: 'usd', userId: actor.userId, idempotencyKey: input.idempotencyKey,
      description: `Statement ${s.statement_number}`,
    });
    const base = { orgId: s.org_id, accountId: s.account_id, statementId: s.id, amountCents: input.amountCents, gateway: gateway.name,
      idempotencyKey: input.idempotencyKey, paidBy: actor.userId };
    if (!charged.ok) {
      const p = await repo.insertPayment(q, { ...base, status: 'declined', declineCode: charged.code, declineReason: charged.reason, brand: charged.brand, last4: charged.last4 });
      await audit(q, { actor, patientId: s.patient_id, action: 'create', resourceType: 'Payment', resourceId: p.id, outcome: 'failure', ip, detail: { code: charged.code } });
      return { status: 402, body: { error: { code: charged.code, message: charged.reason }, paymentId: p.id } };
    }
    const p = await repo.insertPayment(q, { ...base, status: 'succeeded', chargeId: charged.chargeId, brand: charged.brand, last4: charged.last4 });
    const balances = await repo.applyPayment(q, s.id, s.account_id, input.amountCents);
    await audit(q, { actor, patientId: s.patient_id, action: 'create', resourceType: 'Payment', resourceId: p.id, ip, detail: { receipt: p.receipt_number } });
    return { status: 201, body: { payment: presentPayment(p), ...balances } };
  });
  const body = result.body as { error?: { code: string; message: string } } & Record<string, unknown>;
  if (body.error) throw new HttpError(result.status, body.error.code, body.error.message);
  return { ...(body as { payment: ReturnType<typeof presentPayment>; statementBalanceCents: number; accountBalanceCents: number }), replayed: result.replayed };
}

export async function receipt(db: Db, actor: Actor, id: string, ip: string) {
  const p = await repo.findPayment(db, actor, id);
  if (!p) throw notFound('This payment');
  const [acct] = await db.query<{ patient_id: string; guarantor_name: string }>('select patient_id, guarantor_name from guarantor_account where id = $1', [p.account_id]);
  const [st] = p.statement_id ? await db.query<{ balance_cents: number }>('select balance_cents from statement where id = $1', [p.statement_id]) : [];
  await auditRead(db, { actor, patientId: acct.patient_id, action: 'read', resourceType: 'Payment', resourceId: p.id, ip });
  return { payment: presentPayment(p), accountNumber: p.account_number ?? '', guarantorName: acct.guarantor_name,
    statementBalanceCents: st ? Number(st.balance_cents) : null };
}

export async function createPlan(db: Db, actor: Actor, statementId: string, installments: number, ip: string) {
  return db.tx(async (q) => {
    const s = await repo.findStatement(q, actor, statementId, true);
    if (!s) throw notFound('This statement');
    const balance = Number(s.balance_cents);
    if (balance === 0) throw conflict('This statement is already paid in full.', 'already_paid');
    const parts = splitInstallments(balance, installments);
    if (parts[parts.length - 1] < MIN_INSTALLMENT_CENTS)
      throw badRequest(`Each monthly payment must be at least ${formatCents(MIN_INSTALLMENT_CENTS)}. Choose fewer months.`, 'installments');
    const firstDue = s.due_date > today() ? s.due_date : addMonths(today(), 1);
    const plan = await repo.insertPlan(q, { accountId: s.account_id, statementId: s.id, totalCents: balance, installments, firstDue, userId: actor.userId });
    if (!plan) throw conflict('This statement already has a payment plan.', 'plan_exists');
    await audit(q, { actor, patientId: s.patient_id, action: 'create', resourceType: 'PaymentPlan', resourceId: plan.id, ip });
    return { plan: presentPlan(plan, 0) };
  });
}

/** The patient stops their active payment plan. Payments already made stay; what is still owed is due on the statement again. */
export async function cancelPlan(db: Db, actor: Actor, statementId: string, ip: string) {
  await db.tx(async (q) => {
    const s = await repo.findStatement(q, actor, statementId, true);
    if (!s) throw notFound('This statement');
    const [plan] = await q.query<{ id: string }>(
      "update payment_plan set status = 'cancelled' where statement_id = $1 and status = 'active' returning id", [s.id]);
    if (!plan) throw notFound('This payment plan');
    await audit(q, { actor, patientId: s.patient_id, action: 'cancel', resourceType: 'PaymentPlan', resourceId: plan.id, ip });
  });
}

// ---------- billing staff ----------
export async function staffOverview(db: Db, actor: Actor, search: string, ip: string) {
  const [accounts, payments, totals] = await Promise.all([
    repo.staffAccounts(db, actor, search, 100), repo.staffPayments(db, actor, 25), repo.orgTotals(db, actor),
  ]);
  await auditRead(db, { actor, action: 'search', resourceType: 'Account', ip, detail: { results: accounts.length } });
  return {
    totals,
    accounts: accounts.map(presentAccount),
    payments: payments.map((p) => ({ ...presentPayment(p), patientName: p.patient_name ?? '', accountNumber: p.account_number ?? '' })),
  };
}

export async function staffAccountDetail(db: Db, actor: Actor, id: string, ip: string) {
  const a = await repo.staffAccount(db, actor, id);
  if (!a) throw notFound('This account');
  const [statements, payments] = await Promise.all([repo.statementsForAccounts(db, [a.id]), repo.paymentsFor(db, { accountIds: [a.id] })]);
  const onPlan = new Set((await repo.activePlans(db, statements.map((s) => s.id))).map((p) => p.statement_id));
  await auditRead(db, { actor, patientId: a.patient_id, action: 'read', resourceType: 'Account', resourceId: a.id, ip });
  return {
    account: presentAccount(a),
    statements: statements.map((s) => presentStatementSummary(s, onPlan.has(s.id))),
    payments: payments.map(presentPayment),
  };
}
