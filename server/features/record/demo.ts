import type { Queryable } from '../../db/client';
import type { DemoContext } from '../../demo/seed';

/** Demo home readings and a visit summary for the demo patients with accounts (Ava, Ben). Deterministic via ctx.r. */
export async function seedRecordDemo(q: Queryable, ctx: DemoContext) {
  const withAccounts = ctx.patients.filter((p) => p.userId);
  for (const [i, p] of withAccounts.entries()) {
    const base = i === 0 ? 138 : 165;
    for (let d = 27; d >= 1; d--) {
      for (const [context, hour, lift] of [['fasting', 7, 0], ['after-meal', 19, 40]] as const) {
        if (!ctx.r.chance(0.8)) continue;
        const at = new Date(ctx.now.getTime() - d * 86_400_000);
        at.setUTCHours(hour + 5, ctx.r.int(0, 59), 0, 0);
        const v = Math.round(Math.max(58, ctx.r.normal(base + lift, 22)));
        await q.query(
          `insert into home_glucose (patient_id, value_mgdl, entered_value, entered_unit, context, measured_at, shared, shared_at)
           values ($1,$2,$2,'mg/dL',$3,$4,$5,$6)`, [p.id, v, context, at.toISOString(), d > 14, d > 14 ? at.toISOString() : null]);
      }
    }
    const visit = new Date(ctx.now.getTime() - 40 * 86_400_000).toISOString();
    const text = 'After-visit summary\n\nWe talked about your blood sugar. Keep taking metformin with your evening meal. Walk 20 minutes most days. Next A1c test in 3 months.';
    await q.query(
      `insert into document_reference (patient_id, type, description, status, doc_date, author_name, content_type, title, data)
       values ($1,'Visit summary','Summary of your diabetes follow-up visit','current',$2,'Paul Park, MD','text/plain','After-visit summary',$3)`,
      [p.id, visit, Buffer.from(text).toString('base64')]);
  }
}
