import type { Queryable } from '../db/client';
import type { Rng } from './random';

// LOINC codes used across the app (results, trends, explanations).
export const LOINC = {
  a1c: { code: '4548-4', display: 'Hemoglobin A1c', unit: '%', low: 4.0, high: 5.6, panel: 'Hemoglobin A1c' },
  glucose: { code: '2345-7', display: 'Glucose', unit: 'mg/dL', low: 70, high: 99, panel: 'Basic metabolic panel' },
  creatinine: { code: '2160-0', display: 'Creatinine', unit: 'mg/dL', low: 0.6, high: 1.3, panel: 'Basic metabolic panel' },
  egfr: { code: '33914-3', display: 'eGFR (kidney filtering rate)', unit: 'mL/min/1.73m2', low: 60, high: 120, panel: 'Basic metabolic panel' },
  ldl: { code: '18262-6', display: 'LDL cholesterol', unit: 'mg/dL', low: 0, high: 99, panel: 'Lipid panel' },
  hdl: { code: '2085-9', display: 'HDL cholesterol', unit: 'mg/dL', low: 40, high: 200, panel: 'Lipid panel' },
  tg: { code: '2571-8', display: 'Triglycerides', unit: 'mg/dL', low: 0, high: 149, panel: 'Lipid panel' },
  sbp: { code: '8480-6', display: 'Systolic blood pressure', unit: 'mm[Hg]', low: 90, high: 129, panel: 'Blood pressure' },
  dbp: { code: '8462-4', display: 'Diastolic blood pressure', unit: 'mm[Hg]', low: 60, high: 79, panel: 'Blood pressure' },
  weight: { code: '29463-7', display: 'Body weight', unit: 'kg', low: null, high: null, panel: 'Vital signs' },
  bmi: { code: '39156-5', display: 'Body mass index (BMI)', unit: 'kg/m2', low: 18.5, high: 24.9, panel: 'Vital signs' },
} as const;

type Lab = (typeof LOINC)[keyof typeof LOINC];
const interp = (l: Lab, v: number) => (l.low !== null && v < l.low ? 'L' : l.high !== null && v > l.high ? 'H' : 'N');
const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

export type ClinicalPlan = { diabetic: boolean; years: number; a1cStart: number; a1cEnd: number; bmi: number; heightM: number; physician: string };

