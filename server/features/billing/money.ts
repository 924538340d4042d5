/** Money is integer cents everywhere. These helpers never touch floating point for amounts that are stored. */

export function assertCents(n: number): number {
  if (!Number.isSafeInteger(n)) throw new Error(`not a whole number of cents: ${n}`);
  return n;
}

/** "$1,234.56" for display in messages and receipts (the web formats its own). */
export function formatCents(cents: number): string {
  assertCents(cents);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}

/** Parses "12.34", "$1,200", "5" into cents without floating point. Returns null when it is not a money amount. */
export function parseDollars(s: string): number | null {
  const m = /^\s*\$?\s*(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d{1,2}))?\s*$/.exec(s);
  if (!m) return null;
  const whole = Number(m[1].replace(/,/g, ''));
  const frac = m[2] ? Number(m[2].padEnd(2, '0')) : 0;
  const cents = whole * 100 + frac;
  return Number.isSafeInteger(cents) ? cents : null;
}

/**
 * Splits a total into n monthly installments that add up exactly: every installment is floor(total / n) and the
 * leftover cents go on the first one, so nobody is asked for a fraction of a cent.
 */
export function splitInstallments(totalCents: number, n: number): number[] {
  assertCents(totalCents);
  if (!Number.isInteger(n) || n < 1) throw new Error('installments must be a positive whole number');
  const base = Math.floor(totalCents / n);
  const rest = totalCents - base * n;
  return Array.from({ length: n }, (_, i) => (i === 0 ? base + rest : base));
}

/** Adds whole months to a YYYY-MM-DD date, keeping the day where the month allows (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

export type Installment = { number: number; dueDate: string; amountCents: number; status: 'paid' | 'due' | 'upcoming' | 'late' };

/** The plan's schedule, with each installment marked paid once the payments since the plan cover it. */
export function planSchedule(totalCents: number, n: number, firstDue: string, paidCents: number, today: string): Installment[] {
  let covered = 0;
  let nextMarked = false;
  return splitInstallments(totalCents, n).map((amountCents, i) => {
    covered += amountCents;
    const dueDate = addMonths(firstDue, i);
    let status: Installment['status'];
    if (paidCents >= covered) status = 'paid';
    else if (dueDate < today) status = 'late';
    else if (!nextMarked) { status = 'due'; nextMarked = true; }
    else status = 'upcoming';
    return { number: i + 1, dueDate, amountCents, status };
  });
}
