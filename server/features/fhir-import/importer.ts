import { createHash } from 'node:crypto';
import type { Location, Organization, Patient, Practitioner } from '@medplum/fhirtypes';
import type { Db, Queryable } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import { audit } from '../../platform/audit/audit';
import { MappingProblem, personName } from './fhir-text';
import { mapClinical, mapParty, mapPatient, type ClinicalRow, type PartyRow, type PatientRow } from './map';
import { ImportRejected, parseBundle, RefIndex } from './validate';

export type Outcome = 'created' | 'updated' | 'unchanged';
export type ImportResult = {
  source: string; runId: string; patientIds: string[]; resources: number;
  created: Record<string, number>; updated: Record<string, number>; unchanged: Record<string, number>; skipped: Record<string, number>;
  /** Things imported with something missing (a visit whose clinician was never sent, a result whose visit is unknown). */
  warnings: string[];
};

const WITH_ENCOUNTER = new Set(['observation', 'procedure', 'diagnostic_report', 'document_reference']);
const PARTY_TYPES = new Set(['Practitioner', 'Organization', 'Location']);
const bump = (m: Record<string, number>, k: string) => { m[k] = (m[k] ?? 0) + 1; };
const RANK: Record<Outcome, number> = { unchanged: 0, updated: 1, created: 2 };
const sqlValue = (v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? JSON.stringify(v) : v ?? null);

/** Insert, or update only when something differs; reports which of the three happened. */
export async function upsert(q: Queryable, table: string, cols: Record<string, unknown>, conflict: string[]): Promise<Outcome> {
  const names = Object.keys(cols);
  const set = names.filter((n) => !conflict.includes(n));
  const rows = await q.query<{ inserted: boolean }>(
    `insert into ${table} (${names.join(', ')}) values (${names.map((_, i) => `$${i + 1}`).join(', ')})
     on conflict (${conflict.join(', ')}) where source_id is not null
     do update set ${set.map((n) => `${n} = excluded.${n}`).join(', ')}
     where (${set.map((n) => `${table}.${n}`).join(', ')}) is distinct from (${set.map((n) => `excluded.${n}`).join(', ')})
     returning (xmax = 0) as inserted`,
    names.map((n) => sqlValue(cols[n])));
  return rows.length === 0 ? 'unchanged' : rows[0].inserted ? 'created' : 'updated';
}

/**
 * A row from Portico's own download: matched to the row it came from (by source id, or by our id for rows entered in Portico),
 * compared only on the columns the download carries, and never given the download's JSON in place of the EHR's.
 */
export async function upsertOwn(q: Queryable, table: string, cols: Record<string, unknown>, conflict: string[]): Promise<Outcome> {
  const { fhir, ...rest } = cols;
  const keyCols = conflict.filter((c) => c !== 'source_id');
  const params: unknown[] = [cols.source_id, ...keyCols.map((c) => cols[c])];
  const keyWhere = keyCols.map((c, i) => `${c} = $${i + 2}`).join(' and ');
  const [found] = await q.query<{ id: string }>(
    `select id from ${table} where ${keyWhere} and (source_id = $1 or (source_id is null and id::text = $1)) order by (source_id = $1) desc nulls last limit 1`, params);
  if (!found) return upsert(q, table, { ...rest, fhir }, conflict);
  const set = Object.keys(rest).filter((n) => !conflict.includes(n) && rest[n] !== null && rest[n] !== undefined);
  if (!set.length) return 'unchanged';
  const rows = await q.query(
    `update ${table} set ${set.map((n, i) => `${n} = $${i + 2}`).join(', ')} where id = $1
       and (${set.map((n) => n).join(', ')}) is distinct from (${set.map((_, i) => `$${i + 2}`).join(', ')}) returning id`,
    [found.id, ...set.map((n) => sqlValue(rest[n]))]);
  return rows.length ? 'updated' : 'unchanged';
}

function sourceRefs<T>(node: T, refs: RefIndex): T {
  if (Array.isArray(node)) return node.map((n) => sourceRefs(n, refs)) as T;
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    const hit = k === 'reference' && typeof v === 'string' ? refs.resolve(v) : undefined;
    out[k] = hit?.entry ? `${hit.type}/${hit.id}` : sourceRefs(v, refs);
  }
  return out as T;
}

type Plan = { patients: (PatientRow & { portico?: boolean })[]; parties: (PartyRow & { portico?: boolean })[]; rows: ClinicalRow[]; skipped: Record<string, number>; resources: number };

