import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import type { Queryable } from '../../db/client';
import {
  claimResource, clinicalResource, ownRef, CLINICAL_TYPES, DATE_OF, loadParties, OBS_KEY, PARTY_TYPES, patientResource, PORTICO_SOURCE, referencedIds,
  resolveReferences, TABLE_OF, type ClinicalType,
} from '../fhir-api/mapping';
import { homeVitalResources } from './home-vitals';

/**
 * The patient's record as one FHIR R4 collection Bundle, built by the same row → FHIR mapping as the FHIR API
 * (fhir-api/mapping.ts), with the practitioners, organizations and places it names, and the claims the EHR sent.
 * Every reference points inside the bundle or is reduced to a display text.
 */

type Range = { from?: string; to?: string };
type Json = Record<string, any>;
const UCUM = 'http://unitsofmeasure.org';
const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : undefined);
const clean = <T extends Json>(o: T): T => JSON.parse(JSON.stringify(o));

/** One row per resource (the first row of an Observation's components), within the date range; the API reads the same rows. */
async function rowsOf(q: Queryable, type: ClinicalType, patientId: string, range: Range): Promise<Json[]> {
  const params: unknown[] = [patientId];
  const dateCol = DATE_OF[type];
  let where = 'o.patient_id = $1';
  // Problems, medicines and care plans are current facts whatever the range; dated events follow it.
  const ranged = dateCol && !['Condition', 'MedicationRequest', 'CarePlan'].includes(type);
  if (ranged && range.from) { params.push(range.from); where += ` and o.${dateCol} >= $${params.length}::timestamptz`; }
  if (ranged && range.to) { params.push(range.to); where += ` and o.${dateCol} < ($${params.length}::date + 1)::timestamptz`; }
  if (type === 'Observation') {
    return q.query<Json>(`select distinct on (${OBS_KEY}) o.* from observation o where ${where} and o.category <> 'home' order by ${OBS_KEY}, o.id::text`, params);
  }
  return q.query<Json>(`select o.* from ${TABLE_OF[type]} o where ${where} order by o.id`, params);
}

export async function exportBundle(q: Queryable, patientId: string, range: Range = {}): Promise<Bundle> {
  const [p] = await q.query<Json>('select p.*, s.fhir, s.source_id from patient p left join patient_source s on s.patient_id = p.id where p.id = $1', [patientId]);
  const ids = await q.query<{ system: string; value: string }>('select system, value from patient_identifier where patient_id = $1 order by system, value', [patientId]);
  const resources: Json[] = [patientResource(p, ids)];
  for (const type of CLINICAL_TYPES) for (const r of await rowsOf(q, type, patientId, range)) resources.push(clinicalResource(type, r, patientId));
  const params: unknown[] = [patientId];
  let claimWhere = '';
  if (range.from) { params.push(range.from); claimWhere += ` and billable_start >= $${params.length}::timestamptz`; }
  if (range.to) { params.push(range.to); claimWhere += ` and billable_start < ($${params.length}::date + 1)::timestamptz`; }
  for (const r of await q.query<Json>(`select * from claim where patient_id = $1${claimWhere} order by resource_type, id`, params)) {
    const c = claimResource(r, patientId);
    if (c) resources.push(c);
  }
  const hp: unknown[] = [patientId, range.from ?? null, range.to ?? null];
  const home = await q.query<Json>(`select * from home_glucose where patient_id = $1 and deleted_at is null
     and ($2::timestamptz is null or measured_at >= $2::timestamptz) and ($3::date is null or measured_at < ($3::date + 1)::timestamptz) order by measured_at`, hp);
  for (const h of home) resources.push(clean({
    resourceType: 'Observation', id: h.id, status: 'final', meta: { source: PORTICO_SOURCE },
    category: [{ coding: [{ system: 'urn:portico:observation-category', code: 'home', display: 'Home reading' }], text: 'Home reading' }],
    code: { coding: [{ system: 'http://loinc.org', code: '2339-0', display: 'Glucose [Mass/volume] in Blood' }], text: 'Glucose [Mass/volume] in Blood' },
    subject: ownRef('Patient', patientId), performer: [ownRef('Patient', patientId)],
    effectiveDateTime: iso(h.measured_at), valueQuantity: { value: Math.round(h.value_mgdl * 10) / 10, unit: 'mg/dL', system: UCUM, code: 'mg/dL' },
    note: [{ text: `Context: ${h.context}${h.note ? `. ${h.note}` : ''}` }],
  }));
  resources.push(...await homeVitalResources(q, patientId, range)); // home blood pressure and weight (features, issue 14)
  await resolveReferences(q, { patientId, orgId: p.org_id }, resources);
  // The people and places the record names travel with it: the clinician and place of each visit, each prescriber.
  resources.push(...await loadParties(q, p.org_id, referencedIds(resources, PARTY_TYPES)));
  const entries: BundleEntry[] = resources.map((r) => ({ fullUrl: `urn:uuid:${r.id}`, resource: r as Resource }));
  const urls = new Set(entries.map((e) => e.fullUrl as string));
  for (const e of entries) relink(e.resource, urls);
  return { resourceType: 'Bundle', type: 'collection', timestamp: new Date().toISOString(), meta: { lastUpdated: new Date().toISOString() }, entry: entries };
}

/** Points `Type/id` references at this bundle's fullUrls; a reference to something not in the bundle keeps only its display text. */
function relink(node: unknown, urls: Set<string>) {
  if (Array.isArray(node)) { node.forEach((n) => relink(n, urls)); return; }
  if (!node || typeof node !== 'object') return;
  const o = node as Json;
  if (typeof o.reference === 'string' && !o.reference.startsWith('#')) {
    const url = `urn:uuid:${o.reference.split('/').pop()}`;
    if (urls.has(url)) o.reference = url;
    else { delete o.reference; if (!o.display) o.display = 'Not included in this download'; }
  }
  for (const k of Object.keys(o)) relink(o[k], urls);
}
