// Demo research data: Rita's portal-use survey campaign for the patients with type 2 diabetes, answered by most
// of them, and portal-use events in the audit trail, so both dashboard sources have something to show.
// A latent "engagement" per patient drives messaging and appointment requests and is tied (negatively) to the
// patient's latest HbA1c, as in the study (ρ ≈ −0.26 and −0.29). Ava has not answered yet (the browser test
// answers for her); Ben has started. Fictional data from the seeded random stream.
import type { Queryable } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import { audit } from '../../platform/audit/audit';
import type { DemoContext } from '../../demo/seed';
import { toQuestionnaireResponse, type Answers } from './answers';
import { T2DM } from './cohort';
import { FEATURE_IDS, GENDERS, INCOMES, MEDICATIONS, QUESTIONNAIRE_URL, type FeatureId } from './questionnaire';
import { insertCampaign, inviteAll } from './repository';

type Rng = DemoContext['r'];
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

function pick<T>(r: Rng, choices: readonly (readonly [T, number])[]): T {
  let u = r.next();
  for (const [v, p] of choices) if ((u -= p) < 0) return v;
  return choices[choices.length - 1][0];
}

function poisson(r: Rng, mean: number): number {
  const l = Math.exp(-Math.min(mean, 30));
  let k = 0;
  let p = r.next();
  while (p > l) { k++; p *= r.next(); }
  return k;
}

// Survey: mean rating and how strongly the latent factor moves it (study: labs and messaging common, maps rare).
type Factor = 'engagement' | 'records' | 'billing' | 'navigation';
const SURVEY: Record<FeatureId, [mean: number, factor: Factor]> = {
  use_lab_results: [4.4, 'records'], use_medical_record: [3.9, 'records'], use_message_doctor: [3.7, 'engagement'],
  use_request_appointment: [2.9, 'engagement'], use_billing: [2.5, 'billing'], use_directory: [2.3, 'navigation'],
  use_find_doctor: [2.0, 'navigation'], use_pay_bills: [2.1, 'billing'], use_maps: [1.7, 'navigation'], use_insurance: [1.6, 'billing'],
};

// Measured use: events over the last months per feature, and the audit event that feature writes.
const EVENTS: Record<FeatureId, [mean: number, factor: Factor, action: string, type: string, detail?: Record<string, unknown>]> = {
  use_lab_results: [5, 'records', 'read', 'Observation', { view: 'results' }],
  use_medical_record: [2.5, 'records', 'read', 'Condition', { view: 'problems' }],
  use_message_doctor: [3, 'engagement', 'create', 'MessageThread', { category: 'clinical_question' }],
  use_request_appointment: [1.2, 'engagement', 'create', 'AppointmentRequest'],
  use_billing: [1.2, 'billing', 'read', 'Account'],
  use_directory: [0.5, 'navigation', 'read', 'PhoneDirectory'],
  use_find_doctor: [0.4, 'navigation', 'search', 'Practitioner'],
  use_pay_bills: [0.6, 'billing', 'create', 'Payment'],
  use_maps: [0.3, 'navigation', 'read', 'Location'],
  use_insurance: [0.3, 'billing', 'read', 'Coverage'],
};

export async function seedResearchDemo(q: Queryable, ctx: DemoContext): Promise<void> {
  const { r } = ctx;
  const rita = ctx.staff['rita.research@demo.portico.test'];
  const actor = { userId: rita, orgId: ctx.orgId, role: 'researcher' } as Actor;
  const diabetic = ctx.patients.filter((p) => p.diabetic);
  const day = 86_400_000;
  const campaignId = await insertCampaign(q, actor, {
    title: 'How you use the portal (diabetes care study)', questionnaire: QUESTIONNAIRE_URL, cohort: { condition: T2DM.code, ageMin: null, ageMax: null },
    opensAt: new Date(ctx.now.getTime() - 45 * day), closesAt: new Date(ctx.now.getTime() + 60 * day),
  });
  await inviteAll(q, campaignId, diabetic.map((p) => p.id));

  const info = await q.query<{ id: string; sex: string | null; a1c: number | null }>(
    `select p.id, p.sex, (select o.value_num from observation o where o.patient_id = p.id and o.code = '4548-4' and o.value_num is not null
                          order by o.effective_at desc limit 1) as a1c
       from patient p where p.org_id = $1`, [ctx.orgId]);
  const byId = new Map(info.map((i) => [i.id, i]));

  for (const [k, p] of ctx.patients.entries()) {
    const a1c = byId.get(p.id)?.a1c ?? 7;
    const z = clamp((a1c - 7) / 1.3, -2.5, 2.5);
    const latent = { engagement: -0.55 * z + 0.8 * r.normal(0, 1), records: r.normal(0, 1), billing: r.normal(0, 1), navigation: r.normal(0, 1) };

    if (p.diabetic && k !== 0 && (k === 1 || r.chance(0.85))) {
      const answers: Answers = {};
      for (const f of FEATURE_IDS) {
        const [mean, factor] = SURVEY[f];
        answers[f] = clamp(Math.round(mean + 1.2 * latent[factor] + 0.6 * r.normal(0, 1)), 1, 6);
      }
      const female = byId.get(p.id)?.sex === 'female';
      Object.assign(answers, {
        gender: r.chance(0.02) ? GENDERS[2] : female ? 'Female' : 'Male',
        race: pick(r, [['White', 0.72], ['Black or African American', 0.2], ['Hispanic or Latino', 0.05], ['Asian', 0.03]] as const),
        education_years: clamp(Math.round(r.normal(14, 2.5)), 8, 22),
        income: pick(r, INCOMES.map((v, i) => [v, [0.2, 0.35, 0.3, 0.15][i]] as const)),
        diabetes_years: clamp(Math.round(r.normal(9, 5)), 1, 35),
        portal_duration: Math.round(clamp(r.normal(3, 1.5), 0.3, 9) * 10) / 10,
        diabetes_medication: pick(r, MEDICATIONS.map((v, i) => [v, [0.06, 0.55, 0.14, 0.23, 0.02][i]] as const)),
      });
      const partial = k === 1; // Ben started and stopped after four questions
      const kept: Answers = partial ? Object.fromEntries(FEATURE_IDS.slice(0, 4).map((f) => [f, answers[f]])) : answers;
      const at = new Date(ctx.now.getTime() - r.int(1, 40) * day);
      const status = partial ? 'in-progress' : 'completed';
      await q.query(
        `insert into survey_response (campaign_id, patient_id, status, resource, created_at, updated_at, submitted_at) values ($1,$2,$3,$4,$5,$5,$6)`,
        [campaignId, p.id, status, JSON.stringify(toQuestionnaireResponse(kept, { patientId: p.id, status, authored: at, campaignId })), at.toISOString(),
          partial ? null : at.toISOString()]);
    }

    // Audit-trail usage. audit() stamps each event with the current time (the chain is never back-dated), so these
    // all fall inside any dashboard window; `simulated: true` marks them as demo data in the trail.
    const who = { userId: p.userId, role: 'patient' } as Pick<Actor, 'userId' | 'role'>; // demo patients without accounts: user_id stays null
    for (const f of FEATURE_IDS) {
      const [mean, factor, action, resourceType, detail] = EVENTS[f];
      const n = Math.min(25, poisson(r, mean * Math.exp(0.7 * latent[factor])));
      for (let i = 0; i < n; i++) {
        await audit(q, { actor: who, patientId: p.id, action, resourceType, detail: { ...detail, simulated: true } });
      }
    }
  }
}
