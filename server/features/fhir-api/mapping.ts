import type { Resource } from '@medplum/fhirtypes';
import type { Queryable } from '../../db/client';

/**
 * The one row → FHIR R4 mapping, shared by the FHIR API (/fhir/R4) and the record download (export.json).
 * The rows are the same ones the record pages read. A row imported from an EHR keeps its original FHIR JSON (codings,
 * identifiers, components); we give it our id, point its references at our ids, and lay the columns Portico may change
 * (status) over it. A row entered in Portico is written as FHIR from its columns.
 *
 * References come out as `Type/<our id>`; anything we cannot resolve keeps only its display text.
 * Every resource carries meta.source `urn:portico` and, when it came from an EHR, a meta.tag with its original source id
 * (system SOURCE_TAG), so re-importing Portico's own download matches the rows it came from instead of duplicating them.
 */

export type Json = Record<string, any>;
export const PORTICO_SOURCE = 'urn:portico';
export const SOURCE_TAG = 'urn:portico:source-id';
const US_CORE = 'http://hl7.org/fhir/us/core/StructureDefinition/';
const UCUM = 'http://unitsofmeasure.org';
const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const CVX = 'http://hl7.org/fhir/sid/cvx';
/** A reference to one of our own ids; the marker is removed once all references are resolved. */
const OWN = 'portico:';
const own = (type: string, id: string | null | undefined) => (id ? { reference: `${OWN}${type}/${id}` } : undefined);
/** A reference to one of our own resources, for resources built outside this module (resolved like the others). */
export const ownRef = (type: string, id: string) => ({ reference: `${OWN}${type}/${id}` });

export const CLINICAL_TYPES = [
  'Encounter', 'Observation', 'Condition', 'MedicationRequest', 'AllergyIntolerance', 'Immunization', 'Procedure', 'DiagnosticReport',
  'DocumentReference', 'CarePlan', 'Goal', 'Coverage',
] as const;
export const PARTY_TYPES = ['Practitioner', 'Organization', 'Location'] as const;
export type ClinicalType = (typeof CLINICAL_TYPES)[number];
export type PartyType = (typeof PARTY_TYPES)[number];
export type FhirType = 'Patient' | ClinicalType | PartyType;
export const ALL_TYPES: FhirType[] = ['Patient', ...CLINICAL_TYPES, ...PARTY_TYPES];

export const TABLE_OF: Record<ClinicalType, string> = {
  Encounter: 'encounter', Observation: 'observation', Condition: 'condition', MedicationRequest: 'medication', AllergyIntolerance: 'allergy',
  Immunization: 'immunization', Procedure: 'procedure', DiagnosticReport: 'diagnostic_report', DocumentReference: 'document_reference',
  CarePlan: 'care_plan', Goal: 'care_goal', Coverage: 'coverage',
};
/** The date a type is searched and sorted by (and a download's date range applies to). */
export const DATE_OF: Partial<Record<ClinicalType, string>> = {
  Encounter: 'start_at', Observation: 'effective_at', Immunization: 'occurred_at', Procedure: 'performed_at', DiagnosticReport: 'effective_at',
  DocumentReference: 'doc_date', Condition: 'onset_at', MedicationRequest: 'authored_at', CarePlan: 'start_at',
};

const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : undefined);
const cc = (system: string | null, code: string | null | undefined, text: string) =>
  ({ ...(code ? { coding: [{ ...(system ? { system } : {}), code, display: text }] } : {}), text });
const coded = (system: string, code: string, display?: string) => ({ coding: [{ system, code, ...(display ? { display } : {}) }] });
const clean = <T>(o: T): T => JSON.parse(JSON.stringify(o));
const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const OBS_CAT = 'http://terminology.hl7.org/CodeSystem/observation-category';
const COND_CAT = 'http://terminology.hl7.org/CodeSystem/condition-category';

