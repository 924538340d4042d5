import type { Queryable } from '../../db/client';
import {
  clinicalResource, CLINICAL_TYPES, DATE_OF, OBS_KEY, partyResource, patientResource, TABLE_OF, type ClinicalType, type Json,
} from './mapping';
import { FhirError } from './outcome';

/**
 * Read and search over the patient's rows. Every query carries `patient_id = <the reader's patient>` (parties: the patient's
 * organization), so nothing else can be reached. Search parameters follow FHIR R4 / US Core 6.1; see SEARCH_PARAMS.
 */

export type Scope = { patientId: string; orgId: string };
type Where = { sql: string[]; params: unknown[] };
const add = (w: Where, v: unknown) => { w.params.push(v); return `$${w.params.length}`; };

/** What the CapabilityStatement lists, per type: [name, type, documentation]. */
export const SEARCH_PARAMS: Record<string, [string, string, string][]> = {
  Patient: [['_id', 'token', ''], ['identifier', 'token', 'system|value'], ['name', 'string', 'any part of the name'], ['family', 'string', ''], ['given', 'string', ''], ['birthdate', 'date', ''], ['gender', 'token', '']],
  Observation: [['_id', 'token', ''], ['patient', 'reference', ''], ['subject', 'reference', ''], ['category', 'token', 'e.g. laboratory, vital-signs'], ['code', 'token', 'system|code, comma for any of several'], ['date', 'date', 'prefixes eq ne gt lt ge le sa eb'], ['status', 'token', '']],
  Condition: [['_id', 'token', ''], ['patient', 'reference', ''], ['subject', 'reference', ''], ['category', 'token', 'problem-list-item, encounter-diagnosis, health-concern'], ['clinical-status', 'token', ''], ['code', 'token', ''], ['onset-date', 'date', '']],
  MedicationRequest: [['_id', 'token', ''], ['patient', 'reference', ''], ['subject', 'reference', ''], ['status', 'token', ''], ['intent', 'token', ''], ['authoredon', 'date', '']],
  AllergyIntolerance: [['_id', 'token', ''], ['patient', 'reference', ''], ['clinical-status', 'token', '']],
  Immunization: [['_id', 'token', ''], ['patient', 'reference', ''], ['date', 'date', ''], ['status', 'token', '']],
  Encounter: [['_id', 'token', ''], ['patient', 'reference', ''], ['subject', 'reference', ''], ['date', 'date', ''], ['status', 'token', ''], ['class', 'token', ''], ['type', 'token', '']],
  Procedure: [['_id', 'token', ''], ['patient', 'reference', ''], ['subject', 'reference', ''], ['date', 'date', ''], ['code', 'token', ''], ['status', 'token', '']],
  DiagnosticReport: [['_id', 'token', ''], ['patient', 'reference', ''], ['subject', 'reference', ''], ['category', 'token', ''], ['code', 'token', ''], ['date', 'date', ''], ['status', 'token', '']],
  DocumentReference: [['_id', 'token', ''], ['patient', 'reference', ''], ['subject', 'reference', ''], ['category', 'token', ''], ['type', 'token', ''], ['date', 'date', ''], ['status', 'token', '']],
  CarePlan: [['_id', 'token', ''], ['patient', 'reference', ''], ['subject', 'reference', ''], ['category', 'token', 'assess-plan'], ['status', 'token', ''], ['date', 'date', '']],
  Goal: [['_id', 'token', ''], ['patient', 'reference', ''], ['subject', 'reference', ''], ['lifecycle-status', 'token', '']],
  Coverage: [['_id', 'token', ''], ['patient', 'reference', ''], ['beneficiary', 'reference', '']],
  Practitioner: [['_id', 'token', ''], ['name', 'string', ''], ['identifier', 'token', '']],
  Organization: [['_id', 'token', ''], ['name', 'string', ''], ['address', 'string', '']],
  Location: [['_id', 'token', ''], ['name', 'string', ''], ['address', 'string', '']],
};

