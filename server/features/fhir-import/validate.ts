import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';

/** A bundle we refuse, naming the file and what is wrong; nothing from it is written. */
export class ImportRejected extends Error {
  constructor(readonly source: string, readonly problem: string) {
    super(`${source}: ${problem}`);
  }
}

export const BUNDLE_TYPES = ['transaction', 'collection', 'batch', 'searchset'] as const;

// Resource types of DSTU2/STU3 that R4 removed or renamed: their presence means the bundle is not R4.
const NOT_R4_TYPES = new Set([
  'MedicationOrder', 'DiagnosticOrder', 'ProcedureRequest', 'ReferralRequest', 'DeviceUseRequest', 'Order', 'OrderResponse',
  'DeviceComponent', 'EligibilityRequest', 'EligibilityResponse', 'ProcessRequest', 'ProcessResponse', 'Sequence', 'DataElement',
  'ImagingManifest', 'BodySite', 'ServiceDefinition', 'ExpansionProfile', 'Conformance', 'ImagingObjectSelection',
  // R5 additions
  'ActorDefinition', 'Requirements', 'InventoryItem', 'InventoryReport', 'Transport', 'FormularyItem', 'NutritionProduct',
]);

// Elements that exist in STU3 but not in R4: a bundle carrying them was written for STU3 and its export would not be valid R4.
const STU3_ELEMENTS: Record<string, string[]> = {
  Observation: ['context'], MedicationRequest: ['context'], Procedure: ['notDone', 'notDoneReason', 'definition', 'context'],
  MedicationStatement: ['taken', 'notTaken', 'reasonNotTaken'], Condition: ['assertedDate', 'context'], AllergyIntolerance: ['assertedDate'],
  DiagnosticReport: ['context', 'image'], DocumentReference: ['class', 'created', 'indexed'],
  Encounter: ['incomingReferral'], CarePlan: ['definition', 'context'], Goal: ['status'], Immunization: ['explanation', 'vaccinationProtocol'],
};
const STU3_HINT: Record<string, string> = {
  'Observation.context': 'R4 uses Observation.encounter', 'MedicationRequest.context': 'R4 uses MedicationRequest.encounter',
  'Procedure.notDone': "R4 uses status 'not-done'", 'Procedure.context': 'R4 uses Procedure.encounter', 'Condition.assertedDate': 'R4 uses recordedDate',
  'Condition.context': 'R4 uses Condition.encounter', 'DocumentReference.class': 'R4 uses category', 'DocumentReference.indexed': 'R4 uses date',
  'Goal.status': 'R4 uses lifecycleStatus', 'DiagnosticReport.image': 'R4 uses media', 'AllergyIntolerance.assertedDate': 'R4 uses recordedDate', 'CarePlan.context': 'R4 uses CarePlan.encounter', 'DiagnosticReport.context': 'R4 uses DiagnosticReport.encounter',
};

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Shapes that only an earlier (DSTU2/STU3) or later (R5) FHIR version produces. Returns the problem or null. */
function versionProblem(r: Json): string | null {
  const t = r.resourceType as string;
  if (NOT_R4_TYPES.has(t)) return `resource type ${t} does not exist in FHIR R4 (is this a DSTU2/STU3 or R5 bundle?)`;
  if ((t === 'Condition' || t === 'AllergyIntolerance') && (typeof r.clinicalStatus === 'string' || typeof r.verificationStatus === 'string'))
    return `${t}.clinicalStatus is a plain code, as in STU3/DSTU2; R4 uses a CodeableConcept`;
  if (t === 'Encounter' && (typeof r.class === 'string' || 'patient' in r)) return 'Encounter has a DSTU2 shape (class as text or "patient")';
  if (t === 'Encounter' && Array.isArray(r.class)) return 'Encounter.class is a list, as in R5; R4 uses a single Coding';
  if (t === 'Immunization' && ('notGiven' in r || 'date' in r)) return 'Immunization has an STU3/DSTU2 shape (notGiven/date)';
  if (t === 'MedicationRequest' && isObj(r.medication)) return 'MedicationRequest.medication is a CodeableReference, as in R5';
  if (t === 'Observation' && 'comments' in r) return 'Observation.comments is DSTU2; R4 uses note';
  if (t === 'Patient' && 'careProvider' in r) return 'Patient.careProvider is DSTU2; R4 uses generalPractitioner';
  const stu3 = STU3_ELEMENTS[t]?.find((e) => e in r);
  if (stu3) return `${t}.${stu3} is an STU3 element that R4 removed (${STU3_HINT[`${t}.${stu3}`] ?? 'see the R4 resource definition'})`;
  const meta = r.meta as { profile?: unknown } | undefined;
  if (Array.isArray(meta?.profile) && meta.profile.some((p) => typeof p === 'string' && /\/(DSTU2|STU3|R5|R6)\//i.test(p)))
    return `meta.profile names another FHIR version (${meta.profile.join(', ')})`;
  return null;
}

/** Set on entries of Portico's own download: their rows are matched by the source id Portico keeps, and their JSON is not re-stored. */
export type ParsedEntry = { index: number; fullUrl?: string; resource: Resource; sourceId: string; portico?: boolean };

/** Portico's download names the EHR's id of each resource in meta.tag (system urn:portico:source-id). */
function porticoSourceId(r: Json): { portico: boolean; sourceId?: string } {
  const meta = r.meta as { source?: unknown; tag?: { system?: string; code?: string }[] } | undefined;
  if (meta?.source !== 'urn:portico') return { portico: false };
  return { portico: true, sourceId: meta.tag?.find((t) => t.system === 'urn:portico:source-id')?.code };
}

/**
 * Checks that the input is a FHIR R4 Bundle we import, and returns its entries with a stable source id each.
 * Throws ImportRejected naming the first problem. Only reads; nothing is written.
 */
export function parseBundle(input: string | unknown, source: string): { bundle: Bundle; entries: ParsedEntry[] } {
  let data: unknown = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input);
    } catch (err) {
      throw new ImportRejected(source, `not valid JSON (${(err as Error).message})`);
    }
  }
  if (!isObj(data)) throw new ImportRejected(source, 'not a JSON object');
  if (data.resourceType !== 'Bundle') throw new ImportRejected(source, `not a FHIR Bundle (resourceType is ${JSON.stringify(data.resourceType ?? null)})`);
  const fhirVersion = (data as { fhirVersion?: unknown }).fhirVersion ?? (data.meta as Json | undefined)?.fhirVersion;
  if (fhirVersion !== undefined && !/^4\.0(\.\d+)?$/.test(String(fhirVersion)))
    throw new ImportRejected(source, `FHIR version ${String(fhirVersion)} is not R4 (4.0.x)`);
  if (!BUNDLE_TYPES.includes(data.type as (typeof BUNDLE_TYPES)[number]))
    throw new ImportRejected(source, `Bundle.type ${JSON.stringify(data.type ?? null)} is not supported; use one of ${BUNDLE_TYPES.join(', ')}`);
  if (data.entry !== undefined && !Array.isArray(data.entry)) throw new ImportRejected(source, 'Bundle.entry is not a list');
  const entries: ParsedEntry[] = [];
  const seen = new Set<string>();
  const raw = (data.entry ?? []) as unknown[];
  raw.forEach((e, index) => {
    const where = `entry ${index + 1}`;
    if (!isObj(e)) throw new ImportRejected(source, `${where} is not an object`);
    const entry = e as BundleEntry;
    if (entry.request?.method === 'DELETE' || entry.search?.mode === 'outcome') return;
    const r = entry.resource as unknown;
    if (!isObj(r)) throw new ImportRejected(source, `${where} has no resource`);
    if (typeof r.resourceType !== 'string' || !/^[A-Z][A-Za-z]+$/.test(r.resourceType)) throw new ImportRejected(source, `${where} has no valid resourceType`);
    const problem = versionProblem(r);
    if (problem) throw new ImportRejected(source, `${where} (${r.resourceType}): ${problem}`);
    const fromUrl = typeof entry.fullUrl === 'string' ? entry.fullUrl.replace(/^urn:uuid:/, '').split('/').pop() : undefined;
    const own = porticoSourceId(r);
    const sourceId = own.sourceId ?? (typeof r.id === 'string' && r.id ? r.id : fromUrl);
    if (!sourceId) throw new ImportRejected(source, `${where} (${r.resourceType}) has neither an id nor a fullUrl, so it cannot be matched on re-import`);
    const key = `${r.resourceType}/${sourceId}`;
    if (seen.has(key)) throw new ImportRejected(source, `${where}: ${key} appears twice in the bundle`);
    seen.add(key);
    entries.push({ index, fullUrl: entry.fullUrl, resource: r as unknown as Resource, sourceId, ...(own.portico ? { portico: true } : {}) });
  });
  return { bundle: data as unknown as Bundle, entries };
}

/** Resolves references inside one bundle: urn:uuid:…, Type/id, and absolute …/Type/id URLs. */
export class RefIndex {
  private byKey = new Map<string, ParsedEntry>();
  constructor(entries: ParsedEntry[]) {
    for (const e of entries) {
      if (e.fullUrl) this.byKey.set(e.fullUrl, e);
      this.byKey.set(`${e.resource.resourceType}/${e.sourceId}`, e);
    }
  }
  /** The entry referred to, or, outside the bundle, the type and id the reference names. */
  resolve(ref: string | undefined): { type: string; id: string; entry?: ParsedEntry } | undefined {
    if (!ref || ref.startsWith('#')) return undefined;
    const hit = this.byKey.get(ref);
    if (hit) return { type: hit.resource.resourceType, id: hit.sourceId, entry: hit };
    if (ref.startsWith('urn:uuid:')) return { type: 'unknown', id: ref.slice(9) };
    const m = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(ref);
    if (!m) return undefined;
    const local = this.byKey.get(`${m[1]}/${m[2]}`);
    return { type: m[1], id: m[2], entry: local };
  }
}