/** The US Core 6.1 profile a resource claims. */
export function profileOf(r: Json): string | undefined {
  switch (r.resourceType) {
    case 'Observation': {
      const cats: string[] = (r.category ?? []).flatMap((c: Json) => (c.coding ?? []).map((x: Json) => x.code));
      const code: string | undefined = r.code?.coding?.find((c: Json) => c.system === LOINC)?.code;
      if (cats.includes('vital-signs')) return US_CORE + (code === '85354-9' ? 'us-core-blood-pressure' : code === '39156-5' ? 'us-core-bmi' : code === '29463-7' ? 'us-core-body-weight' : code === '8302-2' ? 'us-core-body-height' : 'us-core-vital-signs');
      if (cats.includes('laboratory')) return `${US_CORE}us-core-observation-lab`;
      if (code === '72166-2') return `${US_CORE}us-core-smokingstatus`;
      if (cats.includes('survey')) return `${US_CORE}us-core-observation-screening-assessment`;
      return `${US_CORE}us-core-simple-observation`;
    }
    case 'Condition': {
      const cats: string[] = (r.category ?? []).flatMap((c: Json) => (c.coding ?? []).map((x: Json) => x.code));
      return US_CORE + (cats.includes('encounter-diagnosis') ? 'us-core-condition-encounter-diagnosis' : 'us-core-condition-problems-health-concerns');
    }
    case 'DiagnosticReport': {
      const lab = (r.category ?? []).some((c: Json) => (c.coding ?? []).some((x: Json) => x.code === 'LAB'));
      return US_CORE + (lab ? 'us-core-diagnosticreport-lab' : 'us-core-diagnosticreport-note');
    }
    case 'Patient': case 'Encounter': case 'MedicationRequest': case 'Immunization': case 'Procedure': case 'DocumentReference':
    case 'CarePlan': case 'Goal': case 'Coverage': case 'Practitioner': case 'Organization': case 'Location':
      return `${US_CORE}us-core-${r.resourceType.toLowerCase()}`;
    case 'AllergyIntolerance': return `${US_CORE}us-core-allergyintolerance`;
    default: return undefined;
  }
}

function stamp(res: Json, id: string, sourceId: string | null | undefined): Json {
  res.id = id;
  const profile = profileOf(res);
  const tags = (res.meta?.tag ?? []).filter((t: Json) => t.system !== SOURCE_TAG);
  if (sourceId) tags.push({ system: SOURCE_TAG, code: sourceId });
  res.meta = { ...(profile ? { profile: [profile] } : {}), source: PORTICO_SOURCE, ...(tags.length ? { tag: tags } : {}) };
  return res;
}

/** "500 mg" → a Quantity, so the dose survives a round trip; text that is not a number and a unit stays text. */
const doseQuantity = (dose: string | null) => {
  const m = dose ? /^([\d.]+)\s*(.*)$/.exec(dose.trim()) : null;
  return m && Number.isFinite(Number(m[1])) ? { value: Number(m[1]), ...(m[2] ? { unit: m[2] } : {}) } : undefined;
};

type Builder = (r: Json, patientId: string) => Json;

