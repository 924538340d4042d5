import { ROLES, type Actor, type Role } from './actor';

/**
 * THE access policy: one table of roles × actions × resource kinds. Every route names one permission (`resource.action`,
 * e.g. 'conversation.read'); route() refuses a role the table does not list (403), and the scope SQL below (scope.ts)
 * narrows what an allowed role reaches. Minimum necessary (HIPAA 164.502(b)) is enforced here, not by the UI.
 *
 * A cell says how far a role reaches for that permission:
 *   self        – a patient: only the record they act on (their own, or one a proxy grant allows)
 *   org         – staff: patients of their own organization
 *   any         – not about one patient (directory, own settings, configuration, de-identified research)
 *   break-glass – staff outside their normal scope: only after breaking the glass for that patient (written reason, 1 h)
 *   categories  – conversations: only the listed message categories (e.g. billing staff: billing conversations)
 */

/** Named role sets. */
export const ROLE_SETS = {
  patient: ['patient'],
  clinical: ['physician', 'nurse', 'medical_assistant'],
  /** Licensed clinicians who decide refills and referrals. */
  licensed: ['physician', 'nurse'],
  frontDesk: ['front_desk'],
  billing: ['billing'],
  admin: ['admin'],
  researcher: ['researcher'],
  staff: ['physician', 'nurse', 'medical_assistant', 'front_desk', 'billing', 'admin', 'researcher'],
  /** Staff who work patient messages (not researchers). */
  careTeam: ['physician', 'nurse', 'medical_assistant', 'front_desk', 'billing', 'admin'],
  /** Staff who may break the glass: their normal scope excludes clinical content. Researchers never reach identifiable data. */
  breakGlass: ['front_desk', 'billing', 'admin'],
  everyone: [...ROLES],
} as const satisfies Record<string, readonly Role[]>;
export type RoleSet = keyof typeof ROLE_SETS;

/** Message categories by the team that handles them (category codes are configured per organization; these are the standard ones). */
export const CATEGORY_SETS = {
  billing: ['billing'],
  scheduling: ['appointment'],
} as const;
const NON_CLINICAL = [...CATEGORY_SETS.billing, ...CATEGORY_SETS.scheduling] as const;

export type Rule =
  | { scope: 'self' }
  | { scope: 'org'; categories?: readonly string[] }
  | { scope: 'any' }
  | { scope: 'break-glass' };

const SELF: Rule = { scope: 'self' };
const ORG: Rule = { scope: 'org' };
const ANY: Rule = { scope: 'any' };
const BREAK_GLASS: Rule = { scope: 'break-glass' };
const only = (categories: readonly string[]): Rule => ({ scope: 'org', categories });

type Cells = Partial<Record<Role, Rule>>;
/** Builds one row: `[roleSet, rule]` pairs; later pairs override earlier ones. */
function row(...pairs: [RoleSet | Role, Rule][]): Cells {
  const out: Cells = {};
  for (const [who, rule] of pairs) {
    const roles: readonly Role[] = who in ROLE_SETS ? ROLE_SETS[who as RoleSet] : [who as Role];
    for (const r of roles) out[r] = rule;
  }
  return out;
}

