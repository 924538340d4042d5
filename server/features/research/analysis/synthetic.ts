// Synthetic, study-shaped data for demos, tests and benchmarks. No real
// participant is represented. Shape follows the published study: adults with
// type 2 diabetes, mean age ≈ 57, HbA1c ≈ 7.0 ± 1.4 %, 39 focus-group and
// 15 survey-only participants (for n = 54), portal-feature ratings 1–6.
//
// A latent "engagement" score drives the communication features (messaging
// the doctor, requesting appointments) and, negatively, HbA1c, so those two
// features correlate with A1c at ρ ≈ −0.25 on average across seeds (single
// seeds vary by about ±0.13), as in the study (−0.26 and −0.29). Other
// features hang off their own latent factors (records, billing, navigation)
// so that the Table 4 correlation matrix has plausible structure. ~2% of rating/BMI cells are
// left empty (missing). Income labels contain commas and one race label a
// comma, so the output exercises CSV quoting.
import { createRng, shuffleInPlace, type Rng } from '../../../../stats/index.js';
import { toCsv } from './csv.js';

const COLUMNS = [
  'participant_id', 'group', 'age', 'gender', 'race', 'education_years', 'income', 'diabetes_years',
  'portal_duration', 'diabetes_medication', 'bmi', 'a1c',
  'use_lab_results', 'use_medical_record', 'use_message_doctor', 'use_request_appointment', 'use_billing',
  'use_directory', 'use_find_doctor', 'use_pay_bills', 'use_maps', 'use_insurance',
];

function pick(rng: Rng, choices: readonly [string, number][]): string {
  let u = rng.next();
  for (const [label, p] of choices) {
    if (u < p) return label;
    u -= p;
  }
  return choices[choices.length - 1][0];
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const round1 = (x: number) => Math.round(x * 10) / 10;

export function syntheticStudyCsv(seed: number, n = 54): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer (got ${n})`);
  const rng = createRng(seed);
  const z = () => rng.normal();
  const nFocus = Math.round((n * 39) / 54);
  const groups = shuffleInPlace(
    Array.from({ length: n }, (_, i) => (i < nFocus ? 'focus_group' : 'survey_only')),
    rng,
  );
  /** 1–6 rating from a mean and a standardized latent score, with ~2% missing. */
  const rating = (mean: number, latent: number, noise = 0.8): string => {
    if (rng.next() < 0.02) return '';
    return String(clamp(Math.round(mean + 1.3 * latent + noise * z()), 1, 6));
  };

  const rows: string[][] = [COLUMNS];
  for (let i = 0; i < n; i++) {
    const engagement = z();
    const records = 0.6 * engagement + 0.8 * z();
    const billing = z();
    const navigation = z();
    // corr(engagement, A1c) ≈ −0.35; ratings load ≈ 0.8 on engagement → ρ ≈ −0.25
    const a1c = clamp(7.0 + 1.4 * (-0.35 * engagement + Math.sqrt(1 - 0.35 ** 2) * z()), 4.8, 14);
    rows.push([
      `P${String(i + 1).padStart(3, '0')}`,
      groups[i],
      String(Math.round(clamp(57 + 10 * z(), 28, 85))),
      pick(rng, [['Female', 0.56], ['Male', 0.44]]),
      pick(rng, [['White', 0.5], ['Black or African American', 0.3], ['Hispanic or Latino', 0.12], ['Asian, Pacific Islander', 0.04], ['Other', 0.04]]),
      String(Math.round(clamp(13.5 + 2.5 * z(), 6, 20))),
      pick(rng, [['<$20,000', 0.25], ['$20,000-$49,999', 0.35], ['$50,000-$99,999', 0.28], ['>=$100,000', 0.12]]),
      String(Math.round(clamp(9 + 6 * z(), 1, 35))),
      String(round1(clamp(2.5 + 1.5 * z(), 0.2, 8))),
      pick(rng, [['Oral only', 0.55], ['Insulin only', 0.15], ['Insulin and oral', 0.22], ['None (diet and exercise)', 0.08]]),
      rng.next() < 0.02 ? '' : String(round1(clamp(33 + 6 * z(), 19, 55))),
      String(round1(a1c)),
      rating(4.2, records),
      rating(3.6, records),
      rating(3.2, 0.8 * engagement + 0.6 * z(), 0.5),
      rating(3.0, 0.8 * engagement + 0.6 * z(), 0.5),
      rating(2.6, billing),
      rating(2.2, navigation),
      rating(2.4, 0.7 * navigation + 0.7 * z()),
      rating(2.5, 0.8 * billing + 0.6 * z()),
      rating(1.9, 0.8 * navigation + 0.6 * z()),
      rating(2.1, 0.5 * billing + 0.85 * z()),
    ]);
  }
  return toCsv(rows);
}
