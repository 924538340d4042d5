import type { Queryable } from '../../db/client';
import * as repo from './repository';
import { FLAG_WORDS, flagOf, rangeText } from './presenters';

/** A printable, human-readable summary of the record (HTML for print-to-PDF). Everything is escaped. */

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const day = (d: Date | string | null, tz: string) => (d ? new Intl.DateTimeFormat('en-US', { timeZone: tz, dateStyle: 'medium' }).format(new Date(d)) : '');
const table = (caption: string, head: string[], rows: unknown[][], empty: string) =>
  `<section><h2>${esc(caption)}</h2>${rows.length === 0 ? `<p>${esc(empty)}</p>` : `<table><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${
    rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`}</section>`;

export async function summaryHtml(q: Queryable, patientId: string, opts: { from?: string; to?: string; tz: string }): Promise<string> {
  const [p] = await repo.patientRow(q, patientId);
  const { tz } = opts;
  const range = { from: opts.from, to: opts.to };
  const [conditions, meds, allergies, imms, labs, vitals, visits] = await Promise.all([
    repo.conditions(q, patientId), repo.medications(q, patientId), repo.allergies(q, patientId), repo.immunizations(q, patientId),
    repo.observations(q, patientId, { categories: repo.RESULT_CATEGORIES, ...range }), repo.observations(q, patientId, { categories: ['vital-signs'], ...range, limit: 60 }),
    repo.encounters(q, patientId, range),
  ]);
  // Procedures (dated, so the range applies) and care plans (current facts), from the same rows as their record pages.
  const procedures = (await repo.procedures(q, patientId)).filter((r) => (!opts.from || (r.performed_at && new Date(r.performed_at) >= new Date(opts.from)))
    && (!opts.to || (r.performed_at && new Date(r.performed_at) < new Date(Date.parse(opts.to) + 86_400_000))));
  const plans = await q.query<{ title: string; status: string; start_at: Date | null; activities: string[] }>(
    'select title, status, start_at, activities from care_plan where patient_id = $1 order by start_at desc nulls last, title', [patientId]);
  const name = `${p.given_name} ${p.family_name}`;
  const period = opts.from || opts.to ? `Dates ${opts.from ? `from ${opts.from} ` : ''}${opts.to ? `to ${opts.to}` : ''}` : 'All dates';
  const val = (r: { value_num: number | null; value_text: string | null; unit: string | null }) =>
    r.value_num !== null ? `${Math.round(r.value_num * 100) / 100} ${r.unit ?? ''}`.trim() : r.value_text ?? '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Health summary — ${esc(name)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;font-size:16px;line-height:1.45;color:#111;max-width:60rem;margin:1rem auto;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;border-bottom:2px solid #333;padding-bottom:.2rem;margin-top:1.5rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;border-bottom:1px solid #999;padding:.3rem .4rem;vertical-align:top}
.meta{color:#333}@media print{body{margin:0;font-size:11pt}section{break-inside:auto}tr{break-inside:avoid}}
</style></head><body>
<h1>Health summary for ${esc(name)}</h1>
<p class="meta">Date of birth: ${esc(p.birth_date ?? 'not recorded')} · Medical record number: ${esc(p.mrn)} · ${esc(period)} · Made on ${esc(day(new Date(), tz))}</p>
<p class="meta">To save this as a PDF, use your browser's Print command and choose "Save as PDF".</p>
${table('Health problems', ['Problem', 'Status', 'Since'], conditions.map((c) => [c.display, c.clinical_status, day(c.onset_at, tz)]), 'No health problems are listed.')}
${table('Medicines', ['Medicine', 'Dose', 'How to take it', 'Status'], meds.map((m) => [m.display, m.dose ?? '', m.instructions ?? '', m.status]), 'No medicines are listed.')}
${table('Allergies', ['Allergy', 'Reaction', 'Severity'], allergies.map((a) => [a.display, a.reaction ?? '', a.severity ?? '']), 'No known allergies are listed.')}
${table('Shots (immunizations)', ['Vaccine', 'Date'], imms.map((i) => [i.display, day(i.occurred_at, tz)]), 'No shots are listed.')}
${table('Test results', ['Date', 'Test', 'Result', 'Normal range', 'Flag'], labs.map((r) => [day(r.effective_at, tz), r.display, val(r), rangeText(r) ?? '', FLAG_WORDS[flagOf(r)]]), 'No test results in this period.')}
${table('Vital signs (latest)', ['Date', 'Measure', 'Value'], vitals.map((r) => [day(r.effective_at, tz), r.display, val(r)]), 'No vital signs in this period.')}
${table('Visits', ['Date', 'Visit', 'Reason', 'Clinician', 'Place'], visits.map((v) => [day(v.start_at, tz), v.type, v.reason ?? '', v.clinician_name ?? '', v.location_name ?? '']), 'No visits in this period.')}
${table('Procedures', ['Date', 'Procedure', 'Status'], procedures.map((r) => [day(r.performed_at, tz), r.display, r.status]), 'No procedures in this period.')}
${table('Care plans', ['Plan', 'Status', 'Since', 'What the plan includes'], plans.map((c) => [c.title, c.status, day(c.start_at, tz), (c.activities ?? []).join('; ')]), 'No care plans are listed.')}
</body></html>`;
}
