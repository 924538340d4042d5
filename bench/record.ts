// Health record benchmark: FHIR import throughput on the Synthea fixtures, then results-page latency under load.
// Usage: npx tsx bench/record.ts [--seconds 10] [--connections 100] [--pg]
//   --pg: run on a throw-away PostgreSQL database (PORTICO_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres)
//   PORTICO_FHIR_FIXTURES: folder of bundles (default ../shared/fixtures/fhir)
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { load, startBenchServer, throwawayPostgres } from './harness';
import { importBundle } from '../server/features/fhir-import/importer';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '100' }, pg: { type: 'boolean' } } });
const duration = Number(values.seconds);
const connections = Number(values.connections);
const dir = process.env.PORTICO_FHIR_FIXTURES ?? path.resolve('../shared/fixtures/fhir');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

const dropDb = values.pg ? await throwawayPostgres() : undefined;

const server = await startBenchServer();
try {
  const db = server.db;
  const [org] = await db.query<{ id: string }>('select id from organization order by created_at limit 1');
  const texts = files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
  console.log(`Health record benchmark on ${db.kind}: ${files.length} bundles, ${(texts.reduce((a, t) => a + t.length, 0) / 1e6).toFixed(1)} MB`);
  for (const pass of ['first import', 're-import (unchanged)']) {
    const t0 = performance.now();
    let resources = 0;
    let patientId = '';
    for (const [i, text] of texts.entries()) {
      const r = await importBundle(db, text, { source: files[i], orgId: org.id });
      resources += r.resources;
      if (files[i].startsWith('Josue_Sipes')) patientId = r.patientIds[0];
    }
    const s = (performance.now() - t0) / 1000;
    console.log(`${pass.padEnd(24)} ${s.toFixed(2)} s   ${(files.length / s).toFixed(1)} bundles/s   ${Math.round(resources / s)} resources/s   (${resources} resources)`);
    if (patientId && pass === 'first import') {
      // A patient with decades of data (Josue Sipes: 662 Observations, 15 HbA1c) gets a portal account for the load test.
      const [{ password_hash }] = await db.query<{ password_hash: string }>("select password_hash from app_user where email = 'ava.patient@demo.portico.test'");
      await db.query("insert into app_user (email, password_hash, role, display_name, org_id, patient_id) values ('josue@bench.test',$1,'patient','Josue Sipes',$2,$3)",
        [password_hash, org.id, patientId]);
    }
  }
  const [{ n }] = await db.query<{ n: number }>("select count(*)::int as n from observation o join app_user u on u.patient_id = o.patient_id where u.email = 'josue@bench.test'");
  console.log(`Load test patient has ${n} observation rows.`);
  const cookie = await server.login('josue@bench.test');
  for (const [name, url] of [
    ['GET /api/record/results?code=4548-4', '/api/record/results?code=4548-4'],
    ['GET /api/record/results/by-date', '/api/record/results/by-date?tz=America/Chicago'],
    ['GET /api/record/trend?code=4548-4', '/api/record/trend?code=4548-4'],
  ]) await load(name, { url: `${server.url}${url}`, headers: { cookie }, connections, duration });
} finally {
  await server.stop();
  await dropDb?.();
}
