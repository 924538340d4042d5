/** Blood glucose units. mg/dL = mmol/L × 18.016 (molar mass of glucose 180.16 g/mol). */
export const MGDL_PER_MMOL = 18.016;
export type GlucoseUnit = 'mg/dL' | 'mmol/L';

export const toMgdl = (value: number, unit: GlucoseUnit) => (unit === 'mg/dL' ? value : value * MGDL_PER_MMOL);
/** Shown as a meter shows it: whole mg/dL, or mmol/L to one decimal. */
export const fromMgdl = (mgdl: number, unit: GlucoseUnit) => (unit === 'mg/dL' ? Math.round(mgdl) : Math.round((mgdl / MGDL_PER_MMOL) * 10) / 10);

// Home meters read about 20–600 mg/dL; anything outside is a typing mistake or a wrong unit, not a reading.
export const GLUCOSE_BOUNDS_MGDL = { min: 20, max: 600 } as const;
export const HYPO_MGDL = 70;
export const SEVERE_HYPO_MGDL = 54;

export function glucoseProblem(value: number, unit: GlucoseUnit): string | null {
  const mgdl = toMgdl(value, unit);
  if (mgdl >= GLUCOSE_BOUNDS_MGDL.min && mgdl <= GLUCOSE_BOUNDS_MGDL.max) return null;
  const lo = fromMgdl(GLUCOSE_BOUNDS_MGDL.min, unit);
  const hi = fromMgdl(GLUCOSE_BOUNDS_MGDL.max, unit);
  const hint = unit === 'mmol/L' && value > 35 ? ' Did you mean mg/dL?' : unit === 'mg/dL' && value < 20 ? ' Did you mean mmol/L?' : '';
  return `${value} ${unit} is outside what a home meter can read (${lo} to ${hi} ${unit}). Please check the number.${hint}`;
}

/** What to do now, for a reading that is low (or very high). Plain words; no colour needed to understand it. */
export function glucoseGuidance(mgdl: number): { level: 'low' | 'very-low' | 'very-high'; text: string } | null {
  if (mgdl < SEVERE_HYPO_MGDL) return { level: 'very-low', text: 'This is very low. Eat or drink 15 grams of fast sugar now (4 ounces of juice or regular soda, or 4 glucose tablets). Check again in 15 minutes. If you feel confused, faint, or cannot eat or drink, someone should call 911.' };
  if (mgdl < HYPO_MGDL) return { level: 'low', text: 'This is low. Eat or drink 15 grams of fast sugar (4 ounces of juice or 4 glucose tablets). Check again in 15 minutes. Repeat if it is still under 70. Then eat a snack or meal.' };
  if (mgdl > 300) return { level: 'very-high', text: 'This is very high. Drink water and check again. If it stays over 300, or you feel sick, throw up, or breathe fast, call the nurse line now.' };
  return null;
}