/** Writes a plausible multi-year record for one patient: quarterly A1c, yearly labs, visits, vitals, meds, allergies. */
export async function seedClinical(q: Queryable, r: Rng, patientId: string, plan: ClinicalPlan, now: Date) {
  const obs = async (l: Lab, v: number, at: Date, category: string, digits = 1, encounterId: string | null = null) =>
    q.query(
      `insert into observation (patient_id, category, code, display, value_num, unit, ref_low, ref_high, interpretation, panel, effective_at, encounter_id)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
      [patientId, category, l.code, l.display, round(v, digits), l.unit, l.low, l.high, interp(l, v), l.panel, at.toISOString(), encounterId]);

  const quarters = plan.years * 4;
  for (let i = 0; i <= quarters; i++) {
    const at = new Date(now.getTime() - (quarters - i) * 91 * 86_400_000 - r.int(0, 20) * 86_400_000);
    at.setUTCHours(14, 30, 0, 0);
    const [enc] = await q.query<{ id: string }>(
      `insert into encounter (patient_id, type, reason, start_at, end_at, clinician_name, location_name)
       values ($1, $2, $3, $4, $4::timestamptz + interval '30 minutes', $5, 'Riverbend Primary Care – Midtown') returning id`,
      [patientId, 'Office visit', plan.diabetic ? 'Diabetes follow-up' : 'Check-up', at.toISOString(), plan.physician]);
    const t = quarters === 0 ? 1 : i / quarters;
    if (plan.diabetic) {
      const a1c = plan.a1cStart + (plan.a1cEnd - plan.a1cStart) * t + r.normal(0, 0.25);
      await obs(LOINC.a1c, Math.max(5.2, a1c), at, 'laboratory', 1, enc.id);
      await obs(LOINC.glucose, Math.max(75, 28.7 * a1c - 46.7 + r.normal(0, 15)), at, 'laboratory', 0, enc.id);
    }
    await obs(LOINC.sbp, r.normal(plan.diabetic ? 134 : 124, 9), at, 'vital-signs', 0, enc.id);
    await obs(LOINC.dbp, r.normal(plan.diabetic ? 82 : 77, 6), at, 'vital-signs', 0, enc.id);
    const bmi = plan.bmi + r.normal(0, 0.4) - t * 0.8;
    await obs(LOINC.bmi, bmi, at, 'vital-signs', 1, enc.id);
    await obs(LOINC.weight, bmi * plan.heightM ** 2, at, 'vital-signs', 1, enc.id);
    if (i % 4 === 0) {
      await obs(LOINC.creatinine, r.normal(0.95, 0.18), at, 'laboratory', 2, enc.id);
      await obs(LOINC.egfr, r.normal(plan.diabetic ? 78 : 92, 12), at, 'laboratory', 0, enc.id);
      await obs(LOINC.ldl, r.normal(105, 25), at, 'laboratory', 0, enc.id);
      await obs(LOINC.hdl, r.normal(47, 9), at, 'laboratory', 0, enc.id);
      await obs(LOINC.tg, r.normal(160, 40), at, 'laboratory', 0, enc.id);
    }
  }

  const start = new Date(now.getTime() - plan.years * 365 * 86_400_000).toISOString();
  const cond = (code: string, display: string) =>
    q.query('insert into condition (patient_id, code, display, onset_at) values ($1,$2,$3,$4)', [patientId, code, display, start]);
  const med = (code: string, display: string, dose: string, instructions: string, status = 'active') =>
    q.query('insert into medication (patient_id, code, display, dose, instructions, status, prescriber_name, authored_at) values ($1,$2,$3,$4,$5,$6,$7,$8)',
      [patientId, code, display, dose, instructions, status, plan.physician, start]);

  if (plan.diabetic) {
    await cond('44054006', 'Type 2 diabetes');
    await med('860975', 'Metformin 500 mg extended-release tablet', '1000 mg', 'Take 2 tablets by mouth once a day with your evening meal.');
    if (plan.a1cStart > 8 || r.chance(0.3))
      await med('311041', 'Insulin glargine 100 units/mL pen', '20 units', 'Inject 20 units under the skin at bedtime.');
    if (r.chance(0.3))
      await med('897122', 'Glipizide 5 mg tablet', '5 mg', 'Take 1 tablet by mouth before breakfast.', 'stopped');
  }
  if (r.chance(0.6)) {
    await cond('38341003', 'High blood pressure (hypertension)');
    await med('314076', 'Lisinopril 10 mg tablet', '10 mg', 'Take 1 tablet by mouth once a day.');
  }
  if (r.chance(0.5)) {
    await cond('55822004', 'High cholesterol (hyperlipidemia)');
    await med('617310', 'Atorvastatin 20 mg tablet', '20 mg', 'Take 1 tablet by mouth at bedtime.');
  }
  if (r.chance(0.4))
    await q.query("insert into allergy (patient_id, code, display, reaction, severity, recorded_at) values ($1,'7980','Penicillin','Hives and itching','moderate',$2)", [patientId, start]);
  if (r.chance(0.2))
    await q.query("insert into allergy (patient_id, code, display, reaction, severity, recorded_at) values ($1,'10831','Sulfa drugs','Rash','mild',$2)", [patientId, start]);
  for (let y = 0; y < Math.min(plan.years, 4); y++) {
    const at = new Date(now.getTime() - (y * 365 + 60) * 86_400_000).toISOString();
    await q.query("insert into immunization (patient_id, code, display, occurred_at) values ($1,'140','Influenza (flu) vaccine',$2)", [patientId, at]);
  }
  await q.query("insert into immunization (patient_id, code, display, occurred_at) values ($1,'33','Pneumococcal vaccine (PPSV23)',$2)", [patientId, start]);
}
