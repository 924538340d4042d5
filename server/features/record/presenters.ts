import { z } from 'zod';
import type { ObsRow } from './repository';
import explanations from './explanations.json';

/** Record data leaves the server only through these mappings. Units and ranges are the source's; nothing is invented. */

const iso = (d: Date | string | null | undefined) => (d === null || d === undefined ? null : new Date(d).toISOString());
const round = (v: number) => Math.round(v * 100) / 100;

export const RangeOut = z.object({ low: z.number().optional(), high: z.number().optional(), text: z.string().optional() });
export const ResultOut = z.object({
  code: z.string(), display: z.string(), value: z.union([z.number(), z.string()]).nullable(), unit: z.string().nullable(),
  effectiveAt: z.string(), referenceRange: RangeOut.optional(), interpretation: z.string().optional(),
});

export type Flag = 'normal' | 'high' | 'low' | 'very-high' | 'very-low' | 'abnormal' | 'none';
export const FLAG_WORDS: Record<Flag, string> = {
  normal: 'In range', high: 'High', low: 'Low', 'very-high': 'Very high', 'very-low': 'Very low', abnormal: 'Outside the usual range', none: 'No range given',
};

/** The flag in words: the lab's own interpretation first; otherwise compare with the lab's own range; otherwise none. */
export function flagOf(r: Pick<ObsRow, 'interpretation' | 'value_num' | 'ref_low' | 'ref_high'>): Flag {
  const i = r.interpretation?.toUpperCase();
  if (i === 'N') return 'normal';
  if (i === 'H' || i === 'HU' || i === '>') return 'high';
  if (i === 'L' || i === 'LU' || i === '<') return 'low';
  if (i === 'HH') return 'very-high';
  if (i === 'LL') return 'very-low';
  if (i === 'A' || i === 'AA' || i === 'POS' || i === 'DET') return 'abnormal';
  if (r.value_num === null || (r.ref_low === null && r.ref_high === null)) return 'none';
  if (r.ref_high !== null && r.value_num > r.ref_high) return 'high';
  if (r.ref_low !== null && r.value_num < r.ref_low) return 'low';
  return 'normal';
}

export function rangeOf(r: Pick<ObsRow, 'ref_low' | 'ref_high' | 'ref_text'>): z.infer<typeof RangeOut> | undefined {
  if (r.ref_low === null && r.ref_high === null && !r.ref_text) return undefined;
  return { ...(r.ref_low !== null ? { low: r.ref_low } : {}), ...(r.ref_high !== null ? { high: r.ref_high } : {}), ...(r.ref_text ? { text: r.ref_text } : {}) };
}

/** The exact public contract of GET /api/record/results. */
export function presentResult(r: ObsRow): z.infer<typeof ResultOut> {
  const range = rangeOf(r);
  return {
    code: r.code, display: r.display, value: r.value_num !== null ? round(r.value_num) : r.value_text, unit: r.unit, effectiveAt: iso(r.effective_at)!,
    ...(range ? { referenceRange: range } : {}), ...(r.interpretation ? { interpretation: r.interpretation } : {}),
  };
}

export const FlaggedResultOut = ResultOut.extend({
  id: z.string(), panel: z.string(), flag: z.string(), flagText: z.string(), rangeText: z.string().nullable(),
  /** A1c only: the result against the patient's goal, apart from the lab's range ("Under your goal (under 7%)"). */
  goalText: z.string().optional(),
});
export function rangeText(r: Pick<ObsRow, 'ref_low' | 'ref_high' | 'ref_text' | 'unit'>): string | null {
  const u = r.unit && r.unit !== '%' ? ` ${r.unit}` : r.unit ?? '';
  if (r.ref_low !== null && r.ref_high !== null) return `${r.ref_low} to ${r.ref_high}${u}`;
  if (r.ref_high !== null) return `${r.ref_high}${u} or less`;
  if (r.ref_low !== null) return `${r.ref_low}${u} or more`;
  return r.ref_text ?? null;
}
export const panelOf = (r: ObsRow) => r.panel ?? (r.category === 'laboratory' ? 'Other lab tests' : r.category === 'vital-signs' ? 'Vital signs' : 'Other');
export const presentFlagged = (r: ObsRow): z.infer<typeof FlaggedResultOut> => {
  const f = flagOf(r);
  return { ...presentResult(r), id: r.id, panel: panelOf(r), flag: f, flagText: FLAG_WORDS[f], rangeText: rangeText(r) };
};

