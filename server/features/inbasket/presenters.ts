import { z } from 'zod';
import type { Actor } from '../../platform/access/actor';
import { presentThread, ThreadSummary } from '../messaging/presenters';
import type { Counts, InbasketRow, PoolSummaryRow } from './repository';

export const InbasketItem = ThreadSummary.extend({ nearDue: z.boolean(), unreadByMe: z.boolean(), inMyPool: z.boolean().optional() });
export const CountsOut = z.object({ open: z.number(), overdue: z.number(), nearDue: z.number(), unassigned: z.number(), mine: z.number(), escalated: z.number() });
export const PoolOut = z.object({
  id: z.string(), name: z.string(), clinicId: z.string(), clinicName: z.string(), member: z.boolean(), lead: z.boolean(), open: z.number(), overdue: z.number(),
  targetBusinessHours: z.number(),
});

/** One line: whitespace folded, cut at a word near 120 characters. */
export function previewLine(body: string | null): string | null {
  if (!body) return null;
  const flat = body.replace(/\s+/g, ' ').trim();
  if (flat.length <= 120) return flat;
  const cut = flat.slice(0, 120);
  const sp = cut.lastIndexOf(' ');
  return `${(sp > 80 ? cut.slice(0, sp) : cut).trimEnd()}…`;
}

export function presentItem(r: InbasketRow, actor: Actor, nearDueHours: number): z.infer<typeof InbasketItem> {
  const base = presentThread(r, actor);
  const due = r.due_at ? new Date(r.due_at).getTime() : null;
  const nearDue = r.status === 'open' && due !== null && !base.overdue && due - Date.now() < nearDueHours * 3_600_000;
  return { ...base, nearDue, unreadByMe: r.unread_by_me, ...(r.patient_preview !== undefined ? { preview: previewLine(r.patient_preview) } : {}) };
}

export const presentCounts = (c: Counts): z.infer<typeof CountsOut> =>
  ({ open: c.open, overdue: c.overdue, nearDue: c.near_due, unassigned: c.unassigned, mine: c.mine, escalated: c.escalated });

export const presentPool = (p: PoolSummaryRow): z.infer<typeof PoolOut> => ({
  id: p.id, name: p.name, clinicId: p.clinic_id, clinicName: p.clinic_name, member: p.member, lead: p.lead ?? false, open: p.open, overdue: p.overdue,
  targetBusinessHours: p.target_business_hours,
});
