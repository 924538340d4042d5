import type {
  AllergyIntolerance, CarePlan, Claim, Condition, Coverage, DiagnosticReport, DocumentReference, Encounter, ExplanationOfBenefit, Goal,
  Immunization, Location, Medication, MedicationRequest, MedicationStatement, Observation, Organization, Patient, Practitioner,
  Procedure, Reference, Resource,
} from '@medplum/fhirtypes';
import { ccCode, ccText, cents, codeOf, MappingProblem, personName, quantityText, refDisplay, timingText, toIso } from './fhir-text';
import type { ParsedEntry, RefIndex } from './validate';

/** A clinical row for one patient-owned table, still naming its patient and encounter by FHIR source id. */
export type PartyLink = { type: 'Practitioner' | 'Organization' | 'Location'; id: string };
export type ClinicalRow = {
  table: string; resourceType: string; sourceId: string; patientRef: string; encounterRef?: string;
  /** Columns that link to a practitioner or place, by FHIR source id (resolved to our ids when written). */
  links?: Record<string, PartyLink>;
  /** The bundle entry this row came from (1-based), for warnings. */
  entryNo?: number;
  /** From Portico's own download: matched to the row it came from; its JSON is not stored again. */
  portico?: boolean;
  cols: Record<string, unknown>; conflict?: string[];
  /** Built from another resource (Synthea's per-claim insurance), not counted as a resource of its own. */
  derived?: boolean;
};
export type PartyRow = { table: 'practitioner' | 'care_organization'; resourceType: string; sourceId: string; cols: Record<string, unknown> };
export type PatientRow = {
  sourceId: string; fhir: Patient; mrn: string; identifiers: { system: string; value: string }[]; cols: Record<string, unknown>;
};

export type MapCtx = { refs: RefIndex; entry: ParsedEntry; names: Map<string, string> };

const need = <T>(v: T | undefined | null, what: string): T => {
  if (v === undefined || v === null || v === '') throw new MappingProblem(`${what} is missing`);
  return v;
};
const ref = (ctx: MapCtx, r: Reference | undefined) => ctx.refs.resolve(r?.reference);
const nameOf = (ctx: MapCtx, r: Reference | undefined) => {
  const hit = ref(ctx, r);
  return (hit && ctx.names.get(`${hit.type}/${hit.id}`)) ?? refDisplay(r);
};
/** A patient named by identifier instead of a link (`Patient?identifier=system|value` or Reference.identifier): an earlier bundle's patient. */
const patientByIdentifier = (r: Reference | undefined): string | undefined => {
  if (r?.identifier?.value) return `identifier:${r.identifier.system ?? ''}|${r.identifier.value}`;
  const m = r?.reference ? /^(?:.*\/)?Patient\?identifier=([^&]+)$/.exec(r.reference) : null;
  if (!m) return undefined;
  const v = decodeURIComponent(m[1]);
  return `identifier:${v.includes('|') ? v : `|${v}`}`;
};
const patientOf = (ctx: MapCtx, r: Reference | undefined, what: string) => {
  const byId = patientByIdentifier(r);
  if (byId && (!r?.reference || r.reference.includes('?'))) return byId;
  const hit = ref(ctx, r);
  if (!hit || (hit.type !== 'Patient' && hit.type !== 'unknown')) throw new MappingProblem(`${what} does not refer to a Patient`);
  return hit.id;
};
/** A link to a practitioner or place: found in the bundle, or to be looked up among those imported before. */
const partyOf = (ctx: MapCtx, r: Reference | undefined, type: PartyLink['type']): PartyLink | undefined => {
  const hit = ref(ctx, r);
  if (!hit || (hit.type !== type && hit.type !== 'unknown')) return undefined;
  if (hit.entry && hit.entry.resource.resourceType !== type) return undefined;
  return { type, id: hit.id };
};
const encounterOf = (ctx: MapCtx, r: Reference | undefined) => {
  const hit = ref(ctx, r);
  // urn:uuid:… outside the bundle names no type; the element says it is an Encounter (looked up among earlier imports).
  return hit?.type === 'Encounter' || (hit?.type === 'unknown' && !hit.entry) ? hit.id : undefined;
};