export const ExplanationOut = z.object({ id: z.string(), title: z.string(), what: z.string(), why: z.string(), numbers: z.string(), tips: z.string() });
export const explanationFor = (code: string): z.infer<typeof ExplanationOut> | null => {
  const t = explanations.topics.find((x) => x.codes.includes(code));
  return t ? { id: t.id, title: t.title, what: t.what, why: t.why, numbers: t.numbers, tips: t.tips } : null;
};
export const allExplanations = () => explanations.topics.map((t) => ({ id: t.id, title: t.title, what: t.what, why: t.why, numbers: t.numbers, tips: t.tips, codes: t.codes }));

export const ProblemOut = z.object({ id: z.string(), code: z.string().nullable(), display: z.string(), status: z.string(), onsetAt: z.string().nullable(), resolvedAt: z.string().nullable() });
export const presentProblem = (r: { id: string; code: string | null; display: string; clinical_status: string; onset_at: Date | null; abated_at: Date | null }) =>
  ({ id: r.id, code: r.code, display: r.display, status: r.clinical_status, onsetAt: iso(r.onset_at), resolvedAt: iso(r.abated_at) });

export const MedicationOut = z.object({
  id: z.string(), code: z.string().nullable(), display: z.string(), dose: z.string().nullable(), instructions: z.string().nullable(),
  status: z.string(), prescriber: z.string().nullable(), startedAt: z.string().nullable(),
});
export const presentMedication = (r: { id: string; code: string | null; display: string; dose: string | null; instructions: string | null; status: string; prescriber_name: string | null; authored_at: Date | null }) =>
  ({ id: r.id, code: r.code, display: r.display, dose: r.dose, instructions: r.instructions, status: r.status, prescriber: r.prescriber_name, startedAt: iso(r.authored_at) });

export const AllergyOut = z.object({ id: z.string(), display: z.string(), reaction: z.string().nullable(), severity: z.string().nullable(), status: z.string(), recordedAt: z.string().nullable() });
export const presentAllergy = (r: { id: string; display: string; reaction: string | null; severity: string | null; clinical_status: string; recorded_at: Date | null }) =>
  ({ id: r.id, display: r.display, reaction: r.reaction, severity: r.severity, status: r.clinical_status, recordedAt: iso(r.recorded_at) });

export const ImmunizationOut = z.object({ id: z.string(), code: z.string().nullable(), display: z.string(), occurredAt: z.string() });
export const presentImmunization = (r: { id: string; code: string | null; display: string; occurred_at: Date }) => ({ id: r.id, code: r.code, display: r.display, occurredAt: iso(r.occurred_at)! });

export const VisitOut = z.object({
  id: z.string(), type: z.string(), reason: z.string().nullable(), status: z.string(), startAt: z.string(), endAt: z.string().nullable(),
  clinician: z.string().nullable(), location: z.string().nullable(),
});
export const presentVisit = (r: { id: string; type: string; reason: string | null; status: string; start_at: Date; end_at: Date | null; clinician_name: string | null; location_name: string | null }) =>
  ({ id: r.id, type: r.type, reason: r.reason, status: r.status, startAt: iso(r.start_at)!, endAt: iso(r.end_at), clinician: r.clinician_name, location: r.location_name });

export const DocumentOut = z.object({
  id: z.string(), type: z.string(), title: z.string().nullable(), description: z.string().nullable(), date: z.string().nullable(),
  author: z.string().nullable(), contentType: z.string().nullable(), hasContent: z.boolean(),
});
export const presentDocument = (r: { id: string; type: string; title: string | null; description: string | null; doc_date: Date | null; author_name: string | null; content_type: string | null; has_content: boolean }) =>
  ({ id: r.id, type: r.type, title: r.title, description: r.description, date: iso(r.doc_date), author: r.author_name, contentType: r.content_type, hasContent: r.has_content });

export const PointOut = z.object({
  effectiveAt: z.string(), value: z.number(), unit: z.string().nullable(), flagText: z.string(),
  /** A1c only: the lab's own flag ("High") and the result against the goal, shown apart; flagText then words both. */
  labFlagText: z.string().optional(), goalText: z.string().optional(),
});
export const presentPoint = (r: ObsRow) => ({ effectiveAt: iso(r.effective_at)!, value: round(r.value_num!), unit: r.unit, flagText: FLAG_WORDS[flagOf(r)] });
