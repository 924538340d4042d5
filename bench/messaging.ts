// Messaging benchmark on PostgreSQL at realistic volume: 100k patients, 300k conversations, ~1M messages, generated
// with set-based SQL (generate_series) into a throw-away database, then measured with autocannon at 100 connections.
// Usage: npx tsx bench/messaging.ts [--seconds 10] [--connections 100] [--patients 100000] [--threads 300000] [--keep] [--explain]
//   PORTICO_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server; the database is dropped at the end.
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { openPostgres } from '../server/db/client';
import { migrate } from '../server/db/migrate';
import { hashPassword } from '../server/platform/auth/passwords';
import { load, type BenchResult } from './harness';

const { values } = parseArgs({ options: {
  seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '100' }, patients: { type: 'string', default: '100000' },
  threads: { type: 'string', default: '300000' }, keep: { type: 'boolean', default: false }, explain: { type: 'boolean', default: false },
} });
const duration = Number(values.seconds);
const connections = Number(values.connections);
const P = Number(values.patients);
const T = Number(values.threads);
const PASSWORD = 'bench-password-1';

const adminUrl = process.env.PORTICO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `portico_bench_msg_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${name}`);
await admin.end();
const dbUrl = new URL(adminUrl);
dbUrl.pathname = `/${name}`;
const db = await openPostgres(dbUrl.toString(), 20);
const t0 = Date.now();
const step = async (label: string, sql: string, params: unknown[] = []) => {
  const s = Date.now();
  await db.query(sql, params);
  console.log(`  ${label.padEnd(38)} ${((Date.now() - s) / 1000).toFixed(1)} s`);
};

