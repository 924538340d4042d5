import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import type { Queryable } from '../../db/client';

/**
 * The patient's record as one FHIR R4 collection Bundle. Imported rows give back their original FHIR JSON (with our ids);
 * rows entered in Portico are written as FHIR. Every reference points inside the bundle or is reduced to a display text.
 */

type Range = { from?: string; to?: string };
type Json = Record<string, any>;
const UCUM = 'http://unitsofmeasure.org';
const cc = (system: string | null, code: string | null, text: string) => ({ ...(code ? { coding: [{ ...(system ? { system } : {}), code, display: text }] } : {}), text });
const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : undefined);
const status = (system: string, code: string) => ({ coding: [{ system, code }] });
const clean = <T extends Json>(o: T): T => JSON.parse(JSON.stringify(o));

const TABLES: { table: string; type: string; dateCol?: string; build: (r: Json, patient: string, enc: (id: string | null) => Json | undefined) => Json }[] = [
  { table: 'encounter', type: 'Encounter', dateCol: 'start_at', build: (r, p) => ({
    status: r.status, class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' }, type: [{ text: r.type }],
    subject: { reference: p }, period: { start: iso(r.start_at), end: iso(r.end_at) }, reasonCode: r.reason ? [{ text: r.reason }] : undefined,
    participant: r.clinician_name ? [{ individual: { display: r.clinician_name } }] : undefined,
    location: r.location_name ? [{ location: { display: r.location_name } }] : undefined }) },
  { table: 'observation', type: 'Observation', dateCol: 'effective_at', build: (r, p, enc) => ({
    status: 'final', category: [status('http://terminology.hl7.org/CodeSystem/observation-category', r.category)],
    code: cc('http://loinc.org', r.code, r.display), subject: { reference: p }, encounter: enc(r.encounter_id), effectiveDateTime: iso(r.effective_at),
    ...(r.value_num !== null ? { valueQuantity: { value: r.value_num, unit: r.unit ?? undefined, system: r.unit ? UCUM : undefined, code: r.unit ?? undefined } } : { valueString: r.value_text ?? undefined }),
    interpretation: r.interpretation ? [status('http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', r.interpretation)] : undefined,
    referenceRange: r.ref_low !== null || r.ref_high !== null || r.ref_text ? [{
      low: r.ref_low !== null ? { value: r.ref_low, unit: r.unit ?? undefined } : undefined, high: r.ref_high !== null ? { value: r.ref_high, unit: r.unit ?? undefined } : undefined,
      text: r.ref_text ?? undefined }] : undefined }) },
  { table: 'condition', type: 'Condition', build: (r, p) => ({
    clinicalStatus: status('http://terminology.hl7.org/CodeSystem/condition-clinical', r.clinical_status), code: cc('http://snomed.info/sct', r.code, r.display),
    subject: { reference: p }, onsetDateTime: iso(r.onset_at), abatementDateTime: iso(r.abated_at) }) },
  { table: 'medication', type: 'MedicationRequest', build: (r, p) => ({
    status: r.status, intent: 'order', medicationCodeableConcept: cc('http://www.nlm.nih.gov/research/umls/rxnorm', r.code, r.display), subject: { reference: p },
    authoredOn: iso(r.authored_at), requester: r.prescriber_name ? { display: r.prescriber_name } : undefined,
    dosageInstruction: r.instructions || r.dose ? [{ text: [r.dose, r.instructions].filter(Boolean).join(' — ') }] : undefined }) },
  { table: 'allergy', type: 'AllergyIntolerance', build: (r, p) => ({
    clinicalStatus: status('http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', r.clinical_status), code: cc(null, r.code, r.display),
    patient: { reference: p }, recordedDate: iso(r.recorded_at),
    reaction: r.reaction ? [{ manifestation: [{ text: r.reaction }], severity: ['mild', 'moderate', 'severe'].includes(r.severity) ? r.severity : undefined }] : undefined }) },
  { table: 'immunization', type: 'Immunization', dateCol: 'occurred_at', build: (r, p) => ({
    status: 'completed', vaccineCode: cc('http://hl7.org/fhir/sid/cvx', r.code, r.display), patient: { reference: p }, occurrenceDateTime: iso(r.occurred_at) }) },
  { table: 'procedure', type: 'Procedure', dateCol: 'performed_at', build: (r, p) => ({ status: r.status, code: cc('http://snomed.info/sct', r.code, r.display), subject: { reference: p }, performedDateTime: iso(r.performed_at) }) },
  { table: 'diagnostic_report', type: 'DiagnosticReport', dateCol: 'effective_at', build: (r, p) => ({ status: r.status ?? 'final', code: cc('http://loinc.org', r.code, r.display), subject: { reference: p }, effectiveDateTime: iso(r.effective_at) }) },
  { table: 'document_reference', type: 'DocumentReference', dateCol: 'doc_date', build: (r, p) => ({
    status: 'current', type: { text: r.type }, subject: { reference: p }, date: iso(r.doc_date), description: r.description ?? undefined,
    content: [{ attachment: { contentType: r.content_type ?? undefined, title: r.title ?? undefined, url: r.url ?? undefined, data: r.data ?? undefined } }] }) },
  { table: 'care_plan', type: 'CarePlan', build: (r, p) => ({ status: r.status, intent: 'plan', title: r.title, subject: { reference: p }, period: { start: iso(r.start_at), end: iso(r.end_at) } }) },
  { table: 'care_goal', type: 'Goal', build: (r, p) => ({ lifecycleStatus: r.status ?? 'active', description: { text: r.description }, subject: { reference: p } }) },
  { table: 'coverage', type: 'Coverage', build: (r, p) => ({
    status: r.status, beneficiary: { reference: p }, payor: [{ display: r.payer }], subscriberId: r.member_id ?? undefined,
    period: { start: r.start_date ?? undefined, end: r.end_date ?? undefined } }) },
];