/** _include values, per type: parameter → the reference elements it follows. */
export const INCLUDES: Record<string, Record<string, string[]>> = {
  Encounter: { patient: ['subject'], subject: ['subject'], practitioner: ['participant.individual'], participant: ['participant.individual'], location: ['location.location'], 'service-provider': ['serviceProvider'] },
  MedicationRequest: { patient: ['subject'], subject: ['subject'], requester: ['requester'], medication: ['medicationReference'] },
  DiagnosticReport: { patient: ['subject'], subject: ['subject'], result: ['result'], performer: ['performer'] },
  Observation: { patient: ['subject'], subject: ['subject'], encounter: ['encounter'] },
  Condition: { patient: ['subject'], subject: ['subject'] },
  Procedure: { patient: ['subject'], subject: ['subject'], encounter: ['encounter'] },
  Immunization: { patient: ['patient'] },
  AllergyIntolerance: { patient: ['patient'] },
  DocumentReference: { patient: ['subject'], subject: ['subject'], author: ['author'] },
  CarePlan: { patient: ['subject'], subject: ['subject'] },
  Goal: { patient: ['subject'], subject: ['subject'] },
  Coverage: { patient: ['beneficiary'], beneficiary: ['beneficiary'], payor: ['payor'] },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const list = (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean);

/** A FHIR date search value → the interval it names, [start, end). */
function interval(raw: string, param: string): { prefix: string; start: string; end: string } {
  const m = /^(eq|ne|gt|lt|ge|le|sa|eb|ap)?(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/.exec(raw);
  if (!m) throw new FhirError(400, 'invalid', `The ${param} value "${raw}" is not a FHIR date (use e.g. ge2024-01-01).`, param);
  const [, prefix = 'eq', y, mo, d, hh, mm, ss, tz] = m;
  let start: Date;
  let end: Date;
  if (hh !== undefined) {
    start = new Date(`${y}-${mo}-${d}T${hh}:${mm}:${ss ?? '00'}${tz ?? 'Z'}`);
    end = new Date(start.getTime() + (ss !== undefined ? 1000 : 60_000));
  } else if (d !== undefined) {
    start = new Date(`${y}-${mo}-${d}T00:00:00Z`);
    end = new Date(start.getTime() + 86_400_000);
  } else if (mo !== undefined) {
    start = new Date(`${y}-${mo}-01T00:00:00Z`);
    end = new Date(Date.UTC(Number(y), Number(mo), 1));
  } else {
    start = new Date(`${y}-01-01T00:00:00Z`);
    end = new Date(Date.UTC(Number(y) + 1, 0, 1));
  }
  if (Number.isNaN(start.getTime())) throw new FhirError(400, 'invalid', `The ${param} value "${raw}" is not a valid date.`, param);
  return { prefix, start: start.toISOString(), end: end.toISOString() };
}

function dateSql(w: Where, col: string, raw: string, param: string): string {
  const { prefix, start, end } = interval(raw, param);
  switch (prefix) {
    case 'gt': case 'sa': return `${col} >= ${add(w, end)}::timestamptz`;
    case 'lt': case 'eb': return `${col} < ${add(w, start)}::timestamptz`;
    case 'ge': return `${col} >= ${add(w, start)}::timestamptz`;
    case 'le': return `${col} < ${add(w, end)}::timestamptz`;
    case 'ne': return `(${col} is null or ${col} < ${add(w, start)}::timestamptz or ${col} >= ${add(w, end)}::timestamptz)`;
    default: return `(${col} >= ${add(w, start)}::timestamptz and ${col} < ${add(w, end)}::timestamptz)`;
  }
}

/**
 * A token search on a coded element: matches the code column Portico keeps (its preferred coding; with a system, only the system Portico uses)
 * or any coding in the source JSON. `system|code`, `code`, `|code` (no system) and `system|` are understood.
 */
function tokenSql(w: Where, raw: string, opts: { column?: string; defaultSystem?: string; element: string; array?: boolean }): string {
  const alts = list(raw).map((v) => {
    const bar = v.indexOf('|');
    const system = bar >= 0 ? v.slice(0, bar) : undefined;
    const code = bar >= 0 ? v.slice(bar + 1) : v;
    const coding: Json = {};
    if (system) coding.system = system;
    if (code) coding.code = code;
    const concept = { coding: [coding] };
    const parts = [`o.fhir->'${opts.element}' @> ${add(w, JSON.stringify(opts.array ? [concept] : concept))}::jsonb`];
    if (opts.column && code && (system === undefined || system === opts.defaultSystem || (system === '' && !opts.defaultSystem)))
      parts.push(`o.${opts.column} = ${add(w, code)}`);
    return `(${parts.join(' or ')})`;
  });
  return `(${alts.join(' or ')})`;
}

const inList = (w: Where, expr: string, raw: string) => `${expr} = any(${add(w, list(raw).map((v) => v.split('|').pop()!))}::text[])`;

/** The SQL condition for one search parameter on a clinical type, or null when the parameter is not ours (ignored, as FHIR allows). */
function paramSql(type: ClinicalType, name: string, value: string, w: Where, scope: Scope): string | null {
  const dateCol = DATE_OF[type];
  switch (name) {
    case 'patient': case 'subject': case 'beneficiary': {
      const id = value.replace(/^(.*\/)?Patient\//, '');
      return id === scope.patientId ? 'true' : 'false';
    }
    case '_id':
      return type === 'Observation' ? `${OBS_KEY} in (select ${OBS_KEY} from observation o where o.patient_id = $1 and o.id::text = any(${add(w, list(value))}::text[]))`
        : `o.id::text = any(${add(w, list(value))}::text[])`;
    case 'date': case 'onset-date': case 'authoredon':
      if (!dateCol) return null;
      return dateSql(w, `o.${dateCol}`, value, name);
    case 'code':
      if (type === 'Observation') return tokenSql(w, value, { column: 'code', defaultSystem: 'http://loinc.org', element: 'code' });
      if (type === 'Condition' || type === 'Procedure') return tokenSql(w, value, { column: 'code', defaultSystem: 'http://snomed.info/sct', element: 'code' });
      if (type === 'DiagnosticReport') return tokenSql(w, value, { column: 'code', defaultSystem: 'http://loinc.org', element: 'code' });
      return null;
    case 'category':
      if (type === 'Observation') return `(${inList(w, 'o.category', value)} or ${tokenSql(w, value, { element: 'category', array: true })})`;
      if (type === 'Condition') return `(case when o.fhir->'category' is not null then ${tokenSql(w, value, { element: 'category', array: true })} else 'problem-list-item' = any(${add(w, list(value).map((v) => v.split('|').pop()!))}::text[]) end)`;
      if (type === 'DiagnosticReport') return `(${inList(w, "coalesce(o.category, '')", value)} or ${tokenSql(w, value, { element: 'category', array: true })})`;
      if (type === 'CarePlan') return `(case when o.fhir->'category' is not null then ${tokenSql(w, value, { element: 'category', array: true })} else 'assess-plan' = any(${add(w, list(value).map((v) => v.split('|').pop()!))}::text[]) end)`;
      if (type === 'DocumentReference') return `(case when o.fhir->'category' is not null then ${tokenSql(w, value, { element: 'category', array: true })} else 'clinical-note' = any(${add(w, list(value).map((v) => v.split('|').pop()!))}::text[]) end)`;
      return null;
    case 'clinical-status':
      return type === 'Condition' || type === 'AllergyIntolerance' ? inList(w, 'o.clinical_status', value) : null;
    case 'lifecycle-status':
      return type === 'Goal' ? inList(w, "coalesce(o.status, 'active')", value) : null;
    case 'status':
      if (type === 'Immunization') return inList(w, "'completed'", value);
      if (type === 'Observation') return inList(w, "coalesce(o.fhir->>'status', 'final')", value);
      if (type === 'DocumentReference') return inList(w, "coalesce(o.status, 'current')", value);
      if (type === 'DiagnosticReport') return inList(w, "coalesce(o.status, 'final')", value);
      if (['MedicationRequest', 'Encounter', 'Procedure', 'CarePlan', 'Coverage'].includes(type)) return inList(w, 'o.status', value);
      return null;
    case 'intent':
      return type === 'MedicationRequest' ? inList(w, "coalesce(o.fhir->>'intent', 'order')", value) : null;
    case 'class':
      return type === 'Encounter' ? inList(w, "coalesce(o.fhir->'class'->>'code', 'AMB')", value) : null;
    case 'type':
      if (type === 'Encounter') return `(${tokenSql(w, value, { element: 'type', array: true })} or o.type = any(${add(w, list(value))}::text[]))`;
      if (type === 'DocumentReference') return `(${tokenSql(w, value, { element: 'type' })} or o.type = any(${add(w, list(value))}::text[]))`;
      return null;
    default:
      return null;
  }
}

export type SearchPage = { total: number; rows: Json[] };

/** Runs a search for a clinical type: the matching resources (one page) and how many match in all. */
export async function searchClinical(q: Queryable, scope: Scope, type: ClinicalType, params: [string, string][], page: { count: number; offset: number; sort?: string }): Promise<SearchPage> {
  const w: Where = { sql: [], params: [scope.patientId] };
  for (const [name, value] of params) {
    const sql = paramSql(type, name.split(':')[0], value, w, scope);
    if (sql) w.sql.push(sql);
  }
  const where = ['o.patient_id = $1', ...(type === 'Observation' ? ["o.category <> 'home'"] : []), ...w.sql].join(' and ');
  const dateCol = DATE_OF[type];
  const dir = page.sort === 'date' ? 'asc' : 'desc';
  const limit = add(w, page.count);
  const offset = add(w, page.offset);
  // First the page of keys (small, indexed columns only), then the full rows of that page: the source JSON of rows outside
  // the page is never read.
  const keyExpr = type === 'Observation' ? OBS_KEY : 'o.id::text';
  const order = dateCol ? `${type === 'Observation' ? `max(o.${dateCol})` : `o.${dateCol}`} ${dir} nulls last, 1` : '1';
  const keys = await q.query<{ k: string; total: number }>(
    `select ${keyExpr} as k, count(*) over ()::int as total from ${TABLE_OF[type]} o where ${where}${type === 'Observation' ? ' group by 1' : ''}
      order by ${order} limit ${limit} offset ${offset}`, w.params);
  const total = keys[0]?.total ?? (await q.query<{ n: number }>(
    `select count(${type === 'Observation' ? `distinct ${OBS_KEY}` : '*'})::int as n from ${TABLE_OF[type]} o where ${where}`, w.params.slice(0, -2)))[0].n;
  if (!keys.length) return { total, rows: [] };
  const list = keys.map((k) => k.k);
  const rows = type === 'Observation'
    ? await q.query<Json>(`select distinct on (${OBS_KEY}) o.*, ${OBS_KEY} as k__ from observation o where o.patient_id = $1 and ${OBS_KEY} = any($2::text[]) order by ${OBS_KEY}, o.id::text`, [scope.patientId, list])
    : await q.query<Json>(`select o.*, o.id::text as k__ from ${TABLE_OF[type]} o where o.patient_id = $1 and o.id::text = any($2::text[])`, [scope.patientId, list]);
  const byKey = new Map(rows.map((r) => [r.k__ as string, r]));
  return { total, rows: list.map((k) => byKey.get(k)).filter((r): r is Json => !!r) };
}

/** One clinical resource by our id (an Observation by the id of its first row), or null. */
export async function readClinical(q: Queryable, scope: Scope, type: ClinicalType, id: string): Promise<Json | null> {
  if (!UUID.test(id)) return null;
  if (type === 'Observation') {
    const [row] = await q.query<Json>(
      `select distinct on (${OBS_KEY}) o.* from observation o where o.patient_id = $1 and o.category <> 'home'
         and ${OBS_KEY} = (select ${OBS_KEY} from observation o where o.patient_id = $1 and o.id = $2) order by ${OBS_KEY}, o.id::text`, [scope.patientId, id]);
    return row && row.id === id ? clinicalResource(type, row, scope.patientId) : null;
  }
  const [row] = await q.query<Json>(`select * from ${TABLE_OF[type]} where patient_id = $1 and id = $2`, [scope.patientId, id]);
  return row ? clinicalResource(type, row, scope.patientId) : null;
}

export async function readPatient(q: Queryable, scope: Scope): Promise<Json> {
  const [p] = await q.query<Json>('select p.*, s.fhir, s.source_id from patient p left join patient_source s on s.patient_id = p.id where p.id = $1', [scope.patientId]);
  const ids = await q.query<{ system: string; value: string }>('select system, value from patient_identifier where patient_id = $1 order by system, value', [scope.patientId]);
  return patientResource(p, ids);
}

/** Patient search is over one patient (the reader's): each parameter either keeps them or not. */
export function patientMatches(p: Json, params: [string, string][]): boolean {
  const names = (p.name ?? []) as Json[];
  const text = (n: Json) => [n.text, n.family, ...(n.given ?? [])].filter(Boolean).join(' ').toLowerCase();
  for (const [name, value] of params) {
    const v = value.toLowerCase();
    switch (name.split(':')[0]) {
      case '_id': if (!list(value).includes(p.id)) return false; break;
      case 'identifier': {
        const ok = list(value).some((x) => {
          const [s, c] = x.includes('|') ? x.split('|') : [undefined, x];
          return (p.identifier ?? []).some((i: Json) => i.value === c && (s === undefined || s === '' || i.system === s));
        });
        if (!ok) return false;
        break;
      }
      case 'name': if (!names.some((n) => text(n).includes(v))) return false; break;
      case 'family': if (!names.some((n) => String(n.family ?? '').toLowerCase().startsWith(v))) return false; break;
      case 'given': if (!names.some((n) => (n.given ?? []).some((g: string) => g.toLowerCase().startsWith(v)))) return false; break;
      case 'gender': if (!list(value).includes(p.gender)) return false; break;
      case 'birthdate': {
        if (!p.birthDate) return false;
        const { prefix, start, end } = interval(value, 'birthdate');
        const b = new Date(`${p.birthDate.slice(0, 10)}T00:00:00Z`).toISOString();
        const ok = prefix === 'gt' || prefix === 'sa' ? b >= end : prefix === 'lt' || prefix === 'eb' ? b < start : prefix === 'ge' ? b >= start
          : prefix === 'le' ? b < end : prefix === 'ne' ? b < start || b >= end : b >= start && b < end;
        if (!ok) return false;
        break;
      }
      default: break;
    }
  }
  return true;
}

const PARTY_TABLE = { Practitioner: 'practitioner', Organization: 'care_organization', Location: 'care_organization' } as const;

export async function searchParties(q: Queryable, scope: Scope, type: 'Practitioner' | 'Organization' | 'Location', params: [string, string][], page: { count: number; offset: number }): Promise<SearchPage> {
  const w: Where = { sql: [], params: [scope.orgId] };
  if (type !== 'Practitioner') w.sql.push(`o.kind = ${add(w, type)}`);
  for (const [name, value] of params) {
    switch (name.split(':')[0]) {
      case '_id': w.sql.push(`o.id::text = any(${add(w, list(value))}::text[])`); break;
      case 'name': w.sql.push(`o.name ilike ${add(w, `%${value.replace(/[%_\\]/g, '\\$&')}%`)}`); break;
      case 'address': if (type !== 'Practitioner') w.sql.push(`o.address ilike ${add(w, `%${value.replace(/[%_\\]/g, '\\$&')}%`)}`); break;
      case 'identifier': {
        const v = value.includes('|') ? value.split('|')[1] : value;
        w.sql.push(`(o.fhir->'identifier' @> ${add(w, JSON.stringify([{ value: v }]))}::jsonb${type === 'Practitioner' ? ` or o.npi = ${add(w, v)}` : ''})`);
        break;
      }
      default: break;
    }
  }
  const where = ['o.org_id = $1', ...w.sql].join(' and ');
  const rows = await q.query<Json>(`select o.*, count(*) over ()::int as total__ from ${PARTY_TABLE[type]} o where ${where} order by o.name, o.id limit ${add(w, page.count)} offset ${add(w, page.offset)}`, w.params);
  const total = rows[0]?.total__ ?? (rows.length === 0 ? (await q.query<{ n: number }>(`select count(*)::int as n from ${PARTY_TABLE[type]} o where ${where}`, w.params.slice(0, -2)))[0].n : 0);
  return { total, rows: rows.map((r) => partyResource(type, r)) };
}

export async function readParty(q: Queryable, scope: Scope, type: 'Practitioner' | 'Organization' | 'Location', id: string): Promise<Json | null> {
  if (!UUID.test(id)) return null;
  const [row] = await q.query<Json>(`select * from ${PARTY_TABLE[type]} where org_id = $1 and id = $2${type === 'Practitioner' ? '' : ' and kind = $3'}`,
    type === 'Practitioner' ? [scope.orgId, id] : [scope.orgId, id, type]);
  return row ? partyResource(type, row) : null;
}

export const isClinical = (t: string): t is ClinicalType => (CLINICAL_TYPES as readonly string[]).includes(t);
