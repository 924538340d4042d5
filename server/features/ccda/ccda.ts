import { randomUUID } from 'node:crypto';
import { convertCcdaToXml, convertFhirToCcda } from '@medplum/ccda';
import type { Bundle, Composition, CompositionSection, Organization, Reference, Resource } from '@medplum/fhirtypes';
import type { Queryable } from '../../db/client';
import { exportBundle } from '../record/export';

type Range = { from?: string; to?: string };
type Json = Record<string, unknown>;
const LOINC = 'http://loinc.org';

/** The CCD sections Portico fills (C-CDA R2.1), each with its LOINC section code and the resources that belong in it. */
const SECTIONS: { code: string; title: string; takes: (r: Resource) => boolean; describe: (r: Json) => string }[] = [
  { code: '48765-2', title: 'Allergies and adverse reactions', takes: (r) => r.resourceType === 'AllergyIntolerance', describe: (r) => text(r.code) },
  { code: '10160-0', title: 'Medications', takes: (r) => r.resourceType === 'MedicationRequest' || r.resourceType === 'MedicationStatement',
    describe: (r) => text(r.medicationCodeableConcept) || text((r.medicationReference as Json | undefined)) },
  { code: '11450-4', title: 'Problems', takes: (r) => r.resourceType === 'Condition', describe: (r) => text(r.code) },
  { code: '11369-6', title: 'Immunizations', takes: (r) => r.resourceType === 'Immunization', describe: (r) => `${text(r.vaccineCode)} ${day(r.occurrenceDateTime)}` },
  { code: '30954-2', title: 'Results', takes: (r) => r.resourceType === 'Observation' && category(r) === 'laboratory',
    describe: (r) => `${text(r.code)}: ${value(r)} ${day(r.effectiveDateTime)}` },
  { code: '8716-3', title: 'Vital signs', takes: (r) => r.resourceType === 'Observation' && category(r) === 'vital-signs',
    describe: (r) => `${text(r.code)}: ${value(r)} ${day(r.effectiveDateTime)}` },
  { code: '47519-4', title: 'Procedures', takes: (r) => r.resourceType === 'Procedure', describe: (r) => `${text(r.code)} ${day(r.performedDateTime)}` },
  { code: '46240-8', title: 'Encounters', takes: (r) => r.resourceType === 'Encounter',
    describe: (r) => `${text((r.type as Json[] | undefined)?.[0])} ${day((r.period as Json | undefined)?.start)}` },
];

function text(cc: unknown): string {
  const c = cc as { text?: string; display?: string; coding?: { display?: string; code?: string }[] } | undefined;
  return (c?.text ?? c?.display ?? c?.coding?.[0]?.display ?? c?.coding?.[0]?.code ?? '').trim();
}
const day = (d: unknown) => (typeof d === 'string' ? `(${d.slice(0, 10)})` : '');
const category = (r: Resource) => ((r as unknown as Json).category as { coding?: { code?: string }[] }[] | undefined)
  ?.flatMap((c) => c.coding ?? []).map((c) => c.code).find((c) => c === 'laboratory' || c === 'vital-signs');
function value(r: Json): string {
  const q = r.valueQuantity as { value?: number; unit?: string } | undefined;
  if (q?.value !== undefined) return `${q.value}${q.unit ? ` ${q.unit}` : ''}`;
  return String(r.valueString ?? text(r.valueCodeableConcept) ?? '');
}
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Deep copy with `urn:uuid:` references turned into `Type/id` (how the C-CDA converter finds resources). */
function typedReferences<T>(node: T, types: Map<string, string>): T {
  if (Array.isArray(node)) return node.map((n) => typedReferences(n, types)) as T;
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    if (k === 'reference' && typeof v === 'string' && v.startsWith('urn:uuid:')) {
      const id = v.slice('urn:uuid:'.length);
      out[k] = types.has(id) ? `${types.get(id)}/${id}` : v;
    } else out[k] = typedReferences(v, types);
  }
  return out as T;
}

/**
 * The record's FHIR export (record/export.ts, the one source) as a FHIR document: a Composition naming the CCD sections,
 * then the patient and every resource. Each section has a plain narrative of its entries.
 */
export function documentBundle(collection: Bundle, now = new Date(), orgId?: string): Bundle {
  const resources = (collection.entry ?? []).map((e) => e.resource).filter((r): r is Resource => !!r && !!r.id);
  const types = new Map(resources.map((r) => [r.id as string, r.resourceType]));
  const typed = resources.map((r) => typedReferences(r, types));
  const patient = typed.find((r) => r.resourceType === 'Patient');
  if (!patient) throw new Error('The record export has no Patient');
  const org = typed.find((r) => r.resourceType === 'Organization' && (!orgId || r.id === orgId));
  const ref = (r: Resource): Reference => ({ reference: `${r.resourceType}/${r.id}` });
  const sections: CompositionSection[] = SECTIONS.map((s) => {
    const members = typed.filter(s.takes);
    const items = members.map((m) => s.describe(m as unknown as Json).trim()).filter(Boolean);
    return {
      title: s.title,
      code: { coding: [{ system: LOINC, code: s.code, display: s.title }] },
      text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${items.length ? `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>` : '<p>None recorded</p>'}</div>` },
      entry: members.map(ref),
    };
  });
  const composition: Composition = {
    resourceType: 'Composition', id: randomUUID(), status: 'final', language: 'en-US',
    type: { coding: [{ system: LOINC, code: '34133-9', display: 'Summarization of Episode Note' }] },
    subject: ref(patient), date: now.toISOString(), title: 'Continuity of Care Document',
    author: [org ? ref(org) as Reference<Organization> : { display: 'Portico patient portal' }], ...(org ? { custodian: ref(org) as Reference<Organization> } : {}),
    confidentiality: 'N', section: sections,
  };
  return { resourceType: 'Bundle', type: 'document', timestamp: now.toISOString(), entry: [composition, ...typed].map((resource) => ({ resource })) };
}

/** The patient's record as a C-CDA R2.1 Continuity of Care Document (CCD), made with @medplum/ccda. */
export async function ccdaXml(q: Queryable, patientId: string, range: Range = {}): Promise<string> {
  const bundle = await exportBundle(q, patientId, range);
  // A CCD names its author and custodian: the patient's organization (added when the export does not carry it already).
  const [org] = await q.query<{ id: string; name: string }>('select o.id, o.name from organization o join patient p on p.org_id = o.id where p.id = $1', [patientId]);
  const entries = bundle.entry ?? [];
  if (org && !entries.some((e) => e.resource?.resourceType === 'Organization' && e.resource.id === org.id)) {
    entries.unshift({ fullUrl: `urn:uuid:${org.id}`, resource: { resourceType: 'Organization', id: org.id, name: org.name } });
  }
  const doc = documentBundle({ ...bundle, entry: entries }, new Date(), org?.id);
  return convertCcdaToXml(convertFhirToCcda(doc, { type: 'summary' }));
}
