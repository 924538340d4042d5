import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Actor, type Role } from './actor';
import { can, parseRoutePermission, routeRule, type Permission } from './policy';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildOrg, buildPatient, buildRoleUsers, buildThread, buildUser } from '../../testing/factories';

// The generated access matrix: every route in /api/openapi.json × every role × (own / another patient's / another
// organization's ids). The expected outcome of each case comes from the policy table (policy.ts), never from the route:
//   role without a rule → 403; a patient or thread out of the role's reach → 404; a chart the role reaches only by
//   break-glass → 403 break_glass_required; within reach → anything but 401/403/404 (and never a 5xx).
// A signed-in route without a policy entry fails the first test, by name.

type Op = { method: string; path: string; policy: string | null; permission: Permission | null; access: unknown; queryNames: string[]; hasBody: boolean };
type Scope = 'own' | 'other' | 'otherOrg';
const SCOPES: Scope[] = ['own', 'other', 'otherOrg'];
const MISSING = '00000000-0000-4000-8000-00000000a11d';

/** Routes the matrix cannot call with a plain request, with the reason; they are still checked for refused roles. */
const NOT_CALLED_WHEN_ALLOWED: Record<string, string> = {
  'GET /api/events': 'a server-sent event stream that stays open',
  'POST /api/auth/logout': 'ends the session the matrix signs in with',
};

let t: TestApp;
let ops: Op[] = [];
const cookies = {} as Record<Role, string>;
const actors = {} as Record<Role, Pick<Actor, 'role' | 'orgId' | 'patientId'>>;
const patientIds = {} as Record<Scope, string>;
const threads = {} as Record<Scope, { id: string; patientId: string; orgId: string; category: string }>;
let orgId = '';
let otherOrgId = '';

beforeAll(async () => {
  t = await testApp();
  const org = await buildOrg(t.db);
  const other = await buildOrg(t.db);
  orgId = org.orgId;
  otherOrgId = other.orgId;
  const a = await buildPatient(t.db, org.orgId, { clinicId: org.clinicId });
  const b = await buildPatient(t.db, org.orgId, { clinicId: org.clinicId });
  const c = await buildPatient(t.db, other.orgId, { clinicId: other.clinicId });
  Object.assign(patientIds, { own: a.patientId, other: b.patientId, otherOrg: c.patientId });
  const alice = await buildUser(t.db, { orgId: org.orgId, role: 'patient', patientId: a.patientId });
  const staff = await buildRoleUsers(t.db, org.orgId, org.clinicId);
  const otherNurse = await buildUser(t.db, { orgId: other.orgId, role: 'nurse', clinicIds: [other.clinicId] });
  for (const [scope, p, o, by] of [['own', a, org, staff.nurse], ['other', b, org, staff.nurse], ['otherOrg', c, other, otherNurse]] as const) {
    const th = await buildThread(t.db, { orgId: o.orgId, clinicId: o.clinicId, patientId: p.patientId, createdBy: by.userId });
    threads[scope] = { id: th.threadId, patientId: p.patientId, orgId: o.orgId, category: 'medical_question' };
  }
  cookies.patient = await login(t.app, alice.email);
  actors.patient = { role: 'patient', orgId: org.orgId, patientId: a.patientId };
  for (const role of ROLES) {
    if (role === 'patient') continue;
    cookies[role] = await login(t.app, staff[role].email);
    actors[role] = { role, orgId: org.orgId, patientId: null };
  }
  const spec = json(await t.app.inject({ url: '/api/openapi.json' }));
  type SpecOp = { 'x-portico-access': unknown; 'x-portico-policy'?: unknown; parameters?: { in: string; name: string }[]; requestBody?: unknown };
  for (const [path, byMethod] of Object.entries<Record<string, SpecOp>>(spec.paths))
    for (const [method, op] of Object.entries(byMethod)) {
      const parsed = parseRoutePermission(op['x-portico-policy']);
      ops.push({
        method: method.toUpperCase(), path, access: op['x-portico-access'],
        policy: parsed ? String(op['x-portico-policy']) : null, permission: parsed?.permission ?? null,
        queryNames: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name), hasBody: op.requestBody !== undefined,
      });
    }
}, 300_000);
afterAll(() => t.close());

