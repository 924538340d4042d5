import type { Queryable } from '../../db/client';
import type { DemoContext } from '../../demo/seed';
import { issueStatement, type NewCharge } from './statements';

// Demo billing: statements with realistic charges and insurance adjustments for every demo patient (Ava and Ben with a
// full history), a few past card payments with receipts, and coverage rows when the FHIR import's table exists.

type Service = { service: string; billed: number; insPaid: [number, number]; adj: [number, number]; clinician: string };
const SERVICES: Service[] = [
  { service: 'Office visit, established patient (99214)', billed: 24500, insPaid: [0.5, 0.62], adj: [0.18, 0.26], clinician: 'paul.physician' },
  { service: 'Hemoglobin A1c (83036)', billed: 6800, insPaid: [0.55, 0.7], adj: [0.15, 0.25], clinician: 'paul.physician' },
  { service: 'Comprehensive metabolic panel (80053)', billed: 9200, insPaid: [0.55, 0.7], adj: [0.15, 0.25], clinician: 'paul.physician' },
  { service: 'Lipid panel (80061)', billed: 7400, insPaid: [0.55, 0.7], adj: [0.15, 0.25], clinician: 'paul.physician' },
  { service: 'Urine albumin-to-creatinine ratio (82043)', billed: 5100, insPaid: [0.5, 0.65], adj: [0.15, 0.3], clinician: 'paul.physician' },
  { service: 'Diabetic retinal imaging (92250)', billed: 18500, insPaid: [0.5, 0.6], adj: [0.2, 0.3], clinician: 'daniel.cho' },
  { service: 'Electrocardiogram, 12-lead (93000)', billed: 12000, insPaid: [0.55, 0.65], adj: [0.15, 0.25], clinician: 'james.okafor' },
  { service: 'Endocrinology consult, new patient (99204)', billed: 38500, insPaid: [0.5, 0.6], adj: [0.2, 0.3], clinician: 'elena.torres' },
  { service: 'Diabetes self-management training, 30 min (G0108)', billed: 9800, insPaid: [0.6, 0.75], adj: [0.1, 0.2], clinician: 'elena.torres' },
  { service: 'Foot exam and nail debridement (11721)', billed: 8500, insPaid: [0.5, 0.65], adj: [0.15, 0.25], clinician: 'lucia.ferreira' },
  { service: 'Medical nutrition therapy, 15 min units (97802)', billed: 11000, insPaid: [0.55, 0.7], adj: [0.1, 0.2], clinician: 'hannah.lindqvist' },
];
const PAYERS = [
  { payer: 'Volunteer State Health Plan', plan: 'PPO Gold', copay: 'Primary care $25; specialist $50; lab $0' },
  { payer: 'Cumberland Mutual Health', plan: 'HMO Select', copay: 'Primary care $20; specialist $40' },
  { payer: 'Harpeth Valley Insurance', plan: 'High-deductible HSA plan', copay: 'Deductible $3,000, then 20% coinsurance' },
  { payer: 'Medicare Part B (demo)', plan: 'Original Medicare', copay: '20% coinsurance after the Part B deductible' },
];

const iso = (d: Date) => d.toISOString().slice(0, 10);
const daysFrom = (now: Date, days: number) => iso(new Date(now.getTime() + days * 86_400_000));

