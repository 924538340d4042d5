import { z } from 'zod';
import type { Who } from './service';
import { logRead } from './service';

/** Procedures and care plans (with the health goals they serve), for the record pages; the same rows the FHIR API serves. */

const iso = (d: Date | string | null | undefined) => (d === null || d === undefined ? null : new Date(d).toISOString());

export const ProcedureOut = z.object({ id: z.string(), display: z.string(), status: z.string(), performedAt: z.string().nullable() });
export const CarePlanOut = z.object({
  id: z.string(), title: z.string(), status: z.string(), startAt: z.string().nullable(), endAt: z.string().nullable(), activities: z.array(z.string()),
});
export const GoalOut = z.object({ id: z.string(), description: z.string(), status: z.string() });

const ACTIVE_PLAN = new Set(['active', 'on-hold', 'draft']);

export async function procedures(w: Who) {
  const rows = await w.db.query<{ id: string; display: string; status: string; performed_at: Date | null }>(
    'select id, display, status, performed_at from procedure where patient_id = $1 order by performed_at desc nulls last, display', [w.patientId]);
  await logRead(w, 'Procedure', 'procedures');
  return { procedures: rows.map((r) => ({ id: r.id, display: r.display, status: r.status, performedAt: iso(r.performed_at) })) };
}

export async function carePlans(w: Who) {
  const plans = await w.db.query<{ id: string; title: string; status: string; start_at: Date | null; end_at: Date | null; activities: string[] }>(
    'select id, title, status, start_at, end_at, activities from care_plan where patient_id = $1 order by start_at desc nulls last, title', [w.patientId]);
  const goals = await w.db.query<{ id: string; description: string; status: string | null }>(
    "select id, description, status from care_goal where patient_id = $1 and coalesce(status, 'active') not in ('entered-in-error', 'rejected') order by description", [w.patientId]);
  await logRead(w, 'CarePlan', 'care-plans');
  const out = plans.map((p) => ({ id: p.id, title: p.title, status: p.status, startAt: iso(p.start_at), endAt: iso(p.end_at), activities: p.activities ?? [] }));
  return {
    current: out.filter((p) => ACTIVE_PLAN.has(p.status)), past: out.filter((p) => !ACTIVE_PLAN.has(p.status)),
    goals: goals.map((g) => ({ id: g.id, description: g.description, status: g.status ?? 'active' })),
  };
}
