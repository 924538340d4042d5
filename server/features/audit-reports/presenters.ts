import { z } from 'zod';
import type { AuditEventRow } from './repository';

export const AuditEventOut = z.object({
  id: z.number(),
  at: z.string(),
  user: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }).nullable(),
  role: z.string().nullable(),
  patient: z.object({ id: z.string(), name: z.string().nullable(), mrn: z.string().nullable() }).nullable(),
  action: z.string(),
  resourceType: z.string(),
  resourceId: z.string().nullable(),
  outcome: z.string(),
  ip: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEventOut = z.infer<typeof AuditEventOut>;

export function toAuditEvent(r: AuditEventRow): AuditEventOut {
  return {
    id: Number(r.id),
    at: new Date(r.at).toISOString(),
    user: r.user_id ? { id: r.user_id, name: r.user_name, email: r.user_email } : null,
    role: r.role,
    patient: r.patient_id ? { id: r.patient_id, name: r.patient_given === null ? null : `${r.patient_given} ${r.patient_family}`, mrn: r.patient_mrn } : null,
    action: r.action,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    outcome: r.outcome,
    ip: r.ip,
    detail: r.detail,
  };
}

export const CSV_HEADER = ['Event id', 'Time (UTC)', 'User', 'User email', 'Role', 'Patient', 'Patient MRN', 'Action', 'Resource type',
  'Resource id', 'Outcome', 'IP address', 'Detail'];

/** One CSV cell (RFC 4180 quoting); a cell a spreadsheet would run as a formula is prefixed with ' (CSV injection). */
export function csvCell(v: string | number | null | undefined): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsvRow(e: AuditEventOut): string {
  return [e.id, e.at, e.user?.name, e.user?.email, e.role, e.patient?.name, e.patient?.mrn, e.action, e.resourceType, e.resourceId,
    e.outcome, e.ip, e.detail ? JSON.stringify(e.detail) : null].map(csvCell).join(',');
}