export async function seedBillingDemo(q: Queryable, ctx: DemoContext): Promise<void> {
  const { r, now } = ctx;
  const names = new Map((await q.query<{ email: string; id: string; display_name: string }>(
    "select email, id, display_name from app_user where org_id = $1 and role = 'physician'", [ctx.orgId])).map((u) => [u.email.split('@')[0], u]));
  const line = (s: Service, date: string, insuranceCovers = true): NewCharge => {
    const who = names.get(s.clinician) ?? names.get('paul.physician');
    const ins = insuranceCovers ? Math.round(s.billed * (s.insPaid[0] + r.next() * (s.insPaid[1] - s.insPaid[0]))) : 0;
    const adj = Math.round(s.billed * (s.adj[0] + r.next() * (s.adj[1] - s.adj[0])));
    return { serviceDate: date, service: s.service, clinicianId: who?.id ?? null, clinicianName: who?.display_name ?? null,
      billedCents: s.billed, insurancePaidCents: ins, adjustmentCents: adj };
  };
  const pick = (idx: number[]) => idx.map((i) => SERVICES[i]);
  const billingClerk = ctx.staff['bill.billing@demo.portico.test'];
  let receipts = 0;
  const recordPayment = async (statementId: string, accountId: string, amount: number, paidBy: string | null, daysAgo: number) => {
    await q.query(
      `insert into payment (org_id, account_id, statement_id, amount_cents, status, gateway, gateway_charge_id, card_brand, card_last4,
         receipt_number, idempotency_key, paid_by, created_at)
       values ($1,$2,$3,$4,'succeeded','test',$5,'Visa','4242','R-' || nextval('receipt_number_seq'),$6,$7,$8)`,
      [ctx.orgId, accountId, statementId, amount, `ch_demo_${++receipts}`, `demo-${receipts}`, paidBy ?? billingClerk, new Date(now.getTime() - daysAgo * 86_400_000)]);
  };

  for (let i = 0; i < ctx.patients.length; i++) {
    const p = ctx.patients[i];
    const tag = String(i + 1).padStart(3, '0');
    if (i === 0 || i === 1) {
      // Ava and Ben: an older statement paid in full, and a current one with a balance to pay.
      const oldDate = daysFrom(now, -95);
      const old = await issueStatement(q, { orgId: ctx.orgId, patientId: p.id, statementNumber: `RB-${tag}-0001`, statementDate: oldDate,
        dueDate: daysFrom(now, -65), charges: [line(SERVICES[0], daysFrom(now, -120)), line(SERVICES[1], daysFrom(now, -120)), line(SERVICES[3], daysFrom(now, -120))] });
      await recordPayment(old.statementId, old.accountId, old.amountDueCents, p.userId, 80);
      await q.query('update statement set balance_cents = 0 where id = $1', [old.statementId]);
      await q.query('update guarantor_account set balance_cents = balance_cents - $2 where id = $1', [old.accountId, old.amountDueCents]);
      const visit = daysFrom(now, i === 0 ? -30 : -50);
      const charges = i === 0
        ? [line(SERVICES[7], visit), line(SERVICES[1], visit), line(SERVICES[4], visit), line(SERVICES[5], daysFrom(now, -26)), line(SERVICES[8], daysFrom(now, -24))]
        : [line(SERVICES[0], visit), line(SERVICES[2], visit), line(SERVICES[6], daysFrom(now, -45)), line(SERVICES[9], daysFrom(now, -44))];
      await issueStatement(q, { orgId: ctx.orgId, patientId: p.id, statementNumber: `RB-${tag}-0002`, statementDate: daysFrom(now, i === 0 ? -12 : -40),
        dueDate: daysFrom(now, i === 0 ? 18 : -10), charges });
      continue;
    }
    const visits = r.int(1, 2);
    for (let v = 0; v < visits; v++) {
      const visit = daysFrom(now, -r.int(20, 200));
      const chosen = pick([0, r.pick([1, 2, 3, 4]), ...(r.chance(0.4) ? [r.int(5, 10)] : [])]);
      const s = await issueStatement(q, { orgId: ctx.orgId, patientId: p.id, statementNumber: `RB-${tag}-${String(v + 1).padStart(4, '0')}`,
        statementDate: daysFrom(now, -r.int(5, 19)), dueDate: daysFrom(now, r.int(-10, 25)), charges: chosen.map((c) => line(c, visit, r.chance(0.92))) });
      if (r.chance(0.35)) {
        await recordPayment(s.statementId, s.accountId, s.amountDueCents, p.userId, r.int(1, 4));
        await q.query('update statement set balance_cents = 0 where id = $1', [s.statementId]);
        await q.query('update guarantor_account set balance_cents = balance_cents - $2 where id = $1', [s.accountId, s.amountDueCents]);
      }
    }
  }
  await seedCoverage(q, ctx);
}

/** Coverage for demo patients, only when the FHIR import's coverage table exists and the patient has none yet. */
async function seedCoverage(q: Queryable, ctx: DemoContext) {
  const [t] = await q.query<{ t: string | null }>("select to_regclass('public.coverage')::text as t");
  if (!t?.t) return;
  const people = await q.query<{ id: string; name: string; birth: string; has: boolean }>(
    `select p.id, p.given_name || ' ' || p.family_name as name, p.birth_date::text as birth,
       exists (select 1 from coverage c where c.patient_id = p.id) as has
     from patient p where p.org_id = $1 order by p.mrn`, [ctx.orgId]);
  for (const p of people) {
    if (p.has) continue;
    const age = ctx.now.getUTCFullYear() - Number(p.birth.slice(0, 4));
    const plan = age >= 65 ? PAYERS[3] : p.name === 'Ava Thompson' ? PAYERS[0] : p.name === 'Ben Carter' ? PAYERS[1] : ctx.r.pick(PAYERS.slice(0, 3));
    const member = `${plan.payer.split(' ').map((w) => w[0]).join('').replace(/[^A-Z]/g, '')}${ctx.r.int(100_000_000, 999_999_999)}`;
    await q.query(
      `insert into coverage (patient_id, payer, plan_name, member_id, group_id, subscriber_name, relationship, start_date, copay_text, status)
       values ($1,$2,$3,$4,$5,$6,'self',$7,$8,'active')`,
      [p.id, plan.payer, plan.plan, member, age >= 65 ? null : `GRP-${ctx.r.int(1000, 9999)}`, p.name, `${ctx.now.getUTCFullYear()}-01-01`, plan.copay]);
  }
}