/** Reads and maps the whole bundle before anything is written, so a bad entry rejects the file with nothing half-imported. */
export function planBundle(input: string | unknown, source: string): Plan {
  const { entries } = parseBundle(input, source);
  const refs = new RefIndex(entries);
  // Portico's own download points at its fullUrls; name the targets by their source ids instead, so the JSON kept from it
  // still resolves when this copy is downloaded and imported again.
  for (const e of entries) if (e.portico) e.resource = sourceRefs(e.resource, refs);
  const names = new Map<string, string>();
  for (const e of entries) {
    const r = e.resource as Practitioner | Organization | Location;
    if (PARTY_TYPES.has(r.resourceType)) names.set(`${r.resourceType}/${e.sourceId}`, r.resourceType === 'Practitioner' ? personName(r.name) ?? '' : r.name ?? '');
  }
  const plan: Plan = { patients: [], parties: [], rows: [], skipped: {}, resources: entries.length };
  const merged = new Map<string, ClinicalRow>();
  for (const entry of entries) {
    const r = entry.resource;
    try {
      if (r.resourceType === 'Patient') plan.patients.push({ ...mapPatient(r as Patient, entry.sourceId), portico: entry.portico });
      else if (PARTY_TYPES.has(r.resourceType)) plan.parties.push({ ...mapParty(r as Practitioner, entry.sourceId), portico: entry.portico });
      else {
        const rows = mapClinical(r, { refs, entry, names });
        if (rows.length === 0) bump(plan.skipped, r.resourceType);
        for (const row of rows) {
          const key = `${row.table}|${row.patientRef}|${row.sourceId}`;
          const prev = merged.get(key);
          if (prev && row.derived) { // one insurance row per payer, spanning all its claims
            if (row.cols.start_date && (!prev.cols.start_date || (row.cols.start_date as string) < (prev.cols.start_date as string))) prev.cols.start_date = row.cols.start_date;
            if (row.cols.end_date && (!prev.cols.end_date || (row.cols.end_date as string) > (prev.cols.end_date as string))) prev.cols.end_date = row.cols.end_date;
          } else merged.set(key, row);
        }
      }
    } catch (err) {
      if (err instanceof MappingProblem) throw new ImportRejected(source, `entry ${entry.index + 1} (${r.resourceType}/${entry.sourceId}): ${err.message}`);
      throw err;
    }
  }
  plan.rows = [...merged.values()];
  // Observations named in a report take the report's name as their panel ("Lipid Panel").
  const panel = new Map<string, string>();
  for (const row of plan.rows) if (row.table === 'diagnostic_report')
    for (const id of row.cols.result_source_ids as string[]) panel.set(`${row.patientRef}|${id}`, row.cols.display as string);
  for (const row of plan.rows) if (row.table === 'observation' && !row.cols.panel) row.cols.panel = panel.get(`${row.patientRef}|${row.sourceId}`) ?? null;
  return plan;
}

async function upsertPatient(q: Queryable, orgId: string, p: PatientRow & { portico?: boolean }): Promise<{ id: string; outcome: Outcome }> {
  const found = await q.query<{ id: string }>(
    `select p.id from patient p where p.org_id = $1 and (
        exists (select 1 from patient_source s where s.patient_id = p.id and s.source_id = $2)
        or exists (select 1 from patient_identifier i join jsonb_to_recordset($3::jsonb) as x(system text, value text)
                   on x.system = i.system and x.value = i.value where i.patient_id = p.id)
        or p.mrn = $4)
     order by p.created_at limit 1`, [orgId, p.sourceId, JSON.stringify(p.identifiers), p.mrn]);
  const c = p.cols;
  const vals = [c.given_name, c.family_name, c.birth_date, c.sex, c.phone, c.email, c.address_line, c.city, c.state, c.postal_code];
  let id: string;
  let outcome: Outcome;
  if (found.length === 0) {
    const [row] = await q.query<{ id: string }>(
      `insert into patient (org_id, mrn, given_name, family_name, birth_date, sex, phone, email, address_line, city, state, postal_code)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) returning id`, [orgId, p.mrn, ...vals]);
    id = row.id;
    outcome = 'created';
  } else {
    id = found[0].id;
    const changed = await q.query(
      `update patient set given_name=$2, family_name=$3, birth_date=$4, sex=$5, phone=$6, email=$7, address_line=$8, city=$9, state=$10, postal_code=$11
        where id = $1 and (given_name, family_name, birth_date, sex, phone, email, address_line, city, state, postal_code)
          is distinct from ($2, $3, $4::date, $5, $6, $7, $8, $9, $10, $11) returning id`, [id, ...vals]);
    outcome = changed.length ? 'updated' : 'unchanged';
  }
  // Portico's own download of a patient already here: the EHR's copy of the Patient stays as it was.
  if (p.portico && outcome !== 'created') return { id, outcome };
  for (const i of p.identifiers)
    await q.query('insert into patient_identifier (patient_id, system, value) values ($1,$2,$3) on conflict do nothing', [id, i.system, i.value]);
  const src = await q.query(
    `insert into patient_source (patient_id, org_id, source_id, fhir) values ($1,$2,$3,$4)
     on conflict (patient_id) do update set source_id = excluded.source_id, fhir = excluded.fhir
       where (patient_source.source_id, patient_source.fhir) is distinct from (excluded.source_id, excluded.fhir) returning 1`,
    [id, orgId, p.sourceId, JSON.stringify(p.fhir)]);
  if (outcome === 'unchanged' && src.length) outcome = 'updated';
  return { id, outcome };
}

