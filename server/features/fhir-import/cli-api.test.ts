import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app';
import { loadConfig } from '../../config';
import type { Db } from '../../db/client';
import { createUser } from '../../cli/create-user';
import { featureCommands } from '../../cli/feature-commands';
import { testDb } from '../../testing/db';
import { buildOrg, buildUser } from '../../testing/factories';
import { json, login } from '../../testing/app';
import { smallBundle } from './test-bundles';

let db: Db;
let app: FastifyInstance;
let orgId: string;
let dir: string;
const out: string[] = [];
const err: string[] = [];
const io = { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) };

beforeAll(async () => {
  db = await testDb();
  app = await buildApp(db, loadConfig({ NODE_ENV: 'test', PORTICO_LOG_LEVEL: 'silent', PORTICO_DATA_DIR: '/nonexistent' }), { logger: false });
  ({ orgId } = await buildOrg(db, 'First Org'));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-fhir-'));
  fs.writeFileSync(path.join(dir, 'a.json'), JSON.stringify(smallBundle({ patientId: 'cli-a', mrn: 'CLI-MRN-A' })));
  fs.writeFileSync(path.join(dir, 'b.json'), JSON.stringify(smallBundle({ patientId: 'cli-b', mrn: 'CLI-MRN-B', a1c: [9.1, 8.2, 7.4, 6.8] })));
  fs.writeFileSync(path.join(dir, 'broken.json'), '{"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Observation"}}]}');
});
afterAll(async () => {
  await app.close();
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('portico import-fhir', () => {
  it('is registered as a command', () => {
    expect(featureCommands['import-fhir']).toBeDefined();
  });

  it('imports a folder with progress per file, names the rejected file and exits 1', async () => {
    const code = await featureCommands['import-fhir'].run(db, [dir], io);
    expect(code).toBe(1);
    expect(out.join('\n')).toMatch(/\[1\/3\] .*a\.json: 15 resources — 15 created, 0 updated, 0 unchanged/);
    expect(out.join('\n')).toMatch(/\[2\/3\] .*b\.json: 16 resources — 14 created, 0 updated, 2 unchanged/);
    expect(err.join('\n')).toMatch(/\[3\/3\] REJECTED .*broken\.json: entry 1 \(Observation\) has neither an id nor a fullUrl/);
    expect(out.at(-1)).toMatch(/Imported 2 of 3 file\(s\), 31 resources/);
    const [p] = await db.query<{ org_id: string }>("select org_id from patient where mrn = 'CLI-MRN-A'");
    expect(p.org_id).toBe(orgId);
  });

  it('--org puts new patients into the organization named', async () => {
    const other = await buildOrg(db, 'Second Org');
    const file = path.join(dir, 'c.json');
    fs.writeFileSync(file, JSON.stringify(smallBundle({ patientId: 'cli-c', mrn: 'CLI-MRN-C' })));
    expect(await featureCommands['import-fhir'].run(db, [file, '--org', 'Second Org'], io)).toBe(0);
    const [p] = await db.query<{ org_id: string }>("select org_id from patient where mrn = 'CLI-MRN-C'");
    expect(p.org_id).toBe(other.orgId);
    expect(await featureCommands['import-fhir'].run(db, [file, '--org', 'No Such Org'], io)).not.toBe(0);
  });

  it('end to end: import, then create-user by identifier, sign in, and see the imported results', async () => {
    const code = await createUser(db, ['--email', 'maya@example.test', '--password', 'test-password-1', '--role', 'patient', '--patient-identifier', 'CLI-MRN-B'], io);
    expect(code).toBe(0);
    const cookie = await login(app, 'maya@example.test');
    const res = await app.inject({ url: '/api/record/results?code=4548-4', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(json(res).results.map((r: { value: number }) => r.value)).toEqual([6.8, 7.4, 8.2, 9.1]);
    expect(json(res).results[0]).toMatchObject({ code: '4548-4', unit: '%', referenceRange: { low: 4, high: 5.6 }, interpretation: 'H' });
  });
});

describe('POST /api/admin/fhir/import', () => {
  it('requires authentication', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/admin/fhir/import', payload: smallBundle() });
    expect(res.statusCode).toBe(401);
  });

  it('is for admins only', async () => {
    const nurse = await buildUser(db, { orgId, role: 'nurse' });
    const res = await app.inject({ method: 'POST', url: '/api/admin/fhir/import', payload: smallBundle(), headers: { cookie: await login(app, nurse.email) } });
    expect(res.statusCode).toBe(403);
  });

  it("imports into the admin's organization and reports counts; a bad bundle is a 400 that says why", async () => {
    const admin = await buildUser(db, { orgId, role: 'admin' });
    const cookie = await login(app, admin.email);
    const res = await app.inject({ method: 'POST', url: '/api/admin/fhir/import', payload: smallBundle({ patientId: 'api-1', mrn: 'API-MRN-1' }), headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ resources: 15, patients: 1, created: { Patient: 1, Observation: 4 } });
    const bad = await app.inject({ method: 'POST', url: '/api/admin/fhir/import', payload: { resourceType: 'Bundle', type: 'document', entry: [] }, headers: { cookie } });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.message).toMatch(/not imported: Bundle.type "document" is not supported/);
  });
});
