import type { Queryable } from '../../db/client';
import type { DemoContext } from '../../demo/seed';
import { rng } from '../../demo/random';

// Demo data for the guide comparison (issue 16): some demo patients saw the "How messaging works" guide, some were asked
// by Dr. Park to message ("explain messaging"), and patients send home readings by message, more often when they were
// shown how. Ava has completed the walkthrough (she has messaged for years); Ben has not (his first visit to messaging
// shows it). Messages go into closed conversations so no one's in-basket fills up. Deterministic: a seeded stream of its own
// (GUIDE_SEED, not drawn from ctx.r), so other seeders drawing more or fewer numbers do not change these figures.

const GUIDE_SEED = 16_016;
const S = (email: string) => `${email}@demo.portico.test`;

export async function seedGuideDemo(q: Queryable, ctx: DemoContext) {
  const r = rng(GUIDE_SEED);
  const park = ctx.staff[S('paul.physician')];
  const nina = ctx.staff[S('nina.nurse')];
  const day = 86_400_000;
  const ago = (days: number) => new Date(ctx.now.getTime() - days * day);
  const [pool] = await q.query<{ id: string }>(
    `select p.id from msg_pool p where p.clinic_id = $1 and p.is_default order by p.name limit 1`, [ctx.clinics['primary-care']]);
  const [ava] = ctx.patients;
  await q.query(`insert into guide_event (patient_id, kind, by_user_id, created_at) values ($1, 'viewed', $2, $3), ($1, 'completed', $2, $3)`,
    [ava.id, ava.userId, ago(30)]);
  if (!pool) return;
  for (const p of ctx.patients.slice(2)) {
    const exposedDays = r.int(120, 330);
    const saw = r.chance(0.3);
    const asked = p.providerId === park && r.chance(0.5);
    if (saw) await q.query(`insert into guide_event (patient_id, kind, created_at) values ($1, 'viewed', $2), ($1, 'completed', $2)`, [p.id, ago(exposedDays)]);
    if (asked)
      await q.query(`insert into guide_event (patient_id, kind, by_user_id, instructions, handout, created_at) values ($1, 'explained', $2, $3, $4, $5)`,
        [p.id, park, r.chance(0.5) ? 'Message me your glucose readings every two weeks.' : null, r.chance(0.5), ago(exposedDays + 1)]);
    const guided = saw || asked;
    // Messages in the last year: guided patients write more often (about 2 in 3 do, up to 6 messages), others less (1 in 4, up to 3).
    const n = r.chance(guided ? 0.65 : 0.25) ? r.int(1, guided ? 6 : 3) : 0;
    if (n === 0) continue;
    const first = guided ? r.int(5, exposedDays - 5) : r.int(20, 330);
    const start = ago(first);
    // These patients have no portal sign-in in the demo: their messages need an author, so each gets a disabled account.
    const [u] = await q.query<{ id: string }>(
      `insert into app_user (email, password_hash, role, display_name, org_id, patient_id, disabled)
       select 'guide-demo-' || p.mrn || '@demo.portico.test', $2, 'patient', p.given_name || ' ' || p.family_name, p.org_id, p.id, true
         from patient p where p.id = $1 returning id`, [p.id, ctx.passwordHash]);
    const [t] = await q.query<{ id: string }>(
      `insert into msg_thread (org_id, patient_id, clinic_id, category_code, subject, status, pool_id, provider_id, created_by, created_at, last_message_at,
         closed_at, closed_by, resolution) values ($1,$2,$3,'home_readings','Home readings','closed',$4,$5,$6,$7,$8,$8,$9,'Readings reviewed') returning id`,
      [ctx.orgId, p.id, ctx.clinics['primary-care'], pool.id, p.providerId, u.id, start, ago(Math.max(1, first - (n - 1) * 14)), nina]);
    for (let k = 0; k < n; k++) {
      const at = new Date(Math.min(start.getTime() + k * 14 * day, ctx.now.getTime() - day));
      await q.query(`insert into msg_message (thread_id, patient_id, author_id, kind, body, created_at) values ($1,$2,$3,'patient',$4,$5)`,
        [t.id, p.id, u.id, 'My home blood sugar readings for the last two weeks are in my log.', at]);
    }
  }
}
