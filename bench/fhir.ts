// FHIR API benchmark: Observation search for one patient with 700 Observations, through /fhir/R4 with a portal session.
// Usage: npx tsx bench/fhir.ts [--seconds 10] [--connections 100] [--pg]   (or: npm run bench -- fhir ...)
//   --pg: run on a throw-away PostgreSQL database (PORTICO_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres)
//   PORTICO_FHIR_FIXTURES: folder of bundles (default ../shared/fixtures/fhir); the patient is Josue Sipes, topped up to 700.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { load, startBenchServer, throwawayPostgres } from './harness';
import { importBundle } from '../server/features/fhir-import/importer';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '100' }, pg: { type: 'boolean' } } });
const duration = Number(values.seconds);
const connections = Number(values.connections);
const dir = process.env.PORTICO_FHIR_FIXTURES ?? path.resolve('../shared/fixtures/fhir');
const file = fs.readdirSync(dir).find((f) => f.startsWith('Josue_Sipes'));
if (!file) throw new Error(`No Josue_Sipes bundle in ${dir}`);
const TARGET = 700;

const dropDb = values.pg ? await throwawayPostgres() : undefined;
const server = await startBenchServer();
try {
  const db = server.db;
  const [org] = await db.query<{ id: string }>('select id from organization order by created_at limit 1');
  const { patientIds: [patientId] } = await importBundle(db, fs.readFileSync(path.join(dir, file), 'utf8'), { source: file, orgId: org.id });
  const count = async () => (await db.query<{ n: number }>(
    "select count(distinct coalesce(split_part(source_id, '#', 1), id::text))::int as n from observation where patient_id = $1 and category <> 'home'", [patientId]))[0].n;
  const have = await count();
  // Top up with HbA1c results entered in Portico, one a month back from the oldest, to exactly 700 Observation resources.
  for (let i = 0; i < TARGET - have; i++)
    await db.query("insert into observation (patient_id, category, code, display, value_num, unit, effective_at) values ($1, 'laboratory', '4548-4', 'Hemoglobin A1c', $2, '%', $3)",
      [patientId, 6 + (i % 20) / 10, new Date(Date.UTC(1990, 0, 1) - i * 30 * 86_400_000).toISOString()]);
  const [{ password_hash }] = await db.query<{ password_hash: string }>("select password_hash from app_user where email = 'ava.patient@demo.portico.test'");
  await db.query("insert into app_user (email, password_hash, role, display_name, org_id, patient_id) values ('josue.fhir@bench.test',$1,'patient','Josue Sipes',$2,$3)",
    [password_hash, org.id, patientId]);
  console.log(`FHIR benchmark on ${db.kind}: patient with ${await count()} Observations, ${connections} connections, ${duration} s per scenario`);
  const cookie = await server.login('josue.fhir@bench.test');
  for (const [name, url] of [
    ['Observation?patient=…&_count=50&_sort=-date', `/fhir/R4/Observation?patient=${patientId}&_count=50&_sort=-date`],
    ['Observation?patient=…&category=laboratory&code=loinc|4548-4', `/fhir/R4/Observation?patient=${patientId}&category=laboratory&code=http://loinc.org|4548-4`],
    ['Observation?patient=…&date=ge2015-01-01&_count=100', `/fhir/R4/Observation?patient=${patientId}&date=ge2015-01-01&_count=100`],
  ]) await load(`GET /fhir/R4/${name}`, { url: `${server.url}${url}`, headers: { cookie }, connections, duration });
} finally {
  await server.stop();
  await dropDb?.();
}