export function mapPatient(p: Patient, sourceId: string): PatientRow {
  const identifiers = (p.identifier ?? []).filter((i) => i.value).map((i) => ({ system: i.system ?? '', value: i.value as string }));
  const mr = p.identifier?.find((i) => i.value && i.type?.coding?.some((c) => c.code === 'MR'));
  const n = p.name?.find((x) => x.use === 'official') ?? p.name?.[0];
  const a = p.address?.[0];
  const clean = (s: string | undefined) => s?.replace(/(\D)\d+$/, '$1');
  return {
    sourceId, fhir: p, identifiers, mrn: mr?.value ?? identifiers[0]?.value ?? sourceId,
    cols: {
      given_name: clean(n?.given?.join(' ')) ?? '', family_name: clean(n?.family) ?? need(n?.text, 'Patient name'),
      birth_date: p.birthDate ?? null, sex: p.gender ?? null,
      phone: p.telecom?.find((t) => t.system === 'phone')?.value ?? null, email: p.telecom?.find((t) => t.system === 'email')?.value ?? null,
      address_line: a?.line?.join(', ') ?? null, city: a?.city ?? null, state: a?.state ?? null, postal_code: a?.postalCode ?? null,
    },
  };
}

export function mapParty(r: Practitioner | Organization | Location, sourceId: string): PartyRow {
  if (r.resourceType === 'Practitioner') {
    const npi = r.identifier?.find((i) => i.system === 'http://hl7.org/fhir/sid/us-npi')?.value ?? null;
    return { table: 'practitioner', resourceType: r.resourceType, sourceId, cols: { name: personName(r.name) ?? 'Unknown clinician', npi, fhir: r } };
  }
  const addr = r.resourceType === 'Location' ? r.address : r.address?.[0];
  return {
    table: 'care_organization', resourceType: r.resourceType, sourceId,
    cols: {
      kind: r.resourceType, name: r.name ?? 'Unnamed place',
      address: addr ? [addr.line?.join(', '), addr.city, addr.state].filter(Boolean).join(', ') : null,
      phone: r.telecom?.find((t) => t.system === 'phone')?.value ?? null, fhir: r,
    },
  };
}

