import type { Db } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import { auditRead } from '../../platform/audit/audit';
import * as repo from './repository';
import { A1C_CODES, a1cFlagText, goalText, type A1cTarget } from './goal';
import {
  explanationFor, presentAllergy, presentDocument, presentFlagged, presentImmunization, presentMedication, presentPoint, presentProblem,
  presentResult, presentVisit, flagOf, FLAG_WORDS, rangeText,
} from './presenters';

export type Who = { db: Db; actor: Actor; patientId: string; ip: string };

/** Every read of the record leaves an audit event naming who read which part of whose record (never the data itself). */
export const logRead = ({ db, actor, patientId, ip }: Who, resourceType: string, view: string, action = 'read') =>
  auditRead(db, { actor, patientId, action, resourceType, ip, detail: { view } });

const ACTIVE_MED = new Set(['active', 'on-hold', 'intended']);
const ACTIVE_PROBLEM = new Set(['active', 'recurrence', 'relapse']);

/** A calendar date in a time zone ("2026-03-02"), so results group by the patient's day, not UTC's. */
const formats = new Map<string, Intl.DateTimeFormat>();
export const localDate = (d: Date | string, tz: string) => {
  let f = formats.get(tz);
  if (!f) formats.set(tz, (f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f.format(new Date(d));
};

export async function results(w: Who, code: string | undefined, limit: number) {
  const rows = await repo.observations(w.db, w.patientId, code ? { code, limit } : { categories: repo.RESULT_CATEGORIES, limit });
  await logRead(w, 'Observation', 'results');
  return { results: rows.map(presentResult) };
}

/** Lab results grouped by day and then by panel, newest day first. */
export async function resultsByDate(w: Who, tz: string, range: { from?: string; to?: string }, page: { days?: number; before?: string } = {}) {
  // `before` is a local day; the UTC day after it bounds the query (a time zone is at most 14 hours off), the rest is cut below.
  let to = range.to;
  if (page.before) {
    const bound = new Date(Date.parse(`${page.before}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    if (!to || bound < to) to = bound;
  }
  const rows = await repo.observations(w.db, w.patientId, { categories: repo.RESULT_CATEGORIES, from: range.from, to });
  const days = new Map<string, Map<string, ReturnType<typeof presentFlagged>[]>>();
  let nextBefore: string | null = null;
  const goal = rows.some((r) => A1C_CODES.has(r.code) && r.value_num !== null) ? await a1cGoal(w) : null;
  for (const r of rows) {
    const day = localDate(r.effective_at, tz);
    if (page.before && day >= page.before) continue;
    if (page.days && !days.has(day) && days.size >= page.days) { nextBefore = [...days.keys()].pop()!; break; }
    let item = presentFlagged(r);
    if (goal && A1C_CODES.has(r.code) && r.value_num !== null) {
      item = { ...item, flagText: a1cFlagText(r.value_num, flagOf(r), goal), goalText: goalText(r.value_num, goal) };
    }
    const panels = days.get(day) ?? days.set(day, new Map()).get(day)!;
    (panels.get(item.panel) ?? panels.set(item.panel, []).get(item.panel)!).push(item);
  }
  await logRead(w, 'Observation', 'results-by-date');
  return {
    days: [...days].map(([date, panels]) => ({
      date,
      panels: [...panels].map(([panel, items]) => ({ panel, outOfRange: items.filter((i) => i.flag !== 'normal' && i.flag !== 'none').length, results: items })),
    })),
    nextBefore,
  };
}

export async function tests(w: Who) {
  const rows = await repo.testsWithNumbers(w.db, w.patientId);
  await logRead(w, 'Observation', 'tests');
  return { tests: rows.map((t) => ({ code: t.code, display: t.display, unit: t.unit, count: t.count, latestAt: new Date(t.latest_at).toISOString(), hasExplanation: !!explanationFor(t.code) })) };
}

/** One test over time, oldest first, with the lab's latest range and (for A1c) the patient's goal. */
export async function trend(w: Who, code: string) {
  const rows = (await repo.observations(w.db, w.patientId, { code })).filter((r) => r.value_num !== null).reverse();
  let target: { high: number; text: string; source: string } | null = null;
  if (A1C_CODES.has(code)) target = await a1cGoal(w);
  const withRange = [...rows].reverse().find((r) => r.ref_low !== null || r.ref_high !== null || r.ref_text);
  await logRead(w, 'Observation', 'trend');
  const last = rows[rows.length - 1];
  // A1c: each point says where it stands against the lab's range and against the goal, apart and together.
  const points = rows.map((r) => {
    const p = presentPoint(r);
    if (!target) return p;
    const lab = flagOf(r);
    return { ...p, flagText: a1cFlagText(r.value_num!, lab, target), labFlagText: FLAG_WORDS[lab], goalText: goalText(r.value_num!, target) };
  });
  return {
    code, display: last?.display ?? code, unit: last?.unit ?? null, points,
    referenceRange: withRange ? { low: withRange.ref_low, high: withRange.ref_high, text: withRange.ref_text } : null,
    rangeText: withRange ? rangeText({ ...withRange, unit: last?.unit ?? withRange.unit }) : null,
    target, explanation: explanationFor(code),
  };
}

/** The patient's A1c goal: the care team's or the EHR's; else the common goal for adults with diabetes (under 7%). */
async function a1cGoal(w: Who): Promise<A1cTarget & { text: string }> {
  const t = await repo.a1cTarget(w.db, w.patientId);
  return t ? { high: t.high, text: `Your goal: under ${t.high}%`, source: t.source }
    : { high: 7, text: 'Common goal for adults with diabetes: under 7% (ask your care team about yours)', source: 'general' };
}

export async function problems(w: Who) {
  const rows = (await repo.conditions(w.db, w.patientId)).map(presentProblem);
  await logRead(w, 'Condition', 'problems');
  return { active: rows.filter((r) => ACTIVE_PROBLEM.has(r.status)), past: rows.filter((r) => !ACTIVE_PROBLEM.has(r.status)) };
}

export async function medications(w: Who) {
  const rows = (await repo.medications(w.db, w.patientId)).map(presentMedication);
  await logRead(w, 'MedicationRequest', 'medications');
  return { active: rows.filter((r) => ACTIVE_MED.has(r.status)), past: rows.filter((r) => !ACTIVE_MED.has(r.status)) };
}

export async function allergies(w: Who) {
  const rows = (await repo.allergies(w.db, w.patientId)).map(presentAllergy);
  await logRead(w, 'AllergyIntolerance', 'allergies');
  return { allergies: rows };
}

export async function immunizations(w: Who) {
  const rows = (await repo.immunizations(w.db, w.patientId)).map(presentImmunization);
  await logRead(w, 'Immunization', 'immunizations');
  return { immunizations: rows };
}

export async function visits(w: Who) {
  const rows = (await repo.encounters(w.db, w.patientId)).map(presentVisit);
  await logRead(w, 'Encounter', 'visits');
  return { visits: rows };
}

export async function documents(w: Who) {
  const rows = (await repo.documents(w.db, w.patientId)).map(presentDocument);
  await logRead(w, 'DocumentReference', 'documents');
  return { documents: rows };
}

/** Blood pressure pairs, weight and BMI series (oldest first), and the latest of each vital sign. */
export async function vitals(w: Who) {
  const rows = await repo.vitals(w.db, w.patientId);
  const bp = new Map<string, { effectiveAt: string; systolic: number | null; diastolic: number | null }>();
  const series = (code: string) => rows.filter((r) => r.code === code).map(presentPoint);
  for (const r of rows) {
    if (r.code !== '8480-6' && r.code !== '8462-4') continue;
    const at = new Date(r.effective_at).toISOString();
    const p = bp.get(at) ?? bp.set(at, { effectiveAt: at, systolic: null, diastolic: null }).get(at)!;
    if (r.code === '8480-6') p.systolic = Math.round(r.value_num!); else p.diastolic = Math.round(r.value_num!);
  }
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) latest.set(r.code, r);
  await logRead(w, 'Observation', 'vitals');
  return {
    bloodPressure: [...bp.values()].filter((p) => p.systolic !== null && p.diastolic !== null) as { effectiveAt: string; systolic: number; diastolic: number }[],
    weight: series('29463-7'), bmi: series('39156-5'),
    latest: [...latest.values()].map((r) => ({ ...presentResult(r), flagText: presentFlagged(r).flagText })),
  };
}
