// Messaging (and health-record reads) on PostgreSQL at realistic volume, measured against the app in its OWN process.
//   1. Generates 100k patients (each with an account), 300k conversations, ~1M messages, 1.3M events (set-based SQL,
//      generate_series) into a throw-away database; 400 patients also get 400 lab results each (10 LOINC codes).
//   2. Starts `node --import tsx server/main.ts` on it (bench/app-process.ts) and loads it with autocannon from this
//      process, 100 connections, 10 s per scenario.
//   3. For each read scenario, captures the SQL one request sends (PORTICO_BENCH_CAPTURE_SQL, server/db/client.ts) and
//      replays it prepared through pgbench at --pg-clients connections: PostgreSQL's own speed for the same work, and the ratio.
// Usage: npm run bench -- messaging [--seconds 10] [--connections 100] [--pg-clients 10] [--patients 100000] [--threads 300000]
//          [--scale 1m] [--prepare on,off] [--profile] [--keep] [--reuse DBNAME] [--explain] [--skip-send]
//   --scale 1m       1,000,000 patients, 3,000,000 conversations, ~10M messages (--patients/--threads override)
//   --prepare on,off runs every scenario once per setting of PORTICO_DB_PREPARE (named prepared statements on / off)
//   --processes N    N app processes on one port (node:cluster, bench/cluster-main.ts); the SQL is captured only with 1
//   --patient-user-index  creates an index on app_user (patient_id) first (a lever to measure; without it, it is dropped)
//   --only KEY       one scenario: open, list, inbasket, results, search or send
//   --profile        one extra run of "open a conversation" under node --cpu-prof; prints the top self-time functions
//   --keep           keeps the database (prints "Kept database NAME" and a sample patient); --reuse NAME measures a kept one
//   PORTICO_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openPostgres } from '../server/db/client';
import { migrate } from '../server/db/migrate';
import { hashPassword } from '../server/platform/auth/passwords';
import { startAppProcess, summarizeCpuProfile, type AppProcess } from './app-process';
import { load, type BenchResult } from './harness';
import { captureRequest, pgbench, type Captured, type PgbenchResult } from './pgreplay';

const { values } = parseArgs({ options: {
  seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '100' }, 'pg-clients': { type: 'string', default: '10' },
  patients: { type: 'string' }, threads: { type: 'string' }, scale: { type: 'string' }, prepare: { type: 'string', default: 'on,off' },
  profile: { type: 'boolean', default: false }, keep: { type: 'boolean', default: false }, reuse: { type: 'string' },
  explain: { type: 'boolean', default: false }, 'skip-send': { type: 'boolean', default: false }, processes: { type: 'string', default: '1' }, only: { type: 'string' }, 'patient-user-index': { type: 'boolean', default: false },
} });
const duration = Number(values.seconds);
const connections = Number(values.connections);
const pgClients = Number(values['pg-clients']);
const processes = Number(values.processes);
const big = values.scale === '1m';
if (values.scale && !big) throw new Error('--scale: only "1m" (1,000,000 patients / ~10M messages) is known');
const P = Number(values.patients ?? (big ? 1_000_000 : 100_000));
const T = Number(values.threads ?? (big ? 3_000_000 : 300_000));
const PASSWORD = 'bench-password-1';
const OBS_PATIENTS = 400;
const LOINC = ['4548-4', '2345-7', '2093-3', '2085-9', '13457-7', '2571-8', '2160-0', '33914-3', '8480-6', '8462-4'];

