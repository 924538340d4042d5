import type { Flag } from './presenters';

/**
 * A1c is judged against two different things, and a patient needs both, worded apart (issue 13: 6.9% was flagged "High"
 * on the page that says the goal is under 7%):
 * - the lab's normal range (people without diabetes, e.g. 4 to 5.6%): the lab's own flag;
 * - the patient's goal (set by the care team or from the EHR; else the common goal for adults with diabetes, under 7%).
 */
export const A1C_CODES = new Set(['4548-4', '17856-6']);
export type A1cTarget = { high: number; source: string };

const pct = (v: number) => `${Math.round(v * 10) / 10}%`;
const whose = (t: A1cTarget) => (t.source === 'general' ? 'the usual goal' : 'your goal');

/** "Under your goal (under 7%)" / "At or above your goal (under 7%)". */
export function goalText(value: number, t: A1cTarget): string {
  const goal = whose(t);
  return value < t.high ? `Under ${goal} (under ${pct(t.high)})` : `At or above ${goal} (under ${pct(t.high)})`;
}

/** The flag in words against both the lab's range and the goal, e.g. "Above the lab's normal range, but under your goal". */
export function a1cFlagText(value: number, labFlag: Flag, t: A1cTarget): string {
  const goal = whose(t);
  const under = value < t.high;
  const lab = labFlag === 'high' || labFlag === 'very-high' ? 'above' : labFlag === 'low' || labFlag === 'very-low' ? 'below' : labFlag === 'normal' ? 'in' : null;
  if (under) {
    if (lab === 'above') return `Above the lab's normal range, but under ${goal}`;
    if (lab === 'below') return `Below the lab's normal range; under ${goal}`;
    if (lab === 'in') return `In the lab's normal range and under ${goal}`;
    return `Under ${goal}`;
  }
  if (lab === 'above') return `Above ${goal} and above the lab's normal range`;
  if (lab === 'in') return `In the lab's normal range, but at or above ${goal}`;
  return `At or above ${goal}`;
}