/** Imports one FHIR R4 Bundle into an organization in one transaction. Throws ImportRejected (nothing written) for bad input. */
export async function importBundle(db: Db, input: string | unknown, opts: { source: string; orgId: string; actor?: Actor | null; ip?: string }): Promise<ImportResult> {
  const sha = createHash('sha256').update(typeof input === 'string' ? input : JSON.stringify(input)).digest('hex');
  try {
    const plan = planBundle(input, opts.source);
    return await db.tx((q) => write(q, plan, sha, opts));
  } catch (err) {
    const rejected = err instanceof ImportRejected ? err : new ImportRejected(opts.source, `could not be saved (${(err as Error).message}); nothing from it was imported`);
    await db.query(`insert into fhir_import_run (org_id, user_id, source, bundle_sha256, status, error, finished_at) values ($1,$2,$3,$4,'rejected',$5, now())`,
      [opts.orgId, opts.actor?.userId ?? null, opts.source, sha, rejected.problem]);
    throw rejected;
  }
}

type PatientKey = string;

/** Ids of practitioners and places by `Type/sourceId`, from this bundle or imported before into the organization. */
async function partyIds(q: Queryable, orgId: string, rows: ClinicalRow[]): Promise<Map<string, string>> {
  const want = { Practitioner: new Set<string>(), Organization: new Set<string>(), Location: new Set<string>() };
  for (const r of rows) for (const l of Object.values(r.links ?? {})) want[l.type].add(l.id);
  const out = new Map<string, string>();
  if (want.Practitioner.size)
    for (const p of await q.query<{ id: string; source_id: string }>('select id, source_id from practitioner where org_id = $1 and source_id = any($2::text[])', [orgId, [...want.Practitioner]]))
      out.set(`Practitioner/${p.source_id}`, p.id);
  for (const kind of ['Organization', 'Location'] as const) if (want[kind].size)
    for (const p of await q.query<{ id: string; source_id: string }>('select id, source_id from care_organization where org_id = $1 and kind = $2 and source_id = any($3::text[])', [orgId, kind, [...want[kind]]]))
      out.set(`${kind}/${p.source_id}`, p.id);
  return out;
}

