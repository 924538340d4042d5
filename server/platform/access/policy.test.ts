import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { can, parseRoutePermission, POLICY, routeRule, rolesFor } from './policy';
import { policyMarkdown } from './policy-doc';
import { ROUTE_POLICY } from './routes-policy';

const patient = { role: 'patient' as const, orgId: 'o1', patientId: 'p1' };
const nurse = { role: 'nurse' as const, orgId: 'o1', patientId: null };
const billing = { role: 'billing' as const, orgId: 'o1', patientId: null };
const frontDesk = { role: 'front_desk' as const, orgId: 'o1', patientId: null };
const admin = { role: 'admin' as const, orgId: 'o1', patientId: null };
const researcher = { role: 'researcher' as const, orgId: 'o1', patientId: null };

describe('can()', () => {
  it('patients reach only their own record', () => {
    expect(can(patient, 'read', { kind: 'record', patientId: 'p1', orgId: 'o1' })).toBe(true);
    expect(can(patient, 'read', { kind: 'record', patientId: 'p2', orgId: 'o1' })).toBe(false);
  });
  it('staff reach only their organization', () => {
    expect(can(nurse, 'read', { kind: 'record', patientId: 'p2', orgId: 'o1' })).toBe(true);
    expect(can(nurse, 'read', { kind: 'record', patientId: 'p2', orgId: 'o2' })).toBe(false);
  });
  it('billing and front desk reach only the conversation categories they handle, and no notes or attachments', () => {
    expect(can(billing, 'read', { kind: 'conversation', orgId: 'o1', category: 'billing' })).toBe(true);
    expect(can(billing, 'read', { kind: 'conversation', orgId: 'o1', category: 'medical_question' })).toBe(false);
    expect(can(frontDesk, 'reply', { kind: 'conversation', orgId: 'o1', category: 'appointment' })).toBe(true);
    expect(can(frontDesk, 'reply', { kind: 'conversation', orgId: 'o1', category: 'billing' })).toBe(false);
    for (const a of [billing, frontDesk]) {
      expect(can(a, 'note', 'conversation')).toBe(false);
      expect(can(a, 'attachment', 'conversation')).toBe(false);
      expect(can(a, 'search', 'message')).toBe(true); // only through break-glass:
      expect(can(a, 'search', { kind: 'message', patientId: 'p1', orgId: 'o1' })).toBe(false);
      expect(can(a, 'search', { kind: 'message', patientId: 'p1', orgId: 'o1', breakGlass: true })).toBe(true);
    }
  });
  it('admins read clinical content only through break-glass', () => {
    expect(can(admin, 'read', { kind: 'record', patientId: 'p1', orgId: 'o1' })).toBe(false);
    expect(can(admin, 'read', { kind: 'record', patientId: 'p1', orgId: 'o1', breakGlass: true })).toBe(true);
    expect(can(admin, 'manage', 'config')).toBe(true);
  });
  it('researchers reach no identifiable data', () => {
    for (const p of Object.keys(POLICY)) {
      const [kind, action] = [p.slice(0, p.lastIndexOf('.')), p.slice(p.lastIndexOf('.') + 1)];
      if (can(researcher, action, kind)) expect(['account.self', 'home.read', 'directory.read', 'research.read', 'research.manage']).toContain(p);
    }
  });
  it('unknown permissions are refused', () => {
    expect(can(admin, 'delete', 'everything')).toBe(false);
    expect(parseRoutePermission('nope.read')).toBeNull();
  });
  it("':own' routes admit only roles whose reach is their own record", () => {
    expect(routeRule('patient', 'record.read:own')).not.toBeNull();
    expect(routeRule('nurse', 'record.read:own')).toBeNull();
    expect(routeRule('nurse', 'record.read')).not.toBeNull();
  });
  it('assign lists: who may handle a conversation of a category', () => {
    expect(rolesFor('conversation.reply', { category: 'medical_question' })).toEqual(['physician', 'nurse', 'medical_assistant']);
    expect(rolesFor('conversation.reply', { category: 'billing' })).toEqual(['physician', 'nurse', 'medical_assistant', 'billing', 'admin']);
    expect(rolesFor('conversation.reply', { category: 'appointment' })).toEqual(['physician', 'nurse', 'medical_assistant', 'front_desk', 'admin']);
  });
  it('every route entry names a real permission', () => {
    expect(Object.entries(ROUTE_POLICY).filter(([, p]) => !parseRoutePermission(p))).toEqual([]);
  });
});

describe('docs/security.md', () => {
  it('shows the current policy table', () => {
    const doc = fs.readFileSync(new URL('../../../docs/security.md', import.meta.url), 'utf8');
    const m = doc.match(/<!-- access-policy-table:start -->\n([\s\S]*?)\n<!-- access-policy-table:end -->/);
    expect(m?.[1]).toBe(policyMarkdown());
  });
});
