import type { Queryable } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import { scopeSql } from '../../platform/access/scope';

// Scope rule for billing: a patient reaches only their own guarantor account; billing staff and admins reach the accounts
// of their own organization. Everything below takes the actor and puts that rule in its WHERE clause.
function accountScope(actor: Actor, alias: string, params: unknown[]): string {
  return scopeSql(actor, 'billing.read', { patient: `${alias}.patient_id`, org: `${alias}.org_id` }, params);
}

export type AccountRow = {
  id: string; org_id: string; patient_id: string; account_number: string; guarantor_name: string; balance_cents: number;
  patient_name?: string; mrn?: string; open_statements?: number;
};
export type StatementRow = {
  id: string; account_id: string; statement_number: string; statement_date: string; due_date: string; amount_due_cents: number;
  balance_cents: number; patient_id: string; org_id: string; account_number: string;
};
export type ChargeRow = {
  id: string; service_date: string; service: string; clinician_name: string | null; billed_cents: number; insurance_paid_cents: number;
  adjustment_cents: number; patient_responsibility_cents: number;
};
export type PaymentRow = {
  id: string; account_id: string; statement_id: string | null; statement_number: string | null; amount_cents: number; status: string;
  decline_code: string | null; decline_reason: string | null; card_brand: string | null; card_last4: string | null; receipt_number: string | null;
  created_at: Date; paid_by_name: string | null; patient_name?: string; account_number?: string;
};
export type PlanRow = {
  id: string; statement_id: string; total_cents: number; installments: number; first_due_date: string; status: string; created_at: Date;
};

export async function accountsForActor(q: Queryable, actor: Actor): Promise<AccountRow[]> {
  const params: unknown[] = [];
  const scope = accountScope(actor, 'a', params);
  return q.query<AccountRow>(`select a.* from guarantor_account a where ${scope} order by a.account_number`, params);
}

export async function statementsForAccounts(q: Queryable, accountIds: string[]): Promise<StatementRow[]> {
  if (accountIds.length === 0) return [];
  return q.query<StatementRow>(
    `select s.*, a.patient_id, a.org_id, a.account_number from statement s join guarantor_account a on a.id = s.account_id
     where s.account_id = any($1::uuid[]) order by s.statement_date desc`, [accountIds]);
}

/** One statement the actor may reach; with lock=true the row is locked for the rest of the transaction. */
export async function findStatement(q: Queryable, actor: Actor, id: string, lock = false): Promise<StatementRow | undefined> {
  if (!isUuid(id)) return undefined;
  const params: unknown[] = [id];
  const scope = accountScope(actor, 'a', params);
  const [row] = await q.query<StatementRow>(
    `select s.*, a.patient_id, a.org_id, a.account_number from statement s join guarantor_account a on a.id = s.account_id
     where s.id = $1 and ${scope} ${lock ? 'for update of s' : ''}`, params);
  return row;
}

export async function chargesFor(q: Queryable, statementId: string): Promise<ChargeRow[]> {
  return q.query<ChargeRow>('select * from charge where statement_id = $1 order by service_date, line', [statementId]);
}

const PAYMENT_SELECT = `select p.*, s.statement_number, u.display_name as paid_by_name,
    pt.given_name || ' ' || pt.family_name as patient_name, a.account_number
  from payment p join guarantor_account a on a.id = p.account_id join patient pt on pt.id = a.patient_id
  left join statement s on s.id = p.statement_id left join app_user u on u.id = p.paid_by`;

export async function paymentsFor(q: Queryable, where: { accountIds?: string[]; statementId?: string }): Promise<PaymentRow[]> {
  if (where.statementId) return q.query<PaymentRow>(`${PAYMENT_SELECT} where p.statement_id = $1 order by p.created_at desc`, [where.statementId]);
  if (!where.accountIds || where.accountIds.length === 0) return [];
  return q.query<PaymentRow>(`${PAYMENT_SELECT} where p.account_id = any($1::uuid[]) order by p.created_at desc limit 50`, [where.accountIds]);
}

export async function findPayment(q: Queryable, actor: Actor, id: string): Promise<PaymentRow | undefined> {
  if (!isUuid(id)) return undefined;
  const params: unknown[] = [id];
  const scope = accountScope(actor, 'a', params);
  const [row] = await q.query<PaymentRow>(`${PAYMENT_SELECT} where p.id = $1 and ${scope}`, params);
  return row;
}