/** Permission → role → reach. Keep rows grouped by resource kind; docs/security.md renders this table. */
export const POLICY = {
  // The signed-in person's own account and home page.
  'account.self': row(['everyone', ANY]),
  'home.read': row(['everyone', ANY]),
  // Reference information that is not about a patient: directory, locations, explanations, message categories.
  'directory.read': row(['everyone', ANY]),
  'reference.read': row(['patient', ANY], ['careTeam', ANY]),

  // Patients: search and demographics (front desk needs demographics to book; no researcher, no billing chart search).
  'patient.search': row(['clinical', ORG], ['frontDesk', ORG], ['admin', ORG]),
  'patient.read': row(['patient', SELF], ['clinical', ORG], ['frontDesk', ORG], ['billing', BREAK_GLASS], ['admin', BREAK_GLASS]),

  // Scheduling.
  'appointment.read': row(['patient', SELF], ['clinical', ORG], ['frontDesk', ORG], ['admin', ORG]),
  'appointment.request': row(['patient', SELF]),
  'appointment.manage': row(['clinical', ORG], ['frontDesk', ORG], ['admin', ORG]),
  'schedule.read': row(['patient', ANY], ['clinical', ANY], ['frontDesk', ANY], ['admin', ANY]),
  'schedule.manage': row(['clinical', ANY], ['frontDesk', ANY], ['admin', ANY]),
  /** Managing other clinicians' calendars (clinicians manage only their own). */
  'schedule.manage-others': row(['frontDesk', ANY], ['admin', ANY]),

  // Refill and referral requests carry medicines and diagnoses: clinical content.
  'refill.read': row(['patient', SELF], ['clinical', ORG]),
  'refill.request': row(['patient', SELF]),
  'refill.decide': row(['licensed', ORG]),
  'referral.read': row(['patient', SELF], ['clinical', ORG]),
  'referral.request': row(['patient', SELF]),
  'referral.decide': row(['licensed', ORG]),

  // The clinical record.
  'record.read': row(['patient', SELF], ['clinical', ORG], ['breakGlass', BREAK_GLASS]),
  'record.write': row(['patient', SELF]),
  'record.share': row(['patient', SELF]),
  'record.activity': row(['patient', SELF]),
  'record.import': row(['admin', ORG]),

  // Conversations. Front desk: scheduling conversations; billing: billing conversations; admin: both (clinical ones only
  // through the chart after breaking the glass). Internal notes and attachments are clinical.
  'conversation.create': row(['patient', SELF]),
  'conversation.read': row(['patient', SELF], ['clinical', ORG], ['frontDesk', only(CATEGORY_SETS.scheduling)], ['billing', only(CATEGORY_SETS.billing)], ['admin', only(NON_CLINICAL)]),
  'conversation.reply': row(['patient', SELF], ['clinical', ORG], ['frontDesk', only(CATEGORY_SETS.scheduling)], ['billing', only(CATEGORY_SETS.billing)], ['admin', only(NON_CLINICAL)]),
  'conversation.resolve': row(['patient', SELF]),
  'conversation.manage': row(['clinical', ORG], ['frontDesk', only(CATEGORY_SETS.scheduling)], ['billing', only(CATEGORY_SETS.billing)], ['admin', only(NON_CLINICAL)]),
  'conversation.note': row(['clinical', ORG]),
  'conversation.attachment': row(['patient', SELF], ['clinical', ORG]),
  'conversation.time': row(['clinical', ORG]),
  /** Live updates (ids only) and one's own drafts. */
  'conversation.live': row(['patient', SELF], ['careTeam', ORG]),
  'draft.own': row(['patient', SELF], ['careTeam', ANY]),
  /** The whole message history of one patient (chart search). */
  'message.search': row(['patient', SELF], ['clinical', ORG], ['breakGlass', BREAK_GLASS]),
  'followup.read': row(['patient', SELF], ['clinical', ORG], ['breakGlass', BREAK_GLASS]),
  'followup.manage': row(['clinical', ORG]),
  'messaging-time.read': row(['clinical', ORG], ['breakGlass', BREAK_GLASS]),
  'phone-encounter.create': row(['clinical', ORG], ['frontDesk', only(CATEGORY_SETS.scheduling)], ['billing', only(CATEGORY_SETS.billing)]),
  'instructions.manage': row(['clinical', ANY]),
  'inbasket.read': row(['careTeam', ORG]),
  'inbasket.templates': row(['careTeam', ANY]),
  'inbasket.report': row(['clinical', ANY], ['admin', ANY]),

  // Billing and insurance.
  'billing.read': row(['patient', SELF], ['billing', ORG], ['admin', ORG]),
  'billing.pay': row(['patient', SELF]),
  'billing.staff': row(['billing', ORG], ['admin', ORG]),
  'insurance.read': row(['patient', SELF], ['frontDesk', ORG], ['billing', ORG], ['admin', ORG]),
  'insurance.write': row(['patient', SELF]),
  'insurance.process': row(['frontDesk', ORG], ['billing', ORG], ['admin', ORG]),

  // Proxy access (a patient shares their record) and apps connected to it (SMART on FHIR).
  'proxy.manage': row(['patient', SELF]),
  'apps.manage': row(['patient', SELF]),

  // Research: de-identified only.
  'research.read': row(['researcher', ANY], ['admin', ANY]),
  'research.manage': row(['researcher', ANY], ['admin', ANY]),
  'survey.respond': row(['patient', SELF]),

  // Administration: configuration, users, audit reports, break-glass review.
  'config.manage': row(['admin', ANY]),
  'user.manage': row(['admin', ORG]),
  'audit.report': row(['admin', ORG]),
  'breakglass.open': row(['breakGlass', ORG]),
  'breakglass.report': row(['admin', ORG]),
} satisfies Record<string, Cells>;