const adminUrl = process.env.PORTICO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = values.reuse ?? `portico_bench_msg_${randomBytes(4).toString('hex')}`;
if (!/^[a-z0-9_]+$/.test(name)) throw new Error('--reuse: a database name of lowercase letters, digits and _');
if (!values.reuse) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
}
const dbUrl = new URL(adminUrl);
dbUrl.pathname = `/${name}`;
const db = await openPostgres(dbUrl.toString(), 20);
const t0 = Date.now();
const step = async (label: string, sql: string, params: unknown[] = []) => {
  const s = Date.now();
  await db.query(sql, params);
  console.log(`  ${label.padEnd(38)} ${((Date.now() - s) / 1000).toFixed(1)} s`);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function generate() {
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
           -- open conversations are due in the next 12–24 h: none is overdue, so the escalation job stays idle while measuring
           case when b.status = 'open' then now() + interval '12 hours' + (b.i % 720) * interval '1 minute' else b.started + interval '1 day' end,
           case when b.status = 'open' then now() + interval '12 hours' + (b.i % 720) * interval '1 minute' else b.started + interval '1 day' end,
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
  await step(`lab results (${OBS_PATIENTS} patients × 400)`, `
    insert into observation (patient_id, category, code, display, value_num, unit, ref_low, ref_high, interpretation, panel, effective_at)
    select p.id, 'laboratory', c.code, 'Test ' || c.code, 5 + (i % 40) / 10.0, 'mg/dL', 4, 8, case when i % 7 = 0 then 'H' else 'N' end,
           'Panel ' || (i % 5), now() - (i * interval '9 days') - (c.ord * interval '1 minute')
      from (select id from patient where org_id = $1 order by mrn limit ${OBS_PATIENTS}) p
      cross join unnest($2::text[]) with ordinality as c(code, ord) cross join generate_series(1, 40) i`, [org.id, LOINC]);
  await step('analyze', 'vacuum analyze');
  await db.query('drop table bench_plan');
  const [counts] = await db.query<{ p: number; t: number; m: number }>(
    'select (select count(*) from patient)::int p, (select count(*) from msg_thread)::int t, (select count(*) from msg_message)::int m');
  console.log(`Generated ${counts.p} patients, ${counts.t} conversations, ${counts.m} messages in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

type Scenario = { key: string; label: string; method: 'GET' | 'POST'; read: boolean;
  one: () => { path: string; headers: Record<string, string>; body?: string } };

try {
  if (!values.reuse) await generate();
  else console.log(`Measuring the kept database ${name}`);
  const [org] = await db.query<{ id: string }>("select id from organization where name = 'Bench Health' order by created_at limit 1");
  // Lever under test (not in the migrations yet): the thread queries' patient_locale subselect looks app_user up by patient_id.
  if (values['patient-user-index']) await step('index app_user (patient_id)', 'create index if not exists bench_app_user_patient on app_user (patient_id) where patient_id is not null');
  else await db.query('drop index if exists bench_app_user_patient');
  // Patients with lab results and a conversation that is not closed: the first 100 are read, the next 100 send messages
  // (so the conversations that are opened do not grow during the run).
  const sample = await db.query<{ email: string; patient_id: string; thread_id: string }>(
    `select distinct on (t.patient_id) u.email, t.patient_id, t.id as thread_id from msg_thread t join app_user u on u.patient_id = t.patient_id
      where t.status <> 'closed' and t.patient_id in (select id from patient where org_id = $1 order by mrn limit ${OBS_PATIENTS})
      order by t.patient_id, t.created_at desc limit 200`, [org.id]);
  const [busy] = await db.query<{ open: number }>("select count(*)::int as open from msg_thread t join msg_pool p on p.id = t.pool_id where p.name = 'Clinic 1 – Nurses' and t.status = 'open'");
  const [size] = await db.query<{ p: number; m: number }>('select (select count(*) from patient)::int p, (select count(*) from msg_message)::int m');
  const [[openSample]] = [await db.query<{ email: string }>(
    "select u.email from msg_thread t join app_user u on u.patient_id = t.patient_id where t.status = 'open' order by t.created_at desc limit 1")];
  if (values.keep) console.log(`Sample patient: ${openSample.email} ${PASSWORD}`);

  const captureFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'portico-capture-')), 'sql.jsonl');
  const modes = values.prepare.split(',').map((m) => m.trim()).filter(Boolean);
  const cookies = new Map<string, string>();
  let readers: ((typeof sample)[number] & { cookie: string })[] = [];
  let senders: typeof readers = [];
  let nurse = '';
  const appResults = new Map<string, BenchResult>(); // `${mode} ${key}`
  const pgResults = new Map<string, PgbenchResult>();
  const captured = new Map<string, Captured[]>();

  const login = async (url: string, email: string) => {
    if (cookies.has(email)) return cookies.get(email)!;
    const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
    const cookie = res.headers.get('set-cookie')?.split(';')[0];
    if (!res.ok || !cookie) throw new Error(`login ${email} failed: ${res.status} ${await res.text()}`);
    cookies.set(email, cookie);
    return cookie;
  };
  let n = 0;
  const reader = () => readers[n++ % readers.length];
  const scenarios: Scenario[] = [
    { key: 'open', label: 'GET /api/threads/:id (open a conversation)', method: 'GET', read: true,
      one: () => { const p = reader(); return { path: `/api/threads/${p.thread_id}`, headers: { cookie: p.cookie } }; } },
    { key: 'list', label: 'GET /api/threads (my conversation list)', method: 'GET', read: true,
      one: () => ({ path: '/api/threads', headers: { cookie: reader().cookie } }) },
    { key: 'inbasket', label: `GET /api/inbasket?limit=50 (busy pool, ${busy.open} open)`, method: 'GET', read: true,
      one: () => ({ path: '/api/inbasket?limit=50', headers: { cookie: nurse } }) },
    { key: 'results', label: 'GET /api/record/results?code=4548-4 (by LOINC)', method: 'GET', read: true,
      one: () => ({ path: '/api/record/results?code=4548-4', headers: { cookie: reader().cookie } }) },
    { key: 'search', label: 'GET /api/patients/:id/messages?q= (chart history search)', method: 'GET', read: true,
      one: () => ({ path: `/api/patients/${reader().patient_id}/messages?q=metformin`, headers: { cookie: nurse } }) },
    ...(values['skip-send'] ? [] : [{ key: 'send', label: 'POST /api/threads/:id/messages (send a message)', method: 'POST' as const, read: false,
      one: () => {
        const p = senders[n++ % senders.length];
        return { path: `/api/threads/${p.thread_id}/messages`, headers: { cookie: p.cookie, 'content-type': 'application/json' },
          body: JSON.stringify({ body: 'Readings this week after metformin: 128, 135, 141.', idempotencyKey: randomUUID() }) };
      } }]),
  ];

  const loadWindow = [0, 0];
  const measure = async (app: AppProcess, mode: string, only?: string) => {
    const ready = sample.slice(0, 200);
    for (let i = 0; i < ready.length; i += 8) await Promise.all(ready.slice(i, i + 8).map((s) => login(app.url, s.email)));
    readers = sample.slice(0, 100).map((s) => ({ ...s, cookie: cookies.get(s.email)! }));
    senders = sample.slice(100, 200).map((s) => ({ ...s, cookie: cookies.get(s.email)! }));
    nurse = await login(app.url, 'staff11@bench.test');
    for (const s of scenarios) {
      if (only && s.key !== only) continue;
      if (s.read && !captured.has(s.key) && app.captureFile) {
        const one = s.one();
        const stmts = await captureRequest(app, async () => {
          const res = await fetch(`${app.url}${one.path}`, { headers: one.headers });
          if (!res.ok) throw new Error(`${s.label}: ${res.status} ${await res.text()}`);
          await res.arrayBuffer();
        });
        captured.set(s.key, stmts);
      }
      loadWindow[0] = Date.now();
      const r = await load(`[prepare ${mode}] ${s.label}`, { url: app.url, connections, duration,
        requests: [{ method: s.method, setupRequest: ((req: Record<string, unknown>) => ({ ...req, ...s.one() })) as never }] });
      loadWindow[1] = Date.now();
      appResults.set(`${mode} ${s.key}`, r);
      // Requests autocannon gave up on are still queued in the app: one more request waits behind them, so the next
      // scenario starts on a drained app.
      const probe = s.one();
      await fetch(`${app.url}${probe.path}`, { headers: probe.headers, signal: AbortSignal.timeout(120_000) }).then((x) => x.arrayBuffer()).catch(() => undefined);
      if (s.read && !pgResults.has(s.key) && captured.has(s.key)) {
        await sleep(500);
        const pr = await pgbench(dbUrl.toString(), captured.get(s.key)!, pgClients, duration, s.key);
        pgResults.set(s.key, pr);
        console.log(`${'  PostgreSQL alone, same SQL (pgbench -M prepared)'.padEnd(40)} ${String(pr.tps).padStart(7)} tps     ${pr.statements} statements, avg ${pr.latencyMs} ms at ${pgClients} clients   ratio app/PG ${(r.rps / pr.tps).toFixed(2)}`);
      }
    }
  };

  console.log(`\nMachine: ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (${new Date().toISOString()})`);
  for (const mode of modes) {
    const app = await startAppProcess({ databaseUrl: dbUrl.toString(), env: { PORTICO_DB_PREPARE: mode === 'off' ? 'false' : 'true' },
      captureFile: mode === modes[0] && processes === 1 ? captureFile : undefined, processes });
    try {
      await measure(app, mode, values.only);
    } finally {
      await app.stop();
    }
  }

  if (values.profile) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-cpuprof-'));
    const app = await startAppProcess({ databaseUrl: dbUrl.toString(), cpuProfDir: dir });
    try {
      await measure(app, `${modes[0]} + cpu-prof`, 'open');
    } finally {
      await app.stop();
    }
    const exited = Date.now();
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (file) {
      const prof = summarizeCpuProfile(path.join(dir, file), 20, [exited - loadWindow[1], exited - loadWindow[0]]);
      console.log(`\nCPU profile of the app process during the load of "open a conversation" (${path.join(dir, file)}; ${prof.totalMs} ms sampled):`);
      console.log('  by package / source folder (self time):');
      for (const f of prof.groups) console.log(`  ${String(f.pct).padStart(5)} %  ${String(f.selfMs).padStart(6)} ms  ${f.name}`);
      console.log('  top functions (self time):');
      for (const f of prof.functions) console.log(`  ${String(f.pct).padStart(5)} %  ${String(f.selfMs).padStart(6)} ms  ${f.name}`);
    }
  }

  console.log(`\nData: ${size.p} patients, ${size.m} messages; busy pool ${busy.open} open conversations. ${connections} HTTP connections, `
    + `${duration} s per scenario; ${processes} app process(es); pgbench ${pgClients} clients (= the app's PostgreSQL pool). Load average now ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}.`);
  console.log(`\n| Scenario | ${modes.map((m) => `prepare ${m}: req/s · p50 · p99`).join(' | ')} | PostgreSQL alone (same SQL, prepared) | ratio app/PG (${modes[0]}) |`);
  console.log(`|---|${modes.map(() => '---:|').join('')}---:|---:|`);
  for (const s of scenarios) {
    const cells = modes.map((m) => { const r = appResults.get(`${m} ${s.key}`); return r ? `${r.rps} · ${r.p50} ms · ${r.p99} ms${r.errors + r.non2xx ? ` (${r.errors}/${r.non2xx} err)` : ''}` : '–'; });
    const pr = pgResults.get(s.key);
    const first = appResults.get(`${modes[0]} ${s.key}`);
    console.log(`| ${s.label} | ${cells.join(' | ')} | ${pr ? `${pr.tps} tps (${pr.statements} stmts)` : '–'} | ${pr && first ? (first.rps / pr.tps).toFixed(2) : '–'} |`);
  }
  for (const [key, stmts] of captured) {
    console.log(`\n-- SQL of one "${key}" request (${stmts.length} statements):`);
    for (const c of stmts) console.log(`   ${c.sql.replace(/\s+/g, ' ').trim().slice(0, 160)}`);
  }

  if (values.explain) {
    for (const [key, stmts] of captured) {
      for (const c of stmts) {
        if (!/^\s*(select|with)/i.test(c.sql)) continue;
        const rows = await db.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers off, costs off) ${c.sql}`, c.params);
        console.log(`\n-- ${key}: ${c.sql.replace(/\s+/g, ' ').trim().slice(0, 100)}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`);
      }
    }
  }
} finally {
  await db.close();
  if (!values.keep) {
    const a = new pg.Client({ connectionString: adminUrl });
    await a.connect();
    await a.query(`drop database if exists ${name} with (force)`);
    await a.end();
  } else console.log(`Kept database ${name}`);
}