/** The URL for one case: patient ids and conversation ids by scope; any other id is one that does not exist. */
function urlFor(op: Op, scope: Scope): { url: string; patientScoped: boolean; thread: boolean; otherIds: boolean } {
  let patientScoped = false; let thread = false; let otherIds = false;
  let url = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (name === 'patientId') { patientScoped = true; return patientIds[scope]; }
    if (name === 'id' && op.path.startsWith('/api/threads/')) { thread = true; return threads[scope].id; }
    if (name === 'key') return 'new';
    otherIds = true;
    return MISSING;
  });
  if (op.queryNames.includes('patientId')) { patientScoped = true; url += `?patientId=${patientIds[scope]}`; }
  return { url, patientScoped, thread, otherIds };
}

type Expect = { status: number } | { oneOf: number[] } | { not: number[] } | { breakGlass: true };

/** The outcome the policy table predicts for one case. */
function expected(op: Op, role: Role, scope: Scope): Expect {
  const permission = op.permission as Permission;
  const rule = routeRule(role, op.policy as Parameters<typeof routeRule>[1]);
  if (!rule) return { status: 403 };
  const u = urlFor(op, scope);
  const [kind, action] = [permission.slice(0, permission.lastIndexOf('.')), permission.slice(permission.lastIndexOf('.') + 1)];
  const actor = actors[role];
  if (u.patientScoped) {
    const pid = patientIds[scope];
    const pOrg = scope === 'otherOrg' ? otherOrgId : orgId;
    if (rule.scope === 'break-glass') return pOrg === actor.orgId ? { breakGlass: true } : { status: 404 };
    if (!can(actor, action, { kind, patientId: pid, orgId: pOrg })) return { status: 404 };
  }
  if (u.thread) {
    const th = threads[scope];
    // Conversations are reached through the read scope; the route's own permission then decides the action.
    const reach = can(actor, 'read', { kind: 'conversation', patientId: th.patientId, orgId: th.orgId, category: th.category })
      || (rule.scope === 'self' && th.patientId === actor.patientId);
    // Out of reach: 404, or a 400 for a request body the matrix does not fill in (validated first; it reveals nothing).
    if (!reach || !can(actor, action, { kind, patientId: th.patientId, orgId: th.orgId, category: th.category }))
      return op.hasBody ? { oneOf: [400, 404] } : { status: 404 };
  }
  return { not: u.otherIds ? [401, 403] : [401, 403, 404] };
}

describe('access matrix (generated from /api/openapi.json and the policy table)', () => {
  it('every signed-in route has a policy entry', () => {
    const missing = ops.filter((o) => o.access !== 'public' && !o.policy).map((o) => `${o.method} ${o.path}`);
    expect(missing, 'add these routes to ROUTE_POLICY in server/platform/access/routes-policy.ts (or `policy:` on the route)').toEqual([]);
  });

  it('every route answers every role as the policy says, for own, other-patient and other-organization ids', async () => {
    const failures: string[] = [];
    let cases = 0;
    for (const op of ops) {
      if (op.access === 'public' || !op.policy) continue;
      const hasIds = /\{/.test(op.path) || op.queryNames.includes('patientId');
      for (const role of ROLES) {
        for (const scope of hasIds ? SCOPES : (['own'] as Scope[])) {
          const want = expected(op, role, scope);
          const key = `${op.method} ${op.path}`;
          if (!('status' in want && want.status === 403) && NOT_CALLED_WHEN_ALLOWED[key]) continue;
          const { url } = urlFor(op, scope);
          const res = await t.app.inject({ method: op.method as 'GET', url, headers: { cookie: cookies[role] },
            payload: op.method === 'GET' || op.method === 'DELETE' ? undefined : {} });
          cases++;
          const got = res.statusCode;
          const label = `${key} as ${role} (${scope}) → ${got}`;
          if (got >= 500) failures.push(`${label}: server error`);
          else if ('status' in want) { if (got !== want.status) failures.push(`${label}, expected ${want.status}`); }
          else if ('oneOf' in want) { if (!want.oneOf.includes(got)) failures.push(`${label}, expected ${want.oneOf.join(' or ')}`); }
          else if ('breakGlass' in want) {
            if (got !== 403 || json(res).error?.code !== 'break_glass_required') failures.push(`${label}, expected 403 break_glass_required`);
          } else if (want.not.includes(got)) failures.push(`${label}, expected an answer other than ${want.not.join('/')}`);
        }
      }
    }
    // The figures docs/security.md reports.
    console.info(`access matrix: ${ops.length} routes, ${ops.filter((o) => o.access !== 'public').length} signed-in, ${cases} cases`);
    expect(failures).toEqual([]);
    expect(cases).toBeGreaterThanOrEqual(ops.filter((o) => o.access !== 'public').length * ROLES.length);
  }, 900_000);
});