export async function insertPayment(q: Queryable, p: {
  orgId: string; accountId: string; statementId: string; amountCents: number; status: 'succeeded' | 'declined'; declineCode?: string;
  declineReason?: string; gateway: string; chargeId?: string; brand: string | null; last4: string | null; idempotencyKey: string; paidBy: string;
}): Promise<PaymentRow> {
  const [row] = await q.query<{ id: string }>(
    `insert into payment (org_id, account_id, statement_id, amount_cents, status, decline_code, decline_reason, gateway, gateway_charge_id,
       card_brand, card_last4, receipt_number, idempotency_key, paid_by)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11, case when $5 = 'succeeded' then 'R-' || nextval('receipt_number_seq') end, $12, $13)
     returning id`,
    [p.orgId, p.accountId, p.statementId, p.amountCents, p.status, p.declineCode ?? null, p.declineReason ?? null, p.gateway,
      p.chargeId ?? null, p.brand, p.last4, p.idempotencyKey, p.paidBy]);
  const [full] = await q.query<PaymentRow>(`${PAYMENT_SELECT} where p.id = $1`, [row.id]);
  return full;
}

/** Applies a succeeded payment: statement and account balances go down together, never below zero (checked by the schema too). */
export async function applyPayment(q: Queryable, statementId: string, accountId: string, amountCents: number) {
  const [s] = await q.query<{ balance_cents: number }>(
    'update statement set balance_cents = balance_cents - $2 where id = $1 and balance_cents >= $2 returning balance_cents', [statementId, amountCents]);
  if (!s) throw new Error('statement balance changed under a lock');
  const [a] = await q.query<{ balance_cents: number }>(
    'update guarantor_account set balance_cents = balance_cents - $2 where id = $1 returning balance_cents', [accountId, amountCents]);
  if (s.balance_cents === 0) await q.query("update payment_plan set status = 'completed' where statement_id = $1 and status = 'active'", [statementId]);
  return { statementBalanceCents: s.balance_cents, accountBalanceCents: a.balance_cents };
}

export async function activePlans(q: Queryable, statementIds: string[]): Promise<PlanRow[]> {
  if (statementIds.length === 0) return [];
  return q.query<PlanRow>("select * from payment_plan where statement_id = any($1::uuid[]) and status = 'active'", [statementIds]);
}

export async function paidSince(q: Queryable, statementId: string, since: Date): Promise<number> {
  const [r] = await q.query<{ n: number }>(
    "select coalesce(sum(amount_cents), 0)::bigint as n from payment where statement_id = $1 and status = 'succeeded' and created_at >= $2",
    [statementId, since]);
  return Number(r.n);
}

export async function insertPlan(q: Queryable, p: { accountId: string; statementId: string; totalCents: number; installments: number; firstDue: string; userId: string }) {
  const [row] = await q.query<PlanRow>(
    `insert into payment_plan (account_id, statement_id, total_cents, installments, first_due_date, created_by) values ($1,$2,$3,$4,$5,$6)
     on conflict (statement_id) where status = 'active' do nothing returning *`,
    [p.accountId, p.statementId, p.totalCents, p.installments, p.firstDue, p.userId]);
  return row as PlanRow | undefined;
}

// ---------- staff ----------
export async function staffAccounts(q: Queryable, actor: Actor, search: string, limit: number): Promise<AccountRow[]> {
  return q.query<AccountRow>(
    `select a.*, p.given_name || ' ' || p.family_name as patient_name, p.mrn,
       (select count(*) from statement s where s.account_id = a.id and s.balance_cents > 0)::int as open_statements
     from guarantor_account a join patient p on p.id = a.patient_id
     where a.org_id = $1 and ($2 = '' or lower(p.given_name || ' ' || p.family_name) like $3 or lower(p.mrn) like $3 or lower(a.account_number) like $3)
     order by a.balance_cents desc, p.family_name limit $4`,
    [actor.orgId, search, `%${search.toLowerCase()}%`, limit]);
}

export async function staffAccount(q: Queryable, actor: Actor, id: string): Promise<AccountRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await q.query<AccountRow>(
    `select a.*, p.given_name || ' ' || p.family_name as patient_name, p.mrn from guarantor_account a join patient p on p.id = a.patient_id
     where a.id = $1 and a.org_id = $2`, [id, actor.orgId]);
  return row;
}

export async function staffPayments(q: Queryable, actor: Actor, limit: number): Promise<PaymentRow[]> {
  return q.query<PaymentRow>(`${PAYMENT_SELECT} where p.org_id = $1 order by p.created_at desc limit $2`, [actor.orgId, limit]);
}

export async function orgTotals(q: Queryable, actor: Actor) {
  const [r] = await q.query<{ outstanding: number; accounts: number; paid_30d: number }>(
    `select (select coalesce(sum(balance_cents), 0) from guarantor_account where org_id = $1)::bigint as outstanding,
       (select count(*) from guarantor_account where org_id = $1 and balance_cents > 0)::int as accounts,
       (select coalesce(sum(amount_cents), 0) from payment where org_id = $1 and status = 'succeeded' and created_at > now() - interval '30 days')::bigint as paid_30d`,
    [actor.orgId]);
  return { outstandingCents: Number(r.outstanding), accountsWithBalance: r.accounts, paidLast30DaysCents: Number(r.paid_30d) };
}

export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
