// Directory and billing benchmark: find-a-doctor search latency, then card payment throughput, at 100 concurrent clients.
// Usage: npx tsx bench/directory.ts [--seconds 10] [--connections 100] [--pg]
//   --pg: run on a throw-away PostgreSQL database (PORTICO_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres)
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { load, startBenchServer, throwawayPostgres } from './harness';
import { issueStatement } from '../server/features/billing/statements';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '100' }, pg: { type: 'boolean' } } });
const duration = Number(values.seconds);
const connections = Number(values.connections);

const dropDb = values.pg ? await throwawayPostgres() : undefined;

const server = await startBenchServer();
try {
  const db = server.db;
  const [{ n: clinicians }] = await db.query<{ n: number }>('select count(*)::int as n from clinician_profile');
  console.log(`Directory and billing benchmark on ${db.kind}: ${clinicians} clinicians, ${connections} connections × ${duration} s per scenario`);
  const ava = await server.login('ava.patient@demo.portico.test');
  for (const [name, path] of [
    ['search: partial word "cardio"', '/api/directory/clinicians?q=cardio'],
    ['search: typo "Okafr" (fuzzy pass)', '/api/directory/clinicians?q=Okafr'],
    ['search: specialty + language filters', '/api/directory/clinicians?specialty=Nephrology&language=Spanish'],
    ['phone directory', '/api/directory/phones'],
  ] as const) await load(name, { url: `${server.url}${path}`, headers: { cookie: ava }, connections, duration });
  // The same two searches from a single client: the latency one person sees when the server is not queueing.
  for (const [name, path] of [['search "cardio", 1 client', '/api/directory/clinicians?q=cardio'], ['search "Okafr", 1 client', '/api/directory/clinicians?q=Okafr']] as const)
    await load(name, { url: `${server.url}${path}`, headers: { cookie: ava }, connections: 1, duration: Math.min(duration, 5) });

  // Payments: every demo patient gets a portal account and a large statement, so payments never run out of balance.
  // Each client signs in as one patient (clients share patients round-robin) and repeats tokenize → pay ($1.00, fresh key).
  const [org] = await db.query<{ id: string }>('select id from organization order by created_at limit 1');
  const [{ password_hash }] = await db.query<{ password_hash: string }>("select password_hash from app_user where email = 'ava.patient@demo.portico.test'");
  const patients = await db.query<{ id: string; mrn: string; has: boolean }>(
    'select p.id, p.mrn, exists (select 1 from app_user u where u.patient_id = p.id) as has from patient p where p.org_id = $1 order by p.mrn', [org.id]);
  const emails: string[] = [];
  for (const p of patients) {
    const email = p.has ? (await db.query<{ email: string }>('select email from app_user where patient_id = $1', [p.id]))[0].email : `bench.${p.mrn.toLowerCase()}@bench.test`;
    if (!p.has) await db.query("insert into app_user (email, password_hash, role, display_name, org_id, patient_id) values ($1,$2,'patient',$3,$4,$5)", [email, password_hash, p.mrn, org.id, p.id]);
    await db.tx((q) => issueStatement(q, { orgId: org.id, patientId: p.id, statementNumber: `BENCH-${p.mrn}`, statementDate: '2026-01-01', dueDate: '2099-01-01',
      charges: [{ serviceDate: '2026-01-01', service: 'Benchmark charge', billedCents: 100_000_000, insurancePaidCents: 0, adjustmentCents: 0 }] }));
    emails.push(email);
  }
  const statements = new Map<string, string>();
  const cookies: string[] = [];
  for (const email of emails) {
    cookies.push(await server.login(email));
    const [s] = await db.query<{ id: string }>(
      "select s.id from statement s join guarantor_account a on a.id = s.account_id join app_user u on u.patient_id = a.patient_id where u.email = $1 and s.statement_number like 'BENCH-%'", [email]);
    statements.set(cookies[cookies.length - 1], s.id);
  }
  for (const [label, pool] of [[`payments: ${connections} clients over ${cookies.length} accounts`, cookies], [`payments: ${connections} clients, one account`, cookies.slice(0, 1)]] as const) {
    const before = (await db.query<{ n: number }>("select count(*)::int as n from payment where status = 'succeeded'"))[0].n;
    let next = 0;
    const t0 = performance.now();
    const r = await load(`${label} (tokenize + pay)`, {
      url: server.url, connections, duration,
      requests: [
        {
          method: 'POST', path: '/api/billing/card-tokens',
          setupRequest: (req, ctx) => {
            const context = ctx as Record<string, unknown>;
            context.cookie ??= pool[next++ % pool.length];
            return { ...req, headers: { 'content-type': 'application/json', cookie: context.cookie as string },
              body: JSON.stringify({ number: '4242424242424242', expMonth: 12, expYear: 2099, cvc: '123' }) };
          },
          onResponse: (_status, body, ctx) => {
            const context = ctx as Record<string, unknown>;
            try { context.token = JSON.parse(body).token; } catch { context.token = 'none'; }
          },
        },
        {
          method: 'POST', path: '/api/billing/payments',
          setupRequest: (req, ctx) => {
            const context = ctx as Record<string, unknown>;
            return { ...req, headers: { 'content-type': 'application/json', cookie: context.cookie as string },
              body: JSON.stringify({ statementId: statements.get(context.cookie as string), amountCents: 100, token: context.token, idempotencyKey: randomUUID() }) };
          },
        },
      ],
    });
    const secs = (performance.now() - t0) / 1000;
    const after = (await db.query<{ n: number }>("select count(*)::int as n from payment where status = 'succeeded'"))[0].n;
    const [{ bad }] = await db.query<{ bad: number }>(
      `select count(*)::int as bad from statement s where s.statement_number like 'BENCH-%' and s.balance_cents <>
         s.amount_due_cents - (select coalesce(sum(p.amount_cents), 0) from payment p where p.statement_id = s.id and p.status = 'succeeded')`);
    console.log(`  → ${after - before} payments in ${secs.toFixed(1)} s = ${((after - before) / secs).toFixed(0)} payments/s; balances consistent: ${bad === 0 ? 'yes' : `NO (${bad})`}; non-2xx ${r.non2xx}`);
  }
} finally {
  await server.stop();
  await dropDb?.();
}