try {
  await migrate(db);
  console.log(`Generating ${P} patients, ${T} conversations into ${name}`);
  const hash = await hashPassword(PASSWORD);
  const [org] = await db.query<{ id: string }>("insert into organization (name) values ('Bench Health') returning id");
  await step('clinics, staff, pools, routing', `
    insert into clinic (org_id, slug, name, specialty) select $1, 'bench-' || i, 'Clinic ' || i, 'Primary care' from generate_series(1, 3) i;
  `, [org.id]);
  await db.query(`insert into app_user (email, password_hash, role, display_name, credentials, org_id)
    select 'staff' || i || '@bench.test', $2, case when i <= 10 then 'physician' else 'nurse' end, 'Staff ' || i,
           case when i <= 10 then 'MD' else 'RN' end, $1 from generate_series(1, 40) i`, [org.id, hash]);
  await db.query(`insert into staff_clinic (user_id, clinic_id) select u.id, c.id from app_user u cross join clinic c where u.org_id = $1 and c.org_id = $1 and u.role <> 'patient'`, [org.id]);
  await db.query(`insert into msg_category (org_id, code, label, billable, sort_order)
    select $1, code, initcap(replace(code, '_', ' ')), code not in ('refill', 'appointment', 'billing'), ord
      from unnest(array['medical_question','refill','appointment','test_results','home_readings','side_effect','referral','billing']) with ordinality as x(code, ord)`, [org.id]);
  await db.query(`insert into msg_pool (org_id, clinic_id, name, target_business_hours, is_default, lead_user_id)
    select $1, c.id, c.name || ' – ' || k, 9, k = 'Nurses', (select id from app_user where email = 'staff1@bench.test')
      from clinic c cross join unnest(array['Nurses', 'Refills', 'Scheduling']) k where c.org_id = $1`, [org.id]);
  await db.query(`insert into msg_routing_rule (clinic_id, category_code, pool_id)
    select c.id, cat.code, pl.id from clinic c cross join msg_category cat
      join msg_pool pl on pl.clinic_id = c.id and pl.name = c.name || ' – ' || case cat.code when 'refill' then 'Refills' when 'appointment' then 'Scheduling' else 'Nurses' end
     where c.org_id = $1 and cat.org_id = $1`, [org.id]);
  // Five nurses work the busiest pool (Clinic 1 – Nurses); staff11 is the one we measure.
  await db.query(`insert into msg_pool_member (pool_id, user_id) select pl.id, u.id from msg_pool pl join app_user u on u.email in
    ('staff11@bench.test','staff12@bench.test','staff13@bench.test','staff14@bench.test','staff15@bench.test') where pl.name = 'Clinic 1 – Nurses'`);
  await db.query(`insert into msg_pool_member (pool_id, user_id) select pl.id, u.id from msg_pool pl join app_user u on u.org_id = pl.org_id and u.role = 'nurse'
    where pl.name <> 'Clinic 1 – Nurses' and pl.org_id = $1 and regexp_replace(u.email, '[^0-9]', '', 'g')::int > 15`, [org.id]);

  await step('patients + patient accounts', `
    with c as (select array_agg(id order by slug) ids from clinic where org_id = $1),
         d as (select array_agg(id order by email) ids from app_user where org_id = $1 and role = 'physician')
    insert into patient (org_id, mrn, given_name, family_name, birth_date, sex, primary_clinic_id, primary_provider_id)
    select $1, 'B' || i, (array['Ava','Ben','Carla','Dennis','Evelyn','Frank','Gloria','Harold'])[1 + i % 8], 'Family' || (i % 997),
           date '1940-01-01' + (i % 20000), case when i % 2 = 0 then 'female' else 'male' end,
           (select ids[1 + (i % 3)] from c), (select ids[1 + (i % 10)] from d)
      from generate_series(1, $2) i`, [org.id, P]);
  await step('', `insert into app_user (email, password_hash, role, display_name, org_id, patient_id)
    select 'p' || lower(p.mrn) || '@bench.test', $2, 'patient', p.given_name || ' ' || p.family_name, $1, p.id from patient p where p.org_id = $1`, [org.id, hash]);

  // One row per conversation to generate from: patient, pool, status, message count, start time.
  await step('conversation plan', `
    create table bench_plan as
    select i, gen_random_uuid() as id, p.id as patient_id, u.id as user_id, p.primary_clinic_id as clinic_id,
           (array['medical_question','refill','appointment','test_results','home_readings','side_effect','referral','billing'])[1 + (i * 7) % 8] as category,
           case when i % 10 = 0 then 'open' when i % 10 < 4 then 'answered' else 'closed' end as status,
           case when i % 10 = 0 then 3 when i % 3 = 0 then 4 else 3 end as n,
           case when i % 10 = 0 then now() - ((i % 4000) * interval '1 minute') else now() - ((i % 365) * interval '1 day') - ((i % 600) * interval '1 minute') end as started
      from generate_series(1, $2) i
      join patient p on p.org_id = $1 and p.mrn = 'B' || (1 + (i::bigint * 7919) % $3)
      join app_user u on u.patient_id = p.id`, [org.id, T, P]);
  await step('conversations', `
    insert into msg_thread (id, org_id, patient_id, clinic_id, category_code, subject, status, pool_id, created_by, created_at, last_message_at,
        last_staff_message_at, awaiting_since, due_at, first_due_at, first_response_at, closed_at, resolution)
    select b.id, $1, b.patient_id, b.clinic_id, b.category, 'Question ' || b.i, b.status,
           coalesce(r.pool_id, (select id from msg_pool where clinic_id = b.clinic_id and is_default)), b.user_id, b.started,
           b.started + (b.n - 1) * interval '3 hours',
           case when b.status <> 'open' then b.started + interval '3 hours' end,
           case when b.status = 'open' then b.started + (b.n - 1) * interval '3 hours' end,
           b.started + interval '1 day', b.started + interval '1 day',
           b.started + interval '3 hours', case when b.status = 'closed' then b.started + interval '2 days' end,
           case when b.status = 'closed' then 'Answered' end
      from bench_plan b left join msg_routing_rule r on r.clinic_id = b.clinic_id and r.category_code = b.category`, [org.id]);
  await step('messages (~1M, full-text indexed)', `
    insert into msg_message (thread_id, patient_id, author_id, kind, body, created_at)
    select b.id, b.patient_id,
           case when k % 2 = 1 or b.status = 'open' and k = b.n then b.user_id else (select id from app_user where email = 'staff' || (11 + (b.i + k) % 30) || '@bench.test') end,
           case when k % 2 = 1 or b.status = 'open' and k = b.n then 'patient' else 'staff_reply' end,
           (array['My sugar was', 'I need a refill of', 'Side effect from', 'Question about', 'Readings this week after', 'Can I stop taking',
                  'Rash since starting', 'Dizzy after', 'Please send more', 'Is it safe to take'])[1 + (b.i + k) % 10] || ' ' ||
           (array['metformin', 'lisinopril', 'insulin glargine', 'atorvastatin', 'amlodipine', 'losartan', 'sitagliptin', 'empagliflozin',
                  'glipizide', 'semaglutide', 'aspirin', 'hydrochlorothiazide'])[1 + (b.i * 3 + k) % 12] || '. ' ||
           (array['Morning readings were 130 to 150.', 'It started two days ago.', 'I have about a week left.', 'Should I come in?',
                  'Thank you for your help.', 'I feel fine otherwise.', 'My pharmacy is Walgreens on Magnolia.'])[1 + (b.i + 2 * k) % 7] ||
           ' Ref ' || b.i || '-' || k,
           b.started + (k - 1) * interval '3 hours'
      from bench_plan b cross join lateral generate_series(1, b.n) k`);
  await step('events', `
    insert into msg_event (thread_id, message_id, kind, actor_id, at)
    select m.thread_id, m.id, case m.kind when 'patient' then 'sent' else 'answered' end, m.author_id, m.created_at from msg_message m`);
  await step('', `insert into msg_event (thread_id, kind, pool_id, at) select id, 'routed', pool_id, created_at from msg_thread`);
  await step('analyze', 'vacuum analyze');
  await db.query('drop table bench_plan');
  const [counts] = await db.query<{ p: number; t: number; m: number }>(
    'select (select count(*) from patient)::int p, (select count(*) from msg_thread)::int t, (select count(*) from msg_message)::int m');
  console.log(`Generated ${counts.p} patients, ${counts.t} conversations, ${counts.m} messages in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

  const config = loadConfig({ ...process.env, DATABASE_URL: dbUrl.toString(), PORTICO_LOG_LEVEL: 'silent', NODE_ENV: 'test', PORTICO_SEED_DEMO: 'false' });
  const app = await buildApp(db, config, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const login = async (email: string) => {
    const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
    const cookie = res.headers.get('set-cookie')?.split(';')[0];
    if (!res.ok || !cookie) throw new Error(`login ${email} failed: ${res.status}`);
    return cookie;
  };
  // 100 patients (one per connection on average), each with a conversation to open and reply to.
  const sample = await db.query<{ email: string; patient_id: string; thread_id: string }>(
    `select distinct on (t.patient_id) u.email, t.patient_id, t.id as thread_id from msg_thread t join app_user u on u.patient_id = t.patient_id
      where t.status <> 'closed' and t.patient_id in (select id from patient order by mrn limit 2000) order by t.patient_id, t.created_at desc limit 100`);
  const patients: ((typeof sample)[number] & { cookie: string })[] = [];
  for (const s of sample) patients.push({ ...s, cookie: await login(s.email) });
  const nurse = await login('staff11@bench.test');
  let n = 0;
  const pick = () => patients[n++ % patients.length];
  const results: BenchResult[] = [];
  const run = async (label: string, setup: (req: Record<string, unknown>) => Record<string, unknown>, method = 'GET') =>
    results.push(await load(label, { url, connections, duration, requests: [{ method: method as 'GET', setupRequest: setup as never }] }));

  await run('POST /api/threads/:id/messages (send)', (req) => {
    const p = pick();
    return { ...req, path: `/api/threads/${p.thread_id}/messages`, headers: { cookie: p.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'Readings this week after metformin: 128, 135, 141.', idempotencyKey: randomUUID() }) };
  }, 'POST');
  await run('GET /api/threads (patient list)', (req) => ({ ...req, path: '/api/threads', headers: { cookie: pick().cookie } }));
  await run('GET /api/threads/:id (open conversation)', (req) => { const p = pick(); return { ...req, path: `/api/threads/${p.thread_id}`, headers: { cookie: p.cookie } }; });
  await run('GET /api/inbasket (busy pool, first page)', (req) => ({ ...req, path: '/api/inbasket?limit=50', headers: { cookie: nurse } }));
  await run('GET /api/patients/:id/messages?q= (search)', (req) => {
    const p = pick();
    return { ...req, path: `/api/patients/${p.patient_id}/messages?q=metformin`, headers: { cookie: nurse } };
  });
  const [busy] = await db.query<{ open: number }>("select count(*)::int as open from msg_thread t join msg_pool p on p.id = t.pool_id where p.name = 'Clinic 1 – Nurses' and t.status = 'open'");
  console.log(`Busy pool open conversations: ${busy.open}`);
  console.log('\n| Scenario | req/s | p50 | p99 | errors / non-2xx |\n|---|---:|---:|---:|---:|');
  for (const r of results) console.log(`| ${r.name} | ${r.rps} | ${r.p50} ms | ${r.p99} ms | ${r.errors} / ${r.non2xx} |`);

  if (values.explain) {
    const [u] = await db.query<{ id: string }>("select id from app_user where email = 'staff11@bench.test'");
    const show = async (label: string, sql: string, params: unknown[]) => {
      const rows = await db.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers off, costs off) ${sql}`, params);
      console.log(`\n-- ${label}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`);
    };
    const p = patients[0];
    await show('in-basket ids (pool union assignee)', `select t.id from msg_thread t join msg_pool_member pm on pm.pool_id = t.pool_id and pm.user_id = $1
      where t.status = 'open' union select t.id from msg_thread t where t.assignee_id = $1 and t.status = 'open'`, [u.id]);
    await show('patient list', `select t.id from msg_thread t where t.patient_id = $1 order by t.last_message_at desc limit 100`, [p.patient_id]);
    await show('search', `select m.id from msg_message m join msg_thread t on t.id = m.thread_id where m.patient_id = $1 and t.org_id = $2
      and m.search @@ websearch_to_tsquery('english', 'metformin') order by m.created_at desc limit 50`, [p.patient_id, org.id]);
  }
  await app.close();
} finally {
  await db.close();
  if (!values.keep) {
    const a = new pg.Client({ connectionString: adminUrl });
    await a.connect();
    await a.query(`drop database if exists ${name} with (force)`);
    await a.end();
  } else console.log(`Kept database ${name}`);
}
