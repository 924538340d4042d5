import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../../testing/db';
import type { Db } from '../../db/client';
import { buildOrg } from '../../testing/factories';
import { importBundle } from './importer';
import { countTypes } from './test-bundles';

/** The real Synthea bundles in ../shared/fixtures/fhir/ (read in place, never copied into the repository). */
// Looked up beside the checkout (CI and developer machines have ../shared); PORTICO_FHIR_FIXTURES overrides.
export const FIXTURE_DIR = [process.env.PORTICO_FHIR_FIXTURES, path.resolve(process.cwd(), '../shared/fixtures/fhir'), '/work/shared/fixtures/fhir']
  .find((d): d is string => !!d && fs.existsSync(d)) ?? path.resolve(process.cwd(), '../shared/fixtures/fhir');
const files = fs.existsSync(FIXTURE_DIR) ? fs.readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.json')).sort() : [];
// Synthea types Portico does not keep (they are counted as skipped, never silently dropped).
const NOT_KEPT = new Set(['CareTeam', 'Device', 'ImagingStudy']);

describe.skipIf(files.length === 0)('the Synthea fixture bundles', () => {
  let db: Db;
  let orgId: string;
  beforeAll(async () => {
    db = await testDb();
    ({ orgId } = await buildOrg(db));
  });
  afterAll(() => db.close());

  it('every file imports with counts that match the bundle, and a second import changes nothing', async () => {
    const seenOrgs = new Set<string>();
    for (const f of files) {
      const text = fs.readFileSync(path.join(FIXTURE_DIR, f), 'utf8');
      const bundle = JSON.parse(text);
      const expected = countTypes(bundle);
      const r = await importBundle(db, text, { source: f, orgId });
      // Organizations and practitioners are shared between bundles: a later file may find them already there.
      const got: Record<string, number> = {};
      for (const m of [r.created, r.updated, r.unchanged, r.skipped]) for (const [k, v] of Object.entries(m)) got[k] = (got[k] ?? 0) + v;
      expect(got, f).toEqual(expected);
      for (const [t, n] of Object.entries(r.skipped)) expect(NOT_KEPT.has(t), `${f} skipped ${n} ${t}`).toBe(true);
      expect(r.patientIds, f).toHaveLength(1);
      for (const e of bundle.entry) if (e.resource.resourceType === 'Organization') seenOrgs.add(e.resource.id);
      const [{ n }] = await db.query<{ n: number }>("select count(*)::int as n from observation where patient_id = $1", [r.patientIds[0]]);
      const obsRows = bundle.entry.filter((e: { resource: { resourceType: string; component?: unknown[]; valueQuantity?: unknown; valueCodeableConcept?: unknown; valueString?: unknown } }) => e.resource.resourceType === 'Observation')
        .reduce((a: number, e: { resource: { component?: unknown[]; valueQuantity?: unknown; valueCodeableConcept?: unknown; valueString?: unknown } }) =>
          a + (e.resource.valueQuantity || e.resource.valueCodeableConcept || e.resource.valueString !== undefined ? 1 : 0) + (e.resource.component?.length ?? 0), 0);
      expect(n, `${f} observation rows`).toBe(obsRows);
    }
    const [{ n: orgs }] = await db.query<{ n: number }>('select count(*)::int as n from care_organization where org_id = $1', [orgId]);
    expect(orgs).toBe(seenOrgs.size);

    const first = fs.readFileSync(path.join(FIXTURE_DIR, files[0]), 'utf8');
    const again = await importBundle(db, first, { source: files[0], orgId });
    expect(Object.keys(again.created)).toEqual([]);
    expect(Object.keys(again.updated)).toEqual([]);
  }, 120_000);

  it('HbA1c values arrive with their unit and full precision', async () => {
    const rows = await db.query<{ value_num: number; unit: string; category: string }>("select value_num, unit, category from observation where code = '4548-4'");
    expect(rows.length).toBeGreaterThan(20);
    for (const r of rows) expect(r).toMatchObject({ unit: '%', category: 'laboratory' });
    expect(rows.some((r) => !Number.isInteger(r.value_num * 100))).toBe(true);
  });

  it('type 2 diabetes is matched by its SNOMED code even though its display is only "Diabetes"', async () => {
    const rows = await db.query<{ n: number }>("select count(distinct patient_id)::int as n from condition where code = '44054006'");
    expect(rows[0].n).toBeGreaterThanOrEqual(9);
  });

  it('insurance from the claims reaches the coverage table, money in whole cents', async () => {
    const cov = await db.query<{ payer: string }>('select payer from coverage');
    expect(cov.length).toBeGreaterThan(0);
    const claims = await db.query<{ total_cents: number | null }>("select total_cents from claim where resource_type = 'Claim' and total_cents is not null limit 50");
    expect(claims.length).toBeGreaterThan(0);
    for (const c of claims) expect(Number.isInteger(c.total_cents)).toBe(true);
  });
});
