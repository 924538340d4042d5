// A research cohort: patients of the researcher's own organization, optionally with an active condition
// (SNOMED code or its name, e.g. '44054006' or 'Type 2 diabetes') and an age range. Always scoped by actor.
import { z } from 'zod';
import type { Queryable } from '../../db/client';
import type { Actor } from '../../platform/access/actor';

export const T2DM = { code: '44054006', display: 'Type 2 diabetes' };

export const Cohort = z.object({
  condition: z.string().trim().max(100).nullable().default(T2DM.code)
    .describe("Active condition: SNOMED code or exact name (case-insensitive); null = every patient"),
  ageMin: z.coerce.number().int().min(0).max(120).nullable().default(null),
  ageMax: z.coerce.number().int().min(0).max(120).nullable().default(null),
}).refine((c) => c.ageMin === null || c.ageMax === null || c.ageMin <= c.ageMax, { message: 'ageMin must not be above ageMax', path: ['ageMax'] });
export type Cohort = z.infer<typeof Cohort>;

/** Query-string form (GET dashboards): empty strings mean "not set". */
export const CohortQuery = {
  condition: z.preprocess((v) => (v === undefined ? T2DM.code : v === '' ? null : v), z.string().trim().max(100).nullable()),
  ageMin: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.coerce.number().int().min(0).max(120).nullable()),
  ageMax: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.coerce.number().int().min(0).max(120).nullable()),
};

export type CohortMember = { id: string; age: number | null; sex: string | null };

const AGE = `date_part('year', age(current_date, p.birth_date))::int`;

/** The patients in the cohort, in the actor's organization only, in a stable order (by id). */
export async function cohortMembers(q: Queryable, actor: Actor, c: Cohort): Promise<CohortMember[]> {
  return q.query<CohortMember>(
    `select p.id, ${AGE} as age, p.sex from patient p
      where p.org_id = $1
        and ($2::text is null or exists (
              select 1 from condition c where c.patient_id = p.id and c.clinical_status = 'active'
                 and (c.code = $2 or lower(c.display) = lower($2))))
        and ($3::int is null or ${AGE} >= $3)
        and ($4::int is null or ${AGE} <= $4)
      order by p.id`,
    [actor.orgId, c.condition ?? null, c.ageMin ?? null, c.ageMax ?? null]);
}

export function describeCohort(c: Cohort): string {
  const parts = [c.condition ? (c.condition === T2DM.code ? 'Type 2 diabetes' : `condition "${c.condition}"`) : 'all patients'];
  if (c.ageMin !== null && c.ageMax !== null) parts.push(`aged ${c.ageMin}–${c.ageMax}`);
  else if (c.ageMin !== null) parts.push(`aged ${c.ageMin} or older`);
  else if (c.ageMax !== null) parts.push(`aged ${c.ageMax} or younger`);
  return parts.join(', ');
}
