import type { Queryable } from '../../db/client';

export type NewCharge = {
  serviceDate: string; service: string; clinicianId?: string | null; clinicianName?: string | null;
  billedCents: number; insurancePaidCents: number; adjustmentCents: number;
};

/** The guarantor account of a patient (the patient is their own guarantor here), created on first use. */
export async function ensureAccount(q: Queryable, orgId: string, patientId: string): Promise<string> {
  const [found] = await q.query<{ id: string }>('select id from guarantor_account where org_id = $1 and patient_id = $2', [orgId, patientId]);
  if (found) return found.id;
  const [p] = await q.query<{ given_name: string; family_name: string; mrn: string }>('select given_name, family_name, mrn from patient where id = $1', [patientId]);
  const [row] = await q.query<{ id: string }>(
    'insert into guarantor_account (org_id, patient_id, account_number, guarantor_name) values ($1,$2,$3,$4) returning id',
    [orgId, patientId, `G${p.mrn.replace(/\D/g, '').slice(-6).padStart(6, '0')}-${patientId.slice(0, 4).toUpperCase()}`, `${p.given_name} ${p.family_name}`]);
  return row.id;
}

/**
 * Issues a statement: the charges (each with what insurance paid and the contractual adjustment; the rest is the
 * patient's), the amount due as their sum, and the account balance raised by the same amount, all in the caller's transaction.
 */
export async function issueStatement(q: Queryable, s: {
  orgId: string; patientId: string; statementNumber: string; statementDate: string; dueDate: string; charges: NewCharge[]; paidCents?: number;
}): Promise<{ statementId: string; accountId: string; amountDueCents: number }> {
  const accountId = await ensureAccount(q, s.orgId, s.patientId);
  const resp = s.charges.map((c) => c.billedCents - c.insurancePaidCents - c.adjustmentCents);
  if (resp.some((r) => r < 0)) throw new Error('insurance payment and adjustment exceed the billed amount');
  const amountDue = resp.reduce((a, b) => a + b, 0);
  const balance = amountDue - (s.paidCents ?? 0);
  const [st] = await q.query<{ id: string }>(
    `insert into statement (account_id, statement_number, statement_date, due_date, amount_due_cents, balance_cents) values ($1,$2,$3,$4,$5,$6) returning id`,
    [accountId, s.statementNumber, s.statementDate, s.dueDate, amountDue, balance]);
  for (let i = 0; i < s.charges.length; i++) {
    const c = s.charges[i];
    await q.query(
      `insert into charge (statement_id, line, service_date, service, clinician_id, clinician_name, billed_cents, insurance_paid_cents, adjustment_cents, patient_responsibility_cents)
       values ($1,$10,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [st.id, c.serviceDate, c.service, c.clinicianId ?? null, c.clinicianName ?? null, c.billedCents, c.insurancePaidCents, c.adjustmentCents, resp[i], i + 1]);
  }
  await q.query('update guarantor_account set balance_cents = balance_cents + $2 where id = $1', [accountId, balance]);
  return { statementId: st.id, accountId, amountDueCents: amountDue };
}