/** Maps one patient-owned resource to zero or more rows. Unknown types return [] (counted as skipped). */
export function mapClinical(res: Resource, ctx: MapCtx): ClinicalRow[] {
  const id = ctx.entry.sourceId;
  const row = (table: string, patientRef: string, cols: Record<string, unknown>, encounterRef?: string, sourceId = id): ClinicalRow =>
    ({ table, resourceType: res.resourceType, sourceId, patientRef, encounterRef, cols: { ...cols, fhir: res }, entryNo: ctx.entry.index + 1, ...(ctx.entry.portico ? { portico: true } : {}) });
  switch (res.resourceType) {
    case 'Encounter': {
      const e = res as Encounter;
      const clinician = e.participant?.map((p) => nameOf(ctx, p.individual)).find(Boolean);
      const place = e.location?.map((l) => nameOf(ctx, l.location)).find(Boolean) ?? nameOf(ctx, e.serviceProvider);
      const links: Record<string, PartyLink> = {};
      const who = e.participant?.map((p) => partyOf(ctx, p.individual, 'Practitioner')).find(Boolean);
      const where = e.location?.map((l) => partyOf(ctx, l.location, 'Location')).find(Boolean);
      const org = partyOf(ctx, e.serviceProvider, 'Organization');
      if (who) links.practitioner_id = who;
      if (where) links.location_id = where;
      if (org) links.service_provider_id = org;
      return [{ ...row('encounter', patientOf(ctx, e.subject, 'Encounter.subject'), {
        type: ccText(e.type?.[0]) ?? e.class?.display ?? e.class?.code ?? 'Visit', reason: ccText(e.reasonCode?.[0]) ?? null,
        status: e.status ?? 'finished', start_at: need(toIso(e.period?.start), 'Encounter.period.start'), end_at: toIso(e.period?.end) ?? null,
        clinician_name: clinician ?? null, location_name: place ?? null,
      }), links }];
    }
    case 'Observation': return mapObservation(res as Observation, ctx, row);
    case 'Condition': {
      const c = res as Condition;
      return [row('condition', patientOf(ctx, c.subject, 'Condition.subject'), {
        code: ccCode(c.code) ?? null, display: need(ccText(c.code), 'Condition.code'),
        clinical_status: codeOf(c.clinicalStatus) ?? (c.abatementDateTime ? 'resolved' : 'active'),
        onset_at: toIso(c.onsetDateTime ?? c.onsetPeriod?.start) ?? toIso(c.recordedDate) ?? null,
        abated_at: toIso(c.abatementDateTime ?? c.abatementPeriod?.end) ?? null,
      })];
    }
    case 'MedicationRequest':
    case 'MedicationStatement': {
      const m = res as unknown as MedLike;
      let concept = m.medicationCodeableConcept;
      const medRef = m.medicationReference?.reference;
      if (!concept && medRef) {
        const med = (medRef.startsWith('#') ? m.contained?.find((c) => `#${c.id}` === medRef) : ref(ctx, m.medicationReference)?.entry?.resource) as Medication | undefined;
        concept = med?.code ?? (m.medicationReference?.display ? { text: m.medicationReference.display } : undefined);
      }
      const dosage = m.resourceType === 'MedicationRequest' ? m.dosageInstruction?.[0] : m.dosage?.[0];
      const dose = quantityText(dosage?.doseAndRate?.[0]?.doseQuantity);
      const when = timingText(dosage?.timing);
      const instructions = dosage?.text ?? dosage?.patientInstruction
        ?? ([dose ? `Take ${dose.replace(/ 1$/, '')}` : undefined, when, dosage?.asNeededBoolean ? 'when needed' : undefined].filter(Boolean).join(', ') || null);
      if (!concept && medRef) throw new MappingProblem(`${m.resourceType}.medicationReference names ${medRef}, which is not in the bundle (nor contained in the entry)`);
      const prescriber = partyOf(ctx, m.requester ?? m.informationSource, 'Practitioner');
      return [{ ...row('medication', patientOf(ctx, m.subject, `${m.resourceType}.subject`), {
        code: ccCode(concept) ?? null, display: need(ccText(concept), `${m.resourceType}.medication`), dose: dose ?? null, instructions,
        status: m.status ?? 'active', prescriber_name: nameOf(ctx, m.requester ?? m.informationSource) ?? null,
        authored_at: toIso(m.authoredOn ?? m.effectiveDateTime ?? m.effectivePeriod?.start ?? m.dateAsserted) ?? null,
      }, encounterOf(ctx, m.encounter ?? m.context)), ...(prescriber ? { links: { prescriber_id: prescriber } } : {}) }];
    }
    case 'AllergyIntolerance': {
      const a = res as AllergyIntolerance;
      const reactions = a.reaction?.flatMap((r) => r.manifestation.map((x) => ccText(x))).filter(Boolean) ?? [];
      return [row('allergy', patientOf(ctx, a.patient, 'AllergyIntolerance.patient'), {
        code: ccCode(a.code) ?? null, display: need(ccText(a.code), 'AllergyIntolerance.code'), reaction: reactions.join(', ') || null,
        severity: a.reaction?.find((r) => r.severity)?.severity ?? (a.criticality ? `${a.criticality} risk` : null),
        clinical_status: codeOf(a.clinicalStatus) ?? 'active', recorded_at: toIso(a.recordedDate ?? a.onsetDateTime) ?? null,
      })];
    }
    case 'Immunization': {
      const i = res as Immunization;
      if (i.status && i.status !== 'completed') return [];
      return [row('immunization', patientOf(ctx, i.patient, 'Immunization.patient'), {
        code: ccCode(i.vaccineCode) ?? null, display: need(ccText(i.vaccineCode), 'Immunization.vaccineCode'),
        occurred_at: need(toIso(i.occurrenceDateTime ?? i.recorded), 'Immunization.occurrenceDateTime'),
      })];
    }
    case 'Procedure': {
      const p = res as Procedure;
      return [row('procedure', patientOf(ctx, p.subject, 'Procedure.subject'), {
        code: ccCode(p.code) ?? null, display: need(ccText(p.code), 'Procedure.code'), status: p.status ?? 'completed',
        performed_at: toIso(p.performedDateTime ?? p.performedPeriod?.start) ?? null,
      }, encounterOf(ctx, p.encounter))];
    }
    case 'CarePlan': {
      const c = res as CarePlan;
      const title = c.title ?? ccText(c.category?.find((x) => ccText(x) !== 'Assess and plan') ?? c.category?.[0]) ?? 'Care plan';
      return [row('care_plan', patientOf(ctx, c.subject, 'CarePlan.subject'), {
        title, status: c.status ?? 'active', start_at: toIso(c.period?.start) ?? null, end_at: toIso(c.period?.end) ?? null,
        activities: (c.activity ?? []).map((a) => ccText(a.detail?.code) ?? a.detail?.description).filter((x): x is string => !!x),
      })];
    }
    case 'Goal': {
      const g = res as Goal;
      return [row('care_goal', patientOf(ctx, g.subject, 'Goal.subject'), { description: need(ccText(g.description), 'Goal.description'), status: g.lifecycleStatus ?? null })];
    }
    case 'DiagnosticReport': {
      const d = res as DiagnosticReport;
      return [row('diagnostic_report', patientOf(ctx, d.subject, 'DiagnosticReport.subject'), {
        code: ccCode(d.code) ?? null, display: need(ccText(d.code), 'DiagnosticReport.code'), category: ccText(d.category?.[0]) ?? null,
        status: d.status ?? null, effective_at: toIso(d.effectiveDateTime ?? d.effectivePeriod?.start) ?? null, issued_at: toIso(d.issued) ?? null,
        result_source_ids: (d.result ?? []).map((r) => ref(ctx, r)?.id).filter((x): x is string => !!x),
      }, encounterOf(ctx, d.encounter))];
    }
    case 'DocumentReference': {
      const d = res as DocumentReference;
      const att = d.content?.[0]?.attachment;
      return [row('document_reference', patientOf(ctx, d.subject, 'DocumentReference.subject'), {
        type: ccText(d.type) ?? ccText(d.category?.[0]) ?? 'Document', description: d.description ?? null, status: d.status ?? null,
        doc_date: toIso(d.date ?? att?.creation) ?? null, author_name: d.author?.map((a) => nameOf(ctx, a)).find(Boolean) ?? null,
        content_type: att?.contentType ?? null, title: att?.title ?? null, url: att?.url ?? null, data: att?.data ?? null,
      }, encounterOf(ctx, d.context?.encounter?.[0]))];
    }
    case 'Coverage': return [mapCoverage(res as Coverage, ctx, row)];
    case 'Claim':
    case 'ExplanationOfBenefit': return mapClaim(res as Claim | ExplanationOfBenefit, ctx, row);
    default: return [];
  }
}

