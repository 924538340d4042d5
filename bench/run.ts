// npm run bench — load scenarios against the real app. Foundation: GET /api/me with a valid session.
// Usage: npm run bench [-- --seconds 10 --connections 100]   (DATABASE_URL=postgres://... to measure on PostgreSQL)
import { parseArgs } from 'node:util';
import { load, startBenchServer } from './harness';

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
