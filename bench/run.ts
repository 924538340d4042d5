// npm run bench [-- <suite> [options]] — load scenarios against the real app; figures go in docs/benchmarks.md.
//   (no suite)  foundation: GET /api/me with a valid session, GET /api/health  [--seconds 10 --connections 100]
//   messaging   100k patients / 1M messages on PostgreSQL: send, list, open, in-basket, search
//   record      FHIR import throughput and results latency      scheduling   slot search and booking
//   directory   clinician search and payments                   analysis     100k participants × 10 features
// DATABASE_URL=postgres://... measures the foundation suite on PostgreSQL instead of the embedded database.
import { parseArgs } from 'node:util';
import { load, startBenchServer } from './harness';

const SUITES = ['messaging', 'record', 'scheduling', 'directory', 'analysis'];
const suite = process.argv[2] && !process.argv[2].startsWith('-') ? process.argv[2] : null;

if (suite) {
  if (!SUITES.includes(suite)) {
    console.error(`Unknown suite "${suite}". Choose one of: ${SUITES.join(', ')}.`);
    process.exit(2);
  }
  process.argv.splice(2, 1);
  await import(`./${suite}.ts`);
} else {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '100' } } });
  const duration = Number(values.seconds);
  const connections = Number(values.connections);
  const server = await startBenchServer();
  try {
    console.log(`Portico benchmark on ${server.db.kind}, ${connections} connections, ${duration} s per scenario`);
    const cookie = await server.login('ava.patient@demo.portico.test');
    await load('GET /api/me (signed in)', { url: `${server.url}/api/me`, headers: { cookie }, connections, duration });
    await load('GET /api/health', { url: `${server.url}/api/health`, connections, duration });
  } finally {
    await server.stop();
  }
}