/** FHIR from columns, for rows entered in Portico (no source JSON). */
const FROM_COLUMNS: Record<ClinicalType, Builder> = {
  Encounter: (r, p) => ({
    status: r.status, class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' }, type: [{ text: r.type }],
    subject: own('Patient', p), period: { start: iso(r.start_at), end: iso(r.end_at) }, reasonCode: r.reason ? [{ text: r.reason }] : undefined,
    participant: r.clinician_name || r.practitioner_id ? [{ individual: { ...own('Practitioner', r.practitioner_id), display: r.clinician_name ?? undefined } }] : undefined,
    location: r.location_name || r.location_id ? [{ location: { ...own('Location', r.location_id), display: r.location_name ?? undefined } }] : undefined,
    serviceProvider: own('Organization', r.service_provider_id) }),
  Observation: (r, p) => ({
    status: 'final', category: [{ ...coded(OBS_CAT, r.category) }], code: cc(LOINC, r.code, r.display), subject: own('Patient', p),
    encounter: own('Encounter', r.encounter_id), effectiveDateTime: iso(r.effective_at),
    ...(r.value_num !== null ? { valueQuantity: { value: r.value_num, unit: r.unit ?? undefined, system: r.unit ? UCUM : undefined, code: r.unit ?? undefined } } : r.value_text ? { valueString: r.value_text } : { dataAbsentReason: coded('http://terminology.hl7.org/CodeSystem/data-absent-reason', 'unknown') }),
    interpretation: r.interpretation ? [coded('http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', r.interpretation)] : undefined,
    referenceRange: r.ref_low !== null || r.ref_high !== null || r.ref_text ? [{
      low: r.ref_low !== null ? { value: r.ref_low, unit: r.unit ?? undefined } : undefined, high: r.ref_high !== null ? { value: r.ref_high, unit: r.unit ?? undefined } : undefined,
      text: r.ref_text ?? undefined }] : undefined }),
  Condition: (r, p) => ({
    clinicalStatus: coded('http://terminology.hl7.org/CodeSystem/condition-clinical', r.clinical_status),
    verificationStatus: coded('http://terminology.hl7.org/CodeSystem/condition-ver-status', 'confirmed'),
    category: [coded(COND_CAT, 'problem-list-item', 'Problem List Item')], code: cc(SNOMED, r.code, r.display),
    subject: own('Patient', p), onsetDateTime: iso(r.onset_at), abatementDateTime: iso(r.abated_at) }),
  MedicationRequest: (r, p) => ({
    status: r.status, intent: 'order', medicationCodeableConcept: cc(RXNORM, r.code, r.display), subject: own('Patient', p),
    authoredOn: iso(r.authored_at), requester: r.prescriber_name || r.prescriber_id ? { ...own('Practitioner', r.prescriber_id), display: r.prescriber_name ?? undefined } : undefined,
    dosageInstruction: r.instructions || r.dose ? [{ text: r.instructions ?? undefined, ...(doseQuantity(r.dose) ? { doseAndRate: [{ doseQuantity: doseQuantity(r.dose) }] } : {}) }] : undefined }),
  AllergyIntolerance: (r, p) => ({
    clinicalStatus: coded('http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', r.clinical_status),
    verificationStatus: coded('http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', 'confirmed'),
    code: cc(null, r.code, r.display), patient: own('Patient', p), recordedDate: iso(r.recorded_at),
    reaction: r.reaction ? [{ manifestation: r.reaction.split(', ').map((text: string) => ({ text })), severity: ['mild', 'moderate', 'severe'].includes(r.severity) ? r.severity : undefined }] : undefined }),
  Immunization: (r, p) => ({ status: 'completed', vaccineCode: cc(CVX, r.code, r.display), patient: own('Patient', p), occurrenceDateTime: iso(r.occurred_at), primarySource: true }),
  Procedure: (r, p) => ({ status: r.status, code: cc(SNOMED, r.code, r.display), subject: own('Patient', p), encounter: own('Encounter', r.encounter_id), performedDateTime: iso(r.performed_at) }),
  DiagnosticReport: (r, p) => ({
    status: r.status ?? 'final', category: r.category ? [{ text: r.category }] : undefined, code: cc(LOINC, r.code, r.display), subject: own('Patient', p),
    encounter: own('Encounter', r.encounter_id), effectiveDateTime: iso(r.effective_at), issued: iso(r.issued_at) }),
  DocumentReference: (r, p) => ({
    status: 'current', type: { text: r.type }, category: [coded('http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category', 'clinical-note', 'Clinical Note')],
    subject: own('Patient', p), date: iso(r.doc_date), description: r.description ?? undefined, author: r.author_name ? [{ display: r.author_name }] : undefined,
    content: [{ attachment: { contentType: r.content_type ?? undefined, title: r.title ?? undefined, url: r.url ?? undefined, data: r.data ?? undefined } }],
    context: r.encounter_id ? { encounter: [own('Encounter', r.encounter_id)] } : undefined }),
  CarePlan: (r, p) => ({
    status: r.status, intent: 'plan', title: r.title, subject: own('Patient', p), period: r.start_at || r.end_at ? { start: iso(r.start_at), end: iso(r.end_at) } : undefined,
    category: [coded('http://hl7.org/fhir/us/core/CodeSystem/careplan-category', 'assess-plan')],
    activity: (r.activities ?? []).length ? r.activities.map((a: string) => ({ detail: { status: 'in-progress', description: a } })) : undefined }),
  Goal: (r, p) => ({ lifecycleStatus: r.status ?? 'active', description: { text: r.description }, subject: own('Patient', p) }),
  Coverage: (r, p) => ({ status: r.status, beneficiary: own('Patient', p), payor: [{ display: r.payer }] }),
};

