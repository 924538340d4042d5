import type { Queryable } from '../../db/client';
import type { DemoContext } from '../../demo/seed';

/**
 * Demo procedures, care plans and goals for the patients who have accounts (Ava, Ben), so the record pages, the printable
 * summary, the download and the FHIR API show them. Uses no random numbers (the seeded stream of later seeders is unchanged).
 */
export async function seedCareDemo(q: Queryable, ctx: DemoContext): Promise<void> {
  const year = ctx.now.getUTCFullYear();
  for (const p of ctx.patients.filter((x) => x.userId)) {
    await q.query(
      `insert into procedure (patient_id, code, display, status, performed_at) values
         ($1, '401191002', 'Diabetic foot examination', 'completed', $2), ($1, '252779009', 'Dilated eye exam', 'completed', $3)`,
      [p.id, `${year - 1}-03-14T15:00:00Z`, `${year - 2}-09-02T14:00:00Z`]);
    if (!p.diabetic) continue;
    await q.query(
      `insert into care_plan (patient_id, title, status, start_at, activities) values
         ($1, 'Diabetes self-management plan', 'active', $2, $3)`,
      [p.id, `${year - 2}-01-10T15:00:00Z`, ['Check your blood sugar each morning before breakfast', 'Walk 30 minutes, 5 days a week', 'Check your feet every day']]);
    await q.query("insert into care_goal (patient_id, description, status) values ($1, 'Walk 30 minutes, 5 days a week', 'active')", [p.id]);
  }
}
