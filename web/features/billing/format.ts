/** Money arrives from the server as integer cents; these helpers never do arithmetic in floating point. */
export function money(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(cents));
  return `${sign}$${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/** "12.34", "$1,200", "5" → cents; null when it is not an amount of money. */
export function parseDollars(s: string): number | null {
  const m = /^\s*\$?\s*(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d{1,2}))?\s*$/.exec(s);
  if (!m) return null;
  return Number(m[1].replace(/,/g, '')) * 100 + (m[2] ? Number(m[2].padEnd(2, '0')) : 0);
}

import { intlTag } from '../../i18n';

export const longDate = (iso: string) =>
  new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString(intlTag(), { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

export const dateTime = (iso: string) => new Date(iso).toLocaleString(intlTag(), { dateStyle: 'long', timeStyle: 'short', hour12: true });

export type StatementSummary = {
  id: string; number: string; accountNumber: string; statementDate: string; dueDate: string; amountDueCents: number; balanceCents: number;
  status: 'paid' | 'open' | 'overdue' | 'on_plan'; statusText: string;
};
export type Payment = {
  id: string; statementId: string | null; statementNumber: string | null; amountCents: number; status: 'succeeded' | 'declined';
  declineReason: string | null; cardBrand: string | null; cardLast4: string | null; receiptNumber: string | null; paidAt: string; paidBy: string | null;
};
export type Charge = {
  id: string; serviceDate: string; service: string; clinician: string | null; billedCents: number; insurancePaidCents: number;
  adjustmentCents: number; patientResponsibilityCents: number;
};
export type Plan = {
  id: string; statementId: string; totalCents: number; installments: number; status: string;
  schedule: { number: number; dueDate: string; amountCents: number; status: 'paid' | 'due' | 'upcoming' | 'late' }[];
};