async function write(q: Queryable, plan: Plan, sha: string, opts: { source: string; orgId: string; actor?: Actor | null; ip?: string }): Promise<ImportResult> {
  // Two imports of the same patient at once would race to create them: one organization imports one bundle at a time.
  await q.query('select pg_advisory_xact_lock(4227101, hashtext($1))', [opts.orgId]);
  const result: ImportResult = { source: opts.source, runId: '', patientIds: [], resources: plan.resources, created: {}, updated: {}, unchanged: {}, skipped: plan.skipped, warnings: [] };
  const outcome = new Map<string, Outcome>();
  const note = (key: string, o: Outcome) => { const prev = outcome.get(key); if (!prev || RANK[o] > RANK[prev]) outcome.set(key, o); };
  const warn = (r: ClinicalRow, text: string) => { if (result.warnings.length < 200) result.warnings.push(`entry ${r.entryNo} (${r.resourceType}/${r.sourceId.split('#')[0]}): ${text}`); };

  for (const p of plan.parties) note(`${p.resourceType}/${p.sourceId}`, await (p.portico ? upsertOwn : upsert)(q, p.table, { org_id: opts.orgId, source_id: p.sourceId, ...p.cols },
    p.table === 'practitioner' ? ['org_id', 'source_id'] : ['org_id', 'source_id', 'kind']));
  const patientIds = new Map<PatientKey, string>();
  for (const p of plan.patients) {
    const r = await upsertPatient(q, opts.orgId, p);
    patientIds.set(p.sourceId, r.id);
    for (const i of p.identifiers) patientIds.set(`identifier:${i.system}|${i.value}`, r.id);
    note(`Patient/${p.sourceId}`, r.outcome);
  }
  for (const ref of new Set(plan.rows.map((r) => r.patientRef))) {
    if (patientIds.has(ref)) continue;
    if (ref.startsWith('identifier:')) {
      // A later bundle may name a patient of an earlier one by identifier (system|value; no system matches any system).
      const [system, ...rest] = ref.slice('identifier:'.length).split('|');
      const value = rest.join('|');
      const known = await q.query<{ id: string }>(
        `select p.id from patient p join patient_identifier i on i.patient_id = p.id
          where p.org_id = $1 and i.value = $2 and ($3 = '' or i.system = $3) order by p.created_at limit 2`, [opts.orgId, value, system]);
      if (known.length !== 1) throw new ImportRejected(opts.source, `resources refer to the patient with identifier ${system ? `${system}|` : ''}${value}, ${known.length ? 'which matches more than one patient' : 'who is neither in the bundle nor imported before'}`);
      patientIds.set(ref, known[0].id);
      continue;
    }
    const known = await q.query<{ patient_id: string }>('select patient_id from patient_source where org_id = $1 and source_id = $2', [opts.orgId, ref]);
    if (!known.length) throw new ImportRejected(opts.source, `resources refer to Patient/${ref}, which is neither in the bundle nor imported before`);
    patientIds.set(ref, known[0].patient_id);
  }
  const parties = await partyIds(q, opts.orgId, plan.rows);
  const linkCols = (r: ClinicalRow) => {
    const cols: Record<string, unknown> = {};
    for (const [col, l] of Object.entries(r.links ?? {})) {
      const id = parties.get(`${l.type}/${l.id}`);
      if (id) cols[col] = id;
      else {
        cols[col] = null;
        warn(r, `${l.type}/${l.id} is not in this bundle and was not imported before; only its name is kept`);
      }
    }
    return cols;
  };
  const put = (r: ClinicalRow, table: string, cols: Record<string, unknown>, conflict: string[]) =>
    (r.portico ? upsertOwn(q, table, cols, conflict) : upsert(q, table, cols, conflict));
  const encounters = plan.rows.filter((r) => r.table === 'encounter');
  for (const r of encounters)
    note(`Encounter/${r.sourceId}`, await put(r, 'encounter', { patient_id: patientIds.get(r.patientRef), source_id: r.sourceId, ...r.cols, ...linkCols(r) }, ['patient_id', 'source_id']));
  const encId = new Map<string, string>();
  const ids = [...new Set(patientIds.values())];
  for (const e of await q.query<{ id: string; patient_id: string; source_id: string }>(
    'select id, patient_id, source_id from encounter where patient_id = any($1::uuid[]) and source_id is not null', [ids])) encId.set(`${e.patient_id}|${e.source_id}`, e.id);

  for (const r of plan.rows) {
    if (r.table === 'encounter') continue;
    const patientId = patientIds.get(r.patientRef)!;
    const cols: Record<string, unknown> = { patient_id: patientId, source_id: r.sourceId, ...r.cols, ...linkCols(r) };
    if (WITH_ENCOUNTER.has(r.table)) {
      cols.encounter_id = r.encounterRef ? encId.get(`${patientId}|${r.encounterRef}`) ?? null : null;
      if (r.encounterRef && !cols.encounter_id && !r.sourceId.includes('#'))
        warn(r, `Encounter/${r.encounterRef} is not in this bundle and was not imported before; imported without its visit`);
    }
    const o = await put(r, r.table, cols, r.conflict ?? ['patient_id', 'source_id']);
    if (!r.derived) note(`${r.resourceType}/${r.sourceId.split('#')[0]}`, o);
  }
  for (const [key, o] of outcome) bump(result[o], key.split('/')[0]);
  result.patientIds = ids;
  const counts = { created: result.created, updated: result.updated, unchanged: result.unchanged, skipped: result.skipped, resources: plan.resources, warnings: result.warnings.length };
  const [run] = await q.query<{ id: string }>(
    `insert into fhir_import_run (org_id, user_id, source, bundle_sha256, status, counts, finished_at) values ($1,$2,$3,$4,'imported',$5, now()) returning id`,
    [opts.orgId, opts.actor?.userId ?? null, opts.source, sha, JSON.stringify(counts)]);
  result.runId = run.id;
  for (const pid of ids)
    await audit(q, { actor: opts.actor ?? null, patientId: pid, action: 'import', resourceType: 'Bundle', resourceId: run.id, ip: opts.ip ?? null, detail: { via: opts.actor ? 'api' : 'cli' } });
  return result;
}
