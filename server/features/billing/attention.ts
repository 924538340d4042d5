import type { AttentionProvider } from '../home/attention';
import { formatCents } from './money';
import { countOpenRequests } from './insurance';

// Home page items: a patient sees a statement that is due or past due; the front desk sees insurance updates to enter.
export const billingAttention: AttentionProvider = async (db, actor) => {
  if (actor.role === 'patient') {
    const rows = await db.query<{ id: string; statement_number: string; balance_cents: number; due_date: string; overdue: boolean }>(
      `select s.id, s.statement_number, s.balance_cents, s.due_date, s.due_date < current_date as overdue
         from statement s join guarantor_account a on a.id = s.account_id
        where a.patient_id = $1 and s.balance_cents > 0
          and not exists (select 1 from payment_plan pp where pp.statement_id = s.id and pp.status = 'active')
        order by s.due_date limit 2`, [actor.patientId]);
    return rows.map((s) => ({
      kind: 'bill', priority: s.overdue ? 'high' as const : 'normal' as const, href: `/billing/statements/${s.id}`,
      title: s.overdue ? `A bill of ${formatCents(Number(s.balance_cents))} is past due` : `You have a bill of ${formatCents(Number(s.balance_cents))} due ${s.due_date}`,
      detail: 'Pay online, set up monthly payments, or ask the billing office a question.',
    }));
  }
  if (['front_desk', 'admin'].includes(actor.role)) {
    const n = await countOpenRequests(db, actor.orgId);
    return n ? [{ kind: 'insurance', priority: 'normal', href: '/insurance/requests', title: `${n} insurance ${n === 1 ? 'update' : 'updates'} from patients to enter` }] : [];
  }
  return [];
};