type MedLike = Pick<MedicationRequest, 'medicationCodeableConcept' | 'medicationReference' | 'contained' | 'dosageInstruction' | 'subject' | 'requester' | 'authoredOn' | 'encounter'>
  & Pick<MedicationStatement, 'dosage' | 'informationSource' | 'effectiveDateTime' | 'effectivePeriod' | 'dateAsserted' | 'context'> & { resourceType: string; status?: string };

type RowFn = (table: string, patientRef: string, cols: Record<string, unknown>, encounterRef?: string, sourceId?: string) => ClinicalRow;

function mapObservation(o: Observation, ctx: MapCtx, row: RowFn): ClinicalRow[] {
  const patientRef = patientOf(ctx, o.subject, 'Observation.subject');
  const display = need(ccText(o.code), 'Observation.code');
  const code = need(ccCode(o.code) ?? o.code?.text, 'Observation.code');
  const effective = need(toIso(o.effectiveDateTime ?? o.effectivePeriod?.start ?? o.effectiveInstant ?? o.issued), 'Observation.effective[x]');
  const category = o.category?.flatMap((c) => c.coding ?? []).find((c) => c.code)?.code ?? 'laboratory';
  const enc = encounterOf(ctx, o.encounter);
  type V = Pick<Observation, 'valueQuantity' | 'valueCodeableConcept' | 'valueString' | 'valueBoolean' | 'valueInteger' | 'referenceRange' | 'interpretation'>;
  const value = (v: V) => {
    const rr = v.referenceRange?.[0] ?? o.referenceRange?.[0];
    const text = v.valueCodeableConcept ? ccText(v.valueCodeableConcept) : v.valueString ?? (v.valueBoolean === undefined ? undefined : v.valueBoolean ? 'Yes' : 'No');
    return {
      value_num: v.valueQuantity?.value ?? v.valueInteger ?? null, value_text: text ?? null,
      unit: v.valueQuantity?.unit ?? v.valueQuantity?.code ?? null,
      ref_low: rr?.low?.value ?? null, ref_high: rr?.high?.value ?? null, ref_text: rr?.text ?? null,
      interpretation: codeOf((v.interpretation ?? o.interpretation)?.[0]) ?? null,
    };
  };
  const rows: ClinicalRow[] = [];
  const hasValue = o.valueQuantity || o.valueCodeableConcept || o.valueString !== undefined || o.valueBoolean !== undefined || o.valueInteger !== undefined;
  if (hasValue) rows.push(row('observation', patientRef, { category, code, display, ...value(o), panel: null, effective_at: effective }, enc));
  for (const c of o.component ?? []) {
    const cc = ccCode(c.code);
    if (!cc) continue;
    rows.push(row('observation', patientRef, { category, code: cc, display: ccText(c.code) ?? cc, ...value(c), panel: display, effective_at: effective }, enc, `${ctx.entry.sourceId}#${cc}`));
  }
  return rows;
}