export async function exportBundle(q: Queryable, patientId: string, range: Range = {}): Promise<Bundle> {
  const [p] = await q.query<Json>('select p.*, s.fhir, s.source_id from patient p left join patient_source s on s.patient_id = p.id where p.id = $1', [patientId]);
  const ids = await q.query<{ system: string; value: string }>('select system, value from patient_identifier where patient_id = $1', [patientId]);
  const patientUrl = `urn:uuid:${p.id}`;
  const alias = new Map<string, string>(); // any way the source referred to a resource -> its fullUrl here
  const addAlias = (type: string, sourceId: string | null, url: string) => {
    if (!sourceId) return;
    alias.set(`${type}/${sourceId}`, url);
    alias.set(`urn:uuid:${sourceId}`, url);
  };
  const patient: Json = p.fhir ? { ...p.fhir } : {
    resourceType: 'Patient', identifier: ids.map((i) => ({ system: i.system || undefined, value: i.value })),
    name: [{ use: 'official', family: p.family_name, given: [p.given_name] }], birthDate: p.birth_date ?? undefined, gender: p.sex ?? undefined,
    telecom: [p.phone && { system: 'phone', value: p.phone }, p.email && { system: 'email', value: p.email }].filter(Boolean),
    address: p.address_line ? [{ line: [p.address_line], city: p.city, state: p.state, postalCode: p.postal_code }] : undefined,
  };
  patient.id = p.id;
  addAlias('Patient', p.source_id, patientUrl);
  const entries: BundleEntry[] = [{ fullUrl: patientUrl, resource: clean(patient) as Resource }];

  const encUrl = (id: string | null) => (id ? { reference: `urn:uuid:${id}` } : undefined);
  for (const t of TABLES) {
    const params: unknown[] = [patientId];
    let where = 'patient_id = $1';
    if (t.dateCol && range.from) { params.push(range.from); where += ` and ${t.dateCol} >= $${params.length}::timestamptz`; }
    if (t.dateCol && range.to) { params.push(range.to); where += ` and ${t.dateCol} < ($${params.length}::date + 1)::timestamptz`; }
    if (t.table === 'observation') where += " and category <> 'home'";
    const rows = await q.query<Json>(`select * from ${t.table} where ${where} order by id`, params);
    const emitted = new Set<string>();
    for (const r of rows) {
      const baseSource: string | null = r.source_id ? String(r.source_id).split('#')[0] : null;
      if (baseSource && emitted.has(baseSource)) continue; // blood pressure components share one Observation
      if (baseSource) emitted.add(baseSource);
      const url = `urn:uuid:${r.id}`;
      addAlias(t.type, baseSource, url);
      const res: Json = r.fhir ? { ...r.fhir } : { resourceType: t.type, ...t.build(r, patientUrl, encUrl) };
      res.id = r.id;
      entries.push({ fullUrl: url, resource: clean(res) as Resource });
    }
  }
  const hp: unknown[] = [patientId, range.from ?? null, range.to ?? null];
  const home = await q.query<Json>(`select * from home_glucose where patient_id = $1 and deleted_at is null
     and ($2::timestamptz is null or measured_at >= $2::timestamptz) and ($3::date is null or measured_at < ($3::date + 1)::timestamptz) order by measured_at`, hp);
  for (const h of home) entries.push({ fullUrl: `urn:uuid:${h.id}`, resource: clean({
    resourceType: 'Observation', id: h.id, status: 'final',
    category: [{ coding: [{ system: 'urn:portico:observation-category', code: 'home', display: 'Home reading' }], text: 'Home reading' }],
    code: cc('http://loinc.org', '2339-0', 'Glucose [Mass/volume] in Blood'), subject: { reference: patientUrl }, performer: [{ reference: patientUrl }],
    effectiveDateTime: iso(h.measured_at), valueQuantity: { value: Math.round(h.value_mgdl * 10) / 10, unit: 'mg/dL', system: UCUM, code: 'mg/dL' },
    note: [{ text: `Context: ${h.context}${h.note ? `. ${h.note}` : ''}` }],
  }) as Resource });

  const urls = new Set(entries.map((e) => e.fullUrl as string));
  for (const e of entries) relink(e.resource, urls, alias);
  return { resourceType: 'Bundle', type: 'collection', timestamp: new Date().toISOString(), meta: { lastUpdated: new Date().toISOString() }, entry: entries };
}

/** Points references at this bundle's fullUrls; a reference to something not in the bundle keeps only its display text. */
function relink(node: unknown, urls: Set<string>, alias: Map<string, string>) {
  if (Array.isArray(node)) { node.forEach((n) => relink(n, urls, alias)); return; }
  if (!node || typeof node !== 'object') return;
  const o = node as Json;
  if (typeof o.reference === 'string' && !o.reference.startsWith('#')) {
    const m = /([A-Z][A-Za-z]+\/[^/]+)$/.exec(o.reference);
    const target = urls.has(o.reference) ? o.reference : alias.get(o.reference) ?? (m ? alias.get(m[1]) : undefined);
    if (target) o.reference = target;
    else { delete o.reference; if (!o.display) o.display = 'Not included in this download'; }
  }
  for (const k of Object.keys(o)) relink(o[k], urls, alias);
}
