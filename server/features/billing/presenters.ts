import { z } from 'zod';
import type { AccountRow, ChargeRow, PaymentRow, PlanRow, StatementRow } from './repository';
import { planSchedule } from './money';

const cents = z.number().int();

export const StatementSummaryOut = z.object({
  id: z.string(), number: z.string(), accountNumber: z.string(), statementDate: z.string(), dueDate: z.string(),
  amountDueCents: cents, balanceCents: cents, status: z.enum(['paid', 'open', 'overdue', 'on_plan']), statusText: z.string(),
});
export const ChargeOut = z.object({
  id: z.string(), serviceDate: z.string(), service: z.string(), clinician: z.string().nullable(), billedCents: cents,
  insurancePaidCents: cents, adjustmentCents: cents, patientResponsibilityCents: cents,
});
export const PaymentOut = z.object({
  id: z.string(), statementId: z.string().nullable(), statementNumber: z.string().nullable(), amountCents: cents,
  status: z.enum(['succeeded', 'declined']), declineReason: z.string().nullable(), cardBrand: z.string().nullable(), cardLast4: z.string().nullable(),
  receiptNumber: z.string().nullable(), paidAt: z.string(), paidBy: z.string().nullable(),
});
export const PlanOut = z.object({
  id: z.string(), statementId: z.string(), totalCents: cents, installments: z.number().int(), status: z.string(),
  schedule: z.array(z.object({ number: z.number().int(), dueDate: z.string(), amountCents: cents, status: z.enum(['paid', 'due', 'upcoming', 'late']) })),
});
export const AccountOut = z.object({
  id: z.string(), accountNumber: z.string(), guarantorName: z.string(), balanceCents: cents,
  patientName: z.string().optional(), mrn: z.string().optional(), openStatements: z.number().int().optional(),
});

export const today = () => new Date().toISOString().slice(0, 10);

export function presentStatementSummary(s: StatementRow, onPlan = false): z.infer<typeof StatementSummaryOut> {
  const status = s.balance_cents === 0 ? 'paid' : onPlan ? 'on_plan' : s.due_date < today() ? 'overdue' : 'open';
  const statusText = { paid: 'Paid in full', open: 'Payment due', overdue: 'Past due', on_plan: 'On a payment plan' }[status];
  return {
    id: s.id, number: s.statement_number, accountNumber: s.account_number, statementDate: s.statement_date, dueDate: s.due_date,
    amountDueCents: Number(s.amount_due_cents), balanceCents: Number(s.balance_cents), status, statusText,
  };
}

export const presentCharge = (c: ChargeRow): z.infer<typeof ChargeOut> => ({
  id: c.id, serviceDate: c.service_date, service: c.service, clinician: c.clinician_name, billedCents: Number(c.billed_cents),
  insurancePaidCents: Number(c.insurance_paid_cents), adjustmentCents: Number(c.adjustment_cents),
  patientResponsibilityCents: Number(c.patient_responsibility_cents),
});

export const presentPayment = (p: PaymentRow): z.infer<typeof PaymentOut> => ({
  id: p.id, statementId: p.statement_id, statementNumber: p.statement_number, amountCents: Number(p.amount_cents),
  status: p.status as 'succeeded' | 'declined', declineReason: p.decline_reason, cardBrand: p.card_brand, cardLast4: p.card_last4,
  receiptNumber: p.receipt_number, paidAt: new Date(p.created_at).toISOString(), paidBy: p.paid_by_name,
});

export const presentPlan = (p: PlanRow, paidCents: number): z.infer<typeof PlanOut> => ({
  id: p.id, statementId: p.statement_id, totalCents: Number(p.total_cents), installments: p.installments, status: p.status,
  schedule: planSchedule(Number(p.total_cents), p.installments, p.first_due_date, paidCents, today()),
});

export const presentAccount = (a: AccountRow): z.infer<typeof AccountOut> => ({
  id: a.id, accountNumber: a.account_number, guarantorName: a.guarantor_name, balanceCents: Number(a.balance_cents),
  ...(a.patient_name ? { patientName: a.patient_name } : {}), ...(a.mrn ? { mrn: a.mrn } : {}),
  ...(a.open_statements !== undefined ? { openStatements: a.open_statements } : {}),
});
