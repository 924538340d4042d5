import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { intlTag } from '../../i18n';

/** Types and queries for the health record pages (shapes mirror server/features/record/presenters.ts). */

export type Range = { low?: number; high?: number; text?: string };
export type FlaggedResult = {
  id: string; code: string; display: string; value: number | string | null; unit: string | null; effectiveAt: string; referenceRange?: Range;
  interpretation?: string; panel: string; flag: string; flagText: string; rangeText: string | null;
  /** A1c only: the result against the patient's goal, apart from the lab's range. */
  goalText?: string;
};
export type ResultsByDate = { days: { date: string; panels: { panel: string; outOfRange: number; results: FlaggedResult[] }[] }[] };
export type Test = { code: string; display: string; unit: string | null; count: number; latestAt: string; hasExplanation: boolean };
export type Point = { effectiveAt: string; value: number; unit: string | null; flagText: string; labFlagText?: string; goalText?: string };
export type Explanation = { id: string; title: string; what: string; why: string; numbers: string; tips: string };
export type Trend = {
  code: string; display: string; unit: string | null; points: Point[]; referenceRange: { low: number | null; high: number | null; text: string | null } | null;
  target: { high: number; text: string; source: string } | null; explanation: Explanation | null;
  /** The lab's normal range in words ("4 to 5.6%"). */
  rangeText?: string | null;
};
export type Problem = { id: string; code: string | null; display: string; status: string; onsetAt: string | null; resolvedAt: string | null };
export type Medication = { id: string; display: string; dose: string | null; instructions: string | null; status: string; prescriber: string | null; startedAt: string | null };
export type Allergy = { id: string; display: string; reaction: string | null; severity: string | null; status: string; recordedAt: string | null };
export type Immunization = { id: string; display: string; occurredAt: string };
export type Visit = { id: string; type: string; reason: string | null; status: string; startAt: string; endAt: string | null; clinician: string | null; location: string | null };
export type Doc = { id: string; type: string; title: string | null; description: string | null; date: string | null; author: string | null; contentType: string | null; hasContent: boolean };
export type Vitals = {
  bloodPressure: { effectiveAt: string; systolic: number; diastolic: number }[]; weight: Point[]; bmi: Point[];
  latest: { code: string; display: string; value: number | string | null; unit: string | null; effectiveAt: string; flagText: string }[];
};
export type Reading = {
  id: string; value: number; unit: string; valueMgdl: number; context: string; contextText: string; measuredAt: string; note: string | null; shared: boolean;
};
export type GlucoseList = {
  unit: 'mg/dL' | 'mmol/L'; days: number; target: { low: number; high: number }; readings: Reading[];
  summary: { count: number; average: number | null; inRangePercent: number | null; lows: number; highs: number };
};

export const TZ = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const get = <T,>(path: string) => () => api<T>(`/api/record${path}`);
export const useRecord = <T,>(path: string) => useQuery({ queryKey: ['record', path], queryFn: get<T>(path) });

export const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString(intlTag(), { year: 'numeric', month: 'short', day: 'numeric' }) : '—');
export const isoDay = (iso: string) => {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
/** "Feb 3, 2026" for a YYYY-MM-DD that is already a local calendar day (no time zone shift). */
export const calendarDay = (ymd: string) => new Date(`${ymd}T12:00:00`).toLocaleDateString(intlTag(), { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
export const valueText = (v: number | string | null, unit: string | null) => (v === null ? '—' : `${v}${unit ? (unit === '%' ? '%' : ` ${unit}`) : ''}`);
