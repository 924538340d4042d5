/** Small FHIR R4 bundles the tests build themselves (Synthea/US Core shapes), so the import path is tested everywhere. */
import type { Bundle } from '@medplum/fhirtypes';

export type SmallBundleOpts = { patientId?: string; mrn?: string; family?: string; a1c?: number[]; type?: Bundle['type']; refStyle?: 'urn' | 'relative' };

export function smallBundle(o: SmallBundleOpts = {}): Bundle {
  const pid = o.patientId ?? 'p-1';
  const mrn = o.mrn ?? 'MRN-TEST-1';
  const rel = o.refStyle === 'relative';
  const url = (type: string, id: string) => (rel ? `${type}/${id}` : `urn:uuid:${id}`);
  const full = (type: string, id: string) => (rel ? `https://ehr.example.org/fhir/${type}/${id}` : `urn:uuid:${id}`);
  const a1c = o.a1c ?? [8.4, 7.6, 6.9];
  const entry: Bundle['entry'] = [
    { fullUrl: full('Patient', pid), resource: {
      resourceType: 'Patient', id: pid, name: [{ use: 'official', family: o.family ?? 'Rivera', given: ['Maya'] }], gender: 'female', birthDate: '1961-05-04',
      identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, system: 'urn:test:ehr', value: mrn }],
    } },
    { fullUrl: full('Practitioner', 'dr-1'), resource: { resourceType: 'Practitioner', id: 'dr-1', name: [{ family: 'Okafor', given: ['Grace'], prefix: ['Dr.'] }] } },
    { fullUrl: full('Location', 'loc-1'), resource: { resourceType: 'Location', id: 'loc-1', name: 'Eastside Clinic' } },
    { fullUrl: full('Encounter', 'enc-1'), resource: {
      resourceType: 'Encounter', id: 'enc-1', status: 'finished', class: { code: 'AMB' }, type: [{ text: 'Diabetes check-up' }],
      subject: { reference: url('Patient', pid) }, participant: [{ individual: { reference: url('Practitioner', 'dr-1') } }],
      location: [{ location: { reference: url('Location', 'loc-1') } }], period: { start: '2025-03-02T15:00:00Z', end: '2025-03-02T15:30:00Z' },
    } },
    ...a1c.map((v, i) => ({ fullUrl: full('Observation', `a1c-${i}`), resource: {
      resourceType: 'Observation' as const, id: `a1c-${i}`, status: 'final' as const,
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
      code: { coding: [{ system: 'http://loinc.org', code: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood' }], text: 'Hemoglobin A1c' },
      subject: { reference: url('Patient', pid) }, encounter: i === a1c.length - 1 ? { reference: url('Encounter', 'enc-1') } : undefined,
      effectiveDateTime: new Date(Date.UTC(2023 + Math.floor(i / 2), (i % 2) * 6, 2, 15)).toISOString(),
      valueQuantity: { value: v, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
      referenceRange: [{ low: { value: 4, unit: '%' }, high: { value: 5.6, unit: '%' } }],
      interpretation: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: v > 5.6 ? 'H' : 'N' }] }],
    } })),
    { fullUrl: full('Observation', 'bp-1'), resource: {
      resourceType: 'Observation', id: 'bp-1', status: 'final', category: [{ coding: [{ code: 'vital-signs' }] }],
      code: { coding: [{ system: 'http://loinc.org', code: '85354-9', display: 'Blood pressure panel' }] }, subject: { reference: url('Patient', pid) },
      effectiveDateTime: '2025-03-02T15:10:00Z', component: [
        { code: { coding: [{ system: 'http://loinc.org', code: '8480-6', display: 'Systolic blood pressure' }] }, valueQuantity: { value: 138, unit: 'mm[Hg]' } },
        { code: { coding: [{ system: 'http://loinc.org', code: '8462-4', display: 'Diastolic blood pressure' }] }, valueQuantity: { value: 84, unit: 'mm[Hg]' } },
      ],
    } },
    { fullUrl: full('DiagnosticReport', 'dr-a1c'), resource: {
      resourceType: 'DiagnosticReport', id: 'dr-a1c', status: 'final', code: { text: 'Diabetes panel' }, subject: { reference: url('Patient', pid) },
      effectiveDateTime: '2025-03-02T15:00:00Z', result: [{ reference: url('Observation', `a1c-${a1c.length - 1}`) }],
    } },
    { fullUrl: full('Condition', 'cond-1'), resource: {
      resourceType: 'Condition', id: 'cond-1', clinicalStatus: { coding: [{ code: 'active' }] },
      code: { coding: [{ system: 'http://snomed.info/sct', code: '44054006', display: 'Diabetes' }] }, subject: { reference: url('Patient', pid) }, onsetDateTime: '2015-01-01',
    } },
    { fullUrl: full('MedicationRequest', 'med-1'), resource: {
      resourceType: 'MedicationRequest', id: 'med-1', status: 'active', intent: 'order',
      medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '860975', display: 'Metformin 500 MG' }] },
      subject: { reference: url('Patient', pid) }, requester: { reference: url('Practitioner', 'dr-1') }, authoredOn: '2020-01-01',
      dosageInstruction: [{ timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd' } }, doseAndRate: [{ doseQuantity: { value: 1, unit: 'tablet' } }] }],
    } },
    { fullUrl: full('AllergyIntolerance', 'al-1'), resource: {
      resourceType: 'AllergyIntolerance', id: 'al-1', clinicalStatus: { coding: [{ code: 'active' }] }, code: { text: 'Penicillin' },
      patient: { reference: url('Patient', pid) }, reaction: [{ manifestation: [{ text: 'Hives' }], severity: 'moderate' }],
    } },
    { fullUrl: full('Immunization', 'imm-1'), resource: {
      resourceType: 'Immunization', id: 'imm-1', status: 'completed', vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '140', display: 'Influenza' }] },
      patient: { reference: url('Patient', pid) }, occurrenceDateTime: '2024-10-01',
    } },
    { fullUrl: full('Coverage', 'cov-1'), resource: {
      resourceType: 'Coverage', id: 'cov-1', status: 'active', beneficiary: { reference: url('Patient', pid) }, subscriberId: 'W123456789',
      payor: [{ display: 'Acme Health' }], relationship: { coding: [{ code: 'self' }] }, period: { start: '2024-01-01' },
      class: [{ type: { coding: [{ code: 'group' }] }, value: 'G-77' }, { type: { coding: [{ code: 'plan' }] }, value: 'P-1', name: 'Acme Gold' }],
      costToBeneficiary: [{ type: { text: 'Office visit' }, valueMoney: { value: 20, currency: 'USD' } }],
    } },
    { fullUrl: full('DocumentReference', 'doc-1'), resource: {
      resourceType: 'DocumentReference', id: 'doc-1', status: 'current', type: { text: 'Visit summary' }, subject: { reference: url('Patient', pid) },
      date: '2025-03-02T16:00:00Z', content: [{ attachment: { contentType: 'text/plain', title: 'After-visit summary', data: Buffer.from('Keep walking every day.').toString('base64') } }],
    } },
  ];
  return { resourceType: 'Bundle', type: o.type ?? 'transaction', entry: entry.map((e) => ({ ...e, ...(o.type === 'collection' ? {} : { request: { method: 'POST', url: e.resource!.resourceType } }) })) };
}

/** How many resources of each type a bundle holds: what an import must account for. */
export function countTypes(b: { entry?: { resource?: { resourceType: string } }[] }) {
  const c: Record<string, number> = {};
  for (const e of b.entry ?? []) if (e.resource) c[e.resource.resourceType] = (c[e.resource.resourceType] ?? 0) + 1;
  return c;
}
