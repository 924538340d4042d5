import type { CodeableConcept, HumanName, Quantity, Reference, Timing } from '@medplum/fhirtypes';

/** Small readers for FHIR datatypes, shared by the mappers and the export. */

export class MappingProblem extends Error {}

export const ccText = (c: CodeableConcept | undefined): string | undefined =>
  c?.text ?? c?.coding?.find((x) => x.display)?.display ?? c?.coding?.[0]?.code;

const PREFERRED = ['http://loinc.org', 'http://snomed.info/sct', 'http://www.nlm.nih.gov/research/umls/rxnorm', 'http://hl7.org/fhir/sid/cvx'];
export const ccCode = (c: CodeableConcept | undefined): string | undefined =>
  (c?.coding?.find((x) => x.system && PREFERRED.includes(x.system) && x.code) ?? c?.coding?.find((x) => x.code))?.code;

export const codeOf = (c: CodeableConcept | undefined): string | undefined => c?.coding?.[0]?.code ?? c?.text;

// Synthea appends digits to generated names ("Irwin931"); real names never end in digits, so we drop them for display.
const clean = (s: string) => s.replace(/(\D)\d+$/, '$1');

export function personName(names: HumanName[] | undefined): string | undefined {
  if (!names?.length) return undefined;
  const n = names.find((x) => x.use === 'official') ?? names[0];
  if (n.text) return n.text;
  const parts = [...(n.prefix ?? []), ...(n.given ?? []), n.family ?? ''].map(clean).filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

export const refDisplay = (r: Reference | undefined) => (r?.display ? clean(r.display.replace(/\d+(\s|$)/g, '$1')).trim() : undefined);

export function quantityText(q: Quantity | undefined): string | undefined {
  if (!q || q.value === undefined) return undefined;
  return `${q.value}${q.unit ?? q.code ? ` ${q.unit ?? q.code}` : ''}`;
}

const UNIT_WORD: Record<string, string> = { s: 'second', min: 'minute', h: 'hour', d: 'day', wk: 'week', mo: 'month', a: 'year' };

/** "2 times a day", "every 8 hours", "once a week" from a FHIR Timing. */
export function timingText(t: Timing | undefined): string | undefined {
  const r = t?.repeat;
  if (!r) return t?.code ? ccText(t.code) : undefined;
  const unit = r.periodUnit ? UNIT_WORD[r.periodUnit] : undefined;
  if (!unit || !r.period) return undefined;
  const per = r.period === 1 ? `a ${unit}` : `every ${r.period} ${unit}s`;
  const f = r.frequency ?? 1;
  if (f === 1) return r.period === 1 ? `once ${per}` : per;
  return `${f === 2 ? 'twice' : `${f} times`} ${per}`;
}

export const toIso = (s: string | undefined): string | undefined => {
  if (!s) return undefined;
  const d = new Date(s.length === 4 ? `${s}-01-01` : s.length === 7 ? `${s}-01` : s);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
};

/** Money as integer cents (never floating dollars in the database). */
export const cents = (v: number | undefined) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 100) : null);