/** Coverage is always laid out from its columns (one row may gather several claims' insurance), over the source's other details. */
function coverageColumns(res: Json, r: Json) {
  res.payor = res.payor?.length ? res.payor : [{ display: r.payer }];
  if (r.member_id) res.subscriberId = r.member_id;
  if (r.start_date || r.end_date) res.period = { start: r.start_date ?? undefined, end: r.end_date ?? undefined };
  if (r.relationship && !res.relationship) res.relationship = coded('http://terminology.hl7.org/CodeSystem/subscriber-relationship', r.relationship);
  const cls = res.class ?? [];
  const has = (t: string) => cls.some((c: Json) => c.type?.coding?.some((k: Json) => k.code === t));
  if (r.group_id && !has('group')) cls.push({ type: coded('http://terminology.hl7.org/CodeSystem/coverage-class', 'group'), value: r.group_id });
  if (r.plan_name && !has('plan')) cls.push({ type: coded('http://terminology.hl7.org/CodeSystem/coverage-class', 'plan'), value: r.plan_name, name: r.plan_name });
  if (cls.length) res.class = cls;
  res.status = r.status;
}

/** The FHIR resource for one row of a clinical table (Observation: the first row of its group; see observationGroups). */
export function clinicalResource(type: ClinicalType, r: Json, patientId: string): Json {
  let res: Json;
  if (r.fhir && typeof r.fhir === 'object') {
    res = clean(r.fhir);
    res.resourceType = type;
    for (const k of ['subject', 'patient', 'beneficiary']) if (k in res) res[k] = own('Patient', patientId);
    if (type === 'Coverage' && !res.beneficiary) res.beneficiary = own('Patient', patientId);
    if (r.encounter_id && 'encounter' in res) res.encounter = own('Encounter', r.encounter_id);
    // Columns Portico itself may change win over the source's copy.
    if (type === 'MedicationRequest') res.status = r.status;
    if (type === 'Condition' && r.clinical_status) res.clinicalStatus = { ...res.clinicalStatus, coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: r.clinical_status }] };
    if (type === 'Encounter') {
      if (r.practitioner_id) {
        const parts0 = res.participant ?? [];
        if (!parts0.length) parts0.push({});
        parts0[0].individual = { ...own('Practitioner', r.practitioner_id), display: r.clinician_name ?? undefined };
        res.participant = parts0;
      }
      if (r.location_id) res.location = [{ ...(res.location?.[0] ?? {}), location: { ...own('Location', r.location_id), display: r.location_name ?? undefined } }];
      if (r.service_provider_id) res.serviceProvider = own('Organization', r.service_provider_id);
    }
    if (type === 'MedicationRequest' && r.prescriber_id) res.requester = { ...own('Practitioner', r.prescriber_id), display: r.prescriber_name ?? undefined };
    if (type === 'Observation') {
      // A home reading has no source; imported observations keep their components (blood pressure) in the source JSON.
      if (!res.category) res.category = [coded(OBS_CAT, r.category)];
    }
  } else {
    res = { resourceType: type, ...FROM_COLUMNS[type](r, patientId) };
  }
  if (type === 'Coverage') coverageColumns(res, r);
  if (type === 'CarePlan' && !res.text) res.text = { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${esc(r.title)}</div>` };
  if (type === 'CarePlan' && !res.category) res.category = [coded('http://hl7.org/fhir/us/core/CodeSystem/careplan-category', 'assess-plan')];
  if (type === 'Condition' && !res.category) res.category = [coded(COND_CAT, 'problem-list-item', 'Problem List Item')];
  return stamp(clean(res), r.id, r.source_id ? String(r.source_id).split('#')[0] : null);
}

export function patientResource(p: Json, identifiers: { system: string; value: string }[]): Json {
  const res: Json = p.fhir ? clean(p.fhir) : {
    resourceType: 'Patient',
    identifier: identifiers.map((i) => ({ ...(i.value === p.mrn ? { type: coded('http://terminology.hl7.org/CodeSystem/v2-0203', 'MR', 'Medical record number') } : {}), system: i.system || undefined, value: i.value })),
    name: [{ use: 'official', family: p.family_name, given: p.given_name ? [p.given_name] : undefined }], birthDate: p.birth_date ?? undefined, gender: p.sex ?? 'unknown',
    telecom: [p.phone && { system: 'phone', value: p.phone }, p.email && { system: 'email', value: p.email }].filter(Boolean),
    address: p.address_line ? [{ line: [p.address_line], city: p.city ?? undefined, state: p.state ?? undefined, postalCode: p.postal_code ?? undefined }] : undefined,
  };
  if (!res.identifier?.length) res.identifier = [{ system: 'urn:portico:mrn', value: p.mrn }];
  if (!res.gender) res.gender = 'unknown';
  if (!res.telecom?.length) delete res.telecom;
  for (const k of ['generalPractitioner', 'managingOrganization', 'link']) delete res[k];
  return stamp(clean(res), p.id, p.source_id ?? null);
}

/** Practitioner, Organization or Location from the rows the importer keeps per organization. */
export function partyResource(type: PartyType, r: Json): Json {
  const res: Json = r.fhir ? clean(r.fhir) : type === 'Practitioner'
    ? { resourceType: 'Practitioner', name: [{ text: r.name }], identifier: r.npi ? [{ system: 'http://hl7.org/fhir/sid/us-npi', value: r.npi }] : undefined }
    : { resourceType: type, name: r.name, ...(type === 'Organization' ? { active: true } : {}), telecom: r.phone ? [{ system: 'phone', value: r.phone }] : undefined };
  res.resourceType = type;
  for (const k of ['partOf', 'managingOrganization', 'endpoint']) delete res[k];
  return stamp(clean(res), r.id, r.source_id ?? null);
}

/** Claims and explanations of benefit travel in the download (as their source sent them), not in the API. */
export function claimResource(r: Json, patientId: string): Json | null {
  if (!r.fhir) return null;
  const res = clean(r.fhir) as Json;
  res.patient = own('Patient', patientId);
  return stamp(res, r.id, r.source_id ?? null);
}

/** SQL expression: the id of the resource a row belongs to (components of one source Observation share the first row's id). */
export const OBS_KEY = "coalesce(split_part(o.source_id, '#', 1), o.id::text)";

// ---------------------------------------------------------------------------------------------------------------------
// References

type RefSite = { node: Json; raw: string };

function collect(node: unknown, out: RefSite[]) {
  if (Array.isArray(node)) { for (const n of node) collect(n, out); return; }
  if (!node || typeof node !== 'object') return;
  const o = node as Json;
  if (typeof o.reference === 'string' && !o.reference.startsWith('#')) out.push({ node: o, raw: o.reference });
  for (const k of Object.keys(o)) if (k !== 'reference') collect(o[k], out);
}

/** The id a source reference names: urn:uuid:X, Type/X, or an absolute …/Type/X[/_history/n]. */
function parseRef(raw: string): { type?: string; id: string } | null {
  if (raw.startsWith('urn:uuid:')) return { id: raw.slice(9) };
  const m = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(raw);
  return m ? { type: m[1], id: m[2] } : null;
}

/**
 * Points every reference in the resources at our ids (`Type/<id>`), looking source ids up among this patient's rows and the
 * organization's practitioners and places. What cannot be found keeps only its display text.
 */
export async function resolveReferences(q: Queryable, scope: { patientId: string; orgId: string }, resources: Json[]): Promise<void> {
  const sites: RefSite[] = [];
  for (const r of resources) collect(r, sites);
  const wanted = new Set<string>();
  for (const s of sites) {
    if (s.raw.startsWith(OWN)) continue;
    const p = parseRef(s.raw);
    if (p) wanted.add(p.id);
  }
  const found = new Map<string, { type: string; id: string }[]>();
  if (wanted.size) {
    const ids = [...wanted];
    const rows = await q.query<{ t: string; id: string; sid: string }>(
      `select 'Patient' as t, patient_id::text as id, source_id as sid from patient_source where patient_id = $1 and source_id = any($2::text[])
       union all select 'Encounter', id::text, source_id from encounter where patient_id = $1 and source_id = any($2::text[])
       union all select 'Observation', min(o.id::text), split_part(o.source_id, '#', 1) from observation o
                  where o.patient_id = $1 and o.source_id is not null and split_part(o.source_id, '#', 1) = any($2::text[]) group by 3
       union all select 'Condition', id::text, source_id from condition where patient_id = $1 and source_id = any($2::text[])
       union all select 'MedicationRequest', id::text, source_id from medication where patient_id = $1 and source_id = any($2::text[])
       union all select 'AllergyIntolerance', id::text, source_id from allergy where patient_id = $1 and source_id = any($2::text[])
       union all select 'Immunization', id::text, source_id from immunization where patient_id = $1 and source_id = any($2::text[])
       union all select 'Procedure', id::text, source_id from procedure where patient_id = $1 and source_id = any($2::text[])
       union all select 'DiagnosticReport', id::text, source_id from diagnostic_report where patient_id = $1 and source_id = any($2::text[])
       union all select 'DocumentReference', id::text, source_id from document_reference where patient_id = $1 and source_id = any($2::text[])
       union all select 'CarePlan', id::text, source_id from care_plan where patient_id = $1 and source_id = any($2::text[])
       union all select 'Goal', id::text, source_id from care_goal where patient_id = $1 and source_id = any($2::text[])
       union all select 'Coverage', id::text, source_id from coverage where patient_id = $1 and source_id = any($2::text[])
       union all select resource_type, id::text, source_id from claim where patient_id = $1 and source_id = any($2::text[])
       union all select 'Practitioner', id::text, source_id from practitioner where org_id = $3 and source_id = any($2::text[])
       union all select kind, id::text, source_id from care_organization where org_id = $3 and source_id = any($2::text[])`,
      [scope.patientId, ids, scope.orgId]);
    for (const r of rows) (found.get(r.sid) ?? found.set(r.sid, []).get(r.sid)!).push({ type: r.t, id: r.id });
  }
  for (const s of sites) {
    if (s.raw.startsWith(OWN)) { s.node.reference = s.raw.slice(OWN.length); continue; }
    const p = parseRef(s.raw);
    const hits = p ? found.get(p.id) ?? [] : [];
    const hit = hits.find((h) => !p?.type || h.type === p.type) ?? (p?.type ? undefined : hits[0]);
    if (hit) s.node.reference = `${hit.type}/${hit.id}`;
    else {
      delete s.node.reference;
      if (!s.node.display) s.node.display = 'Not available from this portal';
    }
  }
}

/** Every `Type/id` reference of the given types inside the resources. */
export function referencedIds(resources: Json[], types: readonly string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const sites: RefSite[] = [];
  for (const r of resources) collect(r, sites);
  for (const s of sites) {
    const ref = s.node.reference as string | undefined;
    const m = ref ? /^([A-Za-z]+)\/([0-9a-f-]{36})$/.exec(ref) : null;
    if (m && types.includes(m[1])) (out.get(m[1]) ?? out.set(m[1], new Set()).get(m[1])!).add(m[2]);
  }
  return out;
}

/** Loads Practitioner/Organization/Location resources by our ids, within the organization. */
export async function loadParties(q: Queryable, orgId: string, wanted: Map<string, Set<string>>): Promise<Json[]> {
  const out: Json[] = [];
  const prac = [...(wanted.get('Practitioner') ?? [])];
  if (prac.length) for (const r of await q.query<Json>('select * from practitioner where org_id = $1 and id = any($2::uuid[]) order by id', [orgId, prac])) out.push(partyResource('Practitioner', r));
  for (const kind of ['Organization', 'Location'] as const) {
    const ids = [...(wanted.get(kind) ?? [])];
    if (ids.length) for (const r of await q.query<Json>('select * from care_organization where org_id = $1 and kind = $2 and id = any($3::uuid[]) order by id', [orgId, kind, ids])) out.push(partyResource(kind, r));
  }
  return out;
}

export const asResource = (r: Json) => r as unknown as Resource;