export type Permission = keyof typeof POLICY;
export const PERMISSIONS = Object.keys(POLICY) as Permission[];
export const isPermission = (s: unknown): s is Permission => typeof s === 'string' && Object.hasOwn(POLICY, s);

/**
 * What a route names: a permission, or a permission with ':own' for a route about the signed-in person's own record (no
 * patient id in the URL, e.g. GET /api/record/results): only roles whose rule is 'self' may call it.
 */
export type RoutePermission = Permission | `${Permission}:own`;
export function parseRoutePermission(s: unknown): { permission: Permission; own: boolean } | null {
  if (typeof s !== 'string') return null;
  const own = s.endsWith(':own');
  const permission = own ? s.slice(0, -4) : s;
  return isPermission(permission) ? { permission, own } : null;
}
/** The rule a role has on a route's permission (null: refused with 403). */
export function routeRule(role: Role, rp: RoutePermission): Rule | null {
  const parsed = parseRoutePermission(rp);
  if (!parsed) return null;
  const rule = ruleFor(role, parsed.permission);
  return rule && (!parsed.own || rule.scope === 'self') ? rule : null;
}

/** The rule for one role and permission, or null when the role may not do it at all. */
export function ruleFor(role: Role, permission: Permission): Rule | null {
  return (POLICY[permission] as Cells)[role] ?? null;
}

/** What a `can()` question is about. A bare kind ('conversation') asks about the kind in general. */
export type Resource = string | {
  kind: string;
  /** The patient the resource belongs to. */
  patientId?: string | null;
  /** The organization the resource belongs to. */
  orgId?: string | null;
  /** For conversations: the message category. */
  category?: string | null;
  /** The actor has an unexpired break-glass for this patient. */
  breakGlass?: boolean;
};

/**
 * May this actor do `action` on `resource`? Answered from the table alone (no database): with a bare kind, whether the
 * role may do it at all; with a concrete resource, whether this one is within the role's reach.
 */
export function can(actor: Pick<Actor, 'role' | 'orgId' | 'patientId'>, action: string, resource: Resource): boolean {
  const kind = typeof resource === 'string' ? resource : resource.kind;
  const permission = `${kind}.${action}`;
  if (!isPermission(permission)) return false;
  const rule = ruleFor(actor.role, permission);
  if (!rule) return false;
  if (typeof resource === 'string') return true;
  if (rule.scope === 'any') return true;
  if (resource.orgId != null && resource.orgId !== actor.orgId) return false;
  if (rule.scope === 'self') return resource.patientId == null || resource.patientId === actor.patientId;
  if (rule.scope === 'break-glass') return resource.patientId == null || resource.breakGlass === true;
  if (rule.categories && resource.category != null) return rule.categories.includes(resource.category);
  return true;
}

/** Roles (from a list) that may do a permission on conversations of a category: for assign lists and "move to" targets. */
export function rolesFor(permission: Permission, resource: { category?: string | null } = {}): Role[] {
  return ROLES.filter((r) => {
    const rule = ruleFor(r, permission);
    if (!rule || r === 'patient') return false;
    if (rule.scope === 'org' && rule.categories && resource.category != null) return rule.categories.includes(resource.category);
    return rule.scope !== 'break-glass';
  });
}

/** Short text for a cell, for docs and the admin page. */
export function describeRule(rule: Rule | null): string {
  if (!rule) return '—';
  if (rule.scope === 'org' && rule.categories) return `org: ${rule.categories.join(', ')} only`;
  return rule.scope;
}
