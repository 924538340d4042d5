// Scheduling benchmark: slot search and booking throughput at 100 concurrent clients, against the real app with the demo clinic.
// Usage: npx tsx bench/scheduling.ts [--seconds 10] [--connections 100] [--bookings 1500] [--postgres]
//   --postgres creates a throw-away database on PORTICO_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres).
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { load, startBenchServer } from './harness';
import { findOpenSlots } from '../server/features/scheduling/slots';

const { values } = parseArgs({ options: {
  seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '100' }, bookings: { type: 'string', default: '1500' },
  postgres: { type: 'boolean', default: false },
} });
const duration = Number(values.seconds);
const connections = Number(values.connections);
const bookings = Number(values.bookings);

let dropDb: (() => Promise<void>) | null = null;
if (values.postgres) {
  const adminUrl = process.env.PORTICO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `portico_bench_sched_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  dropDb = async () => {
    const a = new pg.Client({ connectionString: adminUrl });
    await a.connect();
    await a.query(`drop database if exists ${name} with (force)`);
    await a.end();
  };
}

const ymd = (d: Date) => d.toISOString().slice(0, 10);
const server = await startBenchServer();
try {
  const { db, url } = server;
  console.log(`Scheduling benchmark on ${db.kind}, ${connections} connections`);
  const [org] = await db.query<{ id: string }>("select org_id as id from app_user where email = 'sam.scheduler@demo.portico.test'");
  const clinicians = await db.query<{ id: string }>(
    `select id from app_user where email in ('paul.physician@demo.portico.test','maria.gonzalez@demo.portico.test','henry.wu@demo.portico.test',
      'elena.torres@demo.portico.test','james.okafor@demo.portico.test') order by email`);
  const [vt] = await db.query<{ id: string }>("select id from visit_type where org_id = $1 and code = 'follow_up'", [org.id]);
  const sched = await server.login('sam.scheduler@demo.portico.test');
  const ava = await server.login('ava.patient@demo.portico.test');
  const from = ymd(new Date());
  const to = ymd(new Date(Date.now() + 13 * 86_400_000));
  const results = [];

  // 1. Slot search: two weeks of one clinician's open 30-minute slots, clinicians in turn.
  let i = 0;
  results.push(await load('GET /api/scheduling/slots (2 weeks)', {
    url, connections, duration, headers: { cookie: sched },
    requests: [{ method: 'GET', setupRequest: (r) => ({ ...r, path: `/api/scheduling/slots?clinicianId=${clinicians[i++ % clinicians.length].id}&from=${from}&to=${to}&visitTypeId=${vt.id}` }) }],
  }));

  // 2. Patients' requests (each a new conversation routed to the scheduling pool), idempotency key per request.
  const before = (await db.query<{ n: number }>('select count(*)::int as n from appointment_request'))[0].n;
  results.push(await load('POST /api/appointment-requests', {
    url, connections, amount: bookings, headers: { cookie: ava, 'content-type': 'application/json' },
    requests: [{ method: 'POST', path: '/api/appointment-requests', setupRequest: (r) => ({ ...r, body: JSON.stringify({
      reason: 'Benchmark visit', modality: 'in_person', visitTypeId: vt.id, preferredDays: [2], preferredTimes: ['morning'], idempotencyKey: randomUUID() }) }) }],
  }));
  const reqs = await db.query<{ id: string }>("select id from appointment_request where status = 'pending' and reason = 'Benchmark visit' order by created_at");
  console.log(`  created ${reqs.length} requests (${reqs.length - 0} pending; table grew by ${(await db.query<{ n: number }>('select count(*)::int as n from appointment_request'))[0].n - before})`);

  // 3. Booking, every client a different free slot: throughput of successful bookings.
  const slots = await findOpenSlots(db, { orgId: org.id, clinicianIds: clinicians.map((c) => c.id), from, to: ymd(new Date(Date.now() + 55 * 86_400_000)),
    durationMinutes: 30, notBefore: new Date(Date.now() + 3_600_000), limit: 20_000 });
  const pairs = reqs.slice(0, Math.min(reqs.length, slots.length) - 100).map((r, k) => ({ id: r.id, slot: slots[k] }));
  let next = 0;
  results.push(await load(`POST .../book (distinct slots, n=${pairs.length})`, {
    url, connections, amount: pairs.length, headers: { cookie: sched, 'content-type': 'application/json' },
    requests: [{ method: 'POST', setupRequest: (r) => {
      const p = pairs[next++ % pairs.length];
      return { ...r, path: `/api/appointment-requests/${p.id}/book`,
        body: JSON.stringify({ clinicianId: p.slot.clinician_id, startAt: new Date(p.slot.start_at).toISOString(), visitTypeId: vt.id, idempotencyKey: randomUUID() }) };
    } }],
  }));

  // 4. Contention: the remaining requests all race for the same 10 slots. Exactly 10 may win; everyone else must get 409.
  const rest = reqs.slice(pairs.length);
  const hot = slots.slice(slots.length - 100).filter((s) => !pairs.some((p) => p.slot === s)).slice(0, 10);
  let n2 = 0;
  const codes: Record<number, number> = {};
  const contended = await autocannon({
    url, connections, amount: rest.length, headers: { cookie: sched, 'content-type': 'application/json' },
    requests: [{ method: 'POST', setupRequest: (r) => {
      const k = n2++;
      const s = hot[k % hot.length];
      return { ...r, path: `/api/appointment-requests/${rest[k % rest.length].id}/book`,
        body: JSON.stringify({ clinicianId: s.clinician_id, startAt: new Date(s.start_at).toISOString(), visitTypeId: vt.id, idempotencyKey: randomUUID() }) };
    }, onResponse: (status) => { codes[status] = (codes[status] ?? 0) + 1; } }],
  });
  const overlaps = await db.query<{ n: number }>(
    `select count(*)::int as n from appointment a join appointment b on a.clinician_id = b.clinician_id and a.id < b.id
      where a.status = 'booked' and b.status = 'booked' and a.start_at < b.end_at and b.start_at < a.end_at`);
  console.log(`POST .../book (contended: ${rest.length} bookings for ${hot.length} slots)  ${Math.round(contended.requests.average)} req/s  p50 ${contended.latency.p50} ms  p99 ${contended.latency.p99} ms  status ${JSON.stringify(codes)}  overlapping appointments after: ${overlaps[0].n}`);
  console.log(JSON.stringify({ db: db.kind, results, contended: { codes, p99: contended.latency.p99, overlaps: overlaps[0].n } }));
} finally {
  await server.stop();
  await dropDb?.();
}