function mapCoverage(c: Coverage, ctx: MapCtx, row: RowFn): ClinicalRow {
  const cls = (t: string) => c.class?.find((x) => x.type?.coding?.some((k) => k.code === t));
  const copays = (c.costToBeneficiary ?? []).map((x) => {
    const money = x.valueMoney?.value !== undefined ? `$${x.valueMoney.value}` : quantityText(x.valueQuantity);
    return `${ccText(x.type) ?? 'Cost'}: ${money ?? 'see plan'}`;
  });
  return row('coverage', patientOf(ctx, c.beneficiary, 'Coverage.beneficiary'), {
    payer: need(c.payor?.map((p) => nameOf(ctx, p)).find(Boolean) ?? ccText(c.type), 'Coverage.payor'),
    plan_name: cls('plan')?.name ?? cls('plan')?.value ?? ccText(c.type) ?? null, member_id: c.subscriberId ?? c.identifier?.[0]?.value ?? null,
    group_id: cls('group')?.value ?? null, subscriber_name: nameOf(ctx, c.subscriber) ?? null, relationship: codeOf(c.relationship) ?? null,
    start_date: c.period?.start?.slice(0, 10) ?? null, end_date: c.period?.end?.slice(0, 10) ?? null,
    copay_text: copays.join('; ') || null, status: c.status ?? 'active',
  });
}

function mapClaim(c: Claim | ExplanationOfBenefit, ctx: MapCtx, row: RowFn): ClinicalRow[] {
  const eob = c.resourceType === 'ExplanationOfBenefit' ? c : undefined;
  const submitted = eob?.total?.find((t) => t.category?.coding?.some((k) => k.code === 'submitted'))?.amount ?? (c as Claim).total;
  const encRef = c.item?.[0]?.encounter?.[0];
  const out = row('claim', patientOf(ctx, c.patient, `${c.resourceType}.patient`), {
    resource_type: c.resourceType, status: c.status ?? null, claim_type: codeOf(c.type) ?? null,
    claim_source_id: eob ? (ref(ctx, eob.claim)?.id ?? null) : null,
    billable_start: toIso(c.billablePeriod?.start) ?? null, billable_end: toIso(c.billablePeriod?.end) ?? null, created_at_source: toIso(c.created) ?? null,
    payer: nameOf(ctx, eob?.insurer ?? (c as Claim).insurer) ?? c.insurance?.[0]?.coverage?.display ?? null, provider_name: nameOf(ctx, c.provider) ?? null,
    encounter_source_id: ref(ctx, encRef)?.id ?? null, total_cents: cents(submitted?.value), payment_cents: cents(eob?.payment?.amount?.value),
    currency: submitted?.currency ?? null,
  });
  out.conflict = ['patient_id', 'resource_type', 'source_id'];
  const rows = [out];
  // Synthea keeps insurance only as a Coverage contained in each EOB: one coverage row per payer, spanning its claims.
  const contained = eob?.contained?.find((x) => x.resourceType === 'Coverage') as Coverage | undefined;
  if (contained) {
    const payer = contained.payor?.map((p) => p.display).find(Boolean) ?? ccText(contained.type);
    if (payer) {
      const cov = row('coverage', out.patientRef, {
        payer, plan_name: ccText(contained.type) ?? null, member_id: contained.subscriberId ?? null, group_id: null, subscriber_name: null,
        relationship: codeOf(contained.relationship) ?? null, start_date: c.billablePeriod?.start?.slice(0, 10) ?? null,
        end_date: c.billablePeriod?.end?.slice(0, 10) ?? null, copay_text: null, status: contained.status ?? 'active',
      }, undefined, `eob-coverage:${payer}`);
      cov.cols.fhir = { ...contained, id: undefined };
      cov.derived = true;
      rows.push(cov);
    }
  }
  return rows;
}
