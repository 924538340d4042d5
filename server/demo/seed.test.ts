import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/client';
import { testDb } from '../testing/db';
import { verifyPassword } from '../platform/auth/passwords';
import { seedDemo } from './seed';

const DEMO_ACCOUNTS = ['ava.patient', 'ben.patient', 'nina.nurse', 'paul.physician', 'sam.scheduler', 'bill.billing', 'ada.admin', 'rita.research']
  .map((n) => `${n}@demo.portico.test`);

let db: Db;
beforeAll(async () => {
  db = await testDb();
});
afterAll(() => db.close());

describe('demo clinic', () => {
  it('refuses to load in production', async () => {
    await expect(seedDemo(db, { env: 'production', password: 'portico-demo' })).rejects.toThrow(/production/);
    expect((await db.query('select 1 from app_user')).length).toBe(0);
  });

  it('loads the clinic with every demo account, once', async () => {
    expect(await seedDemo(db, { env: 'test', password: 'portico-demo', now: new Date('2026-11-01T12:00:00Z') })).toBe(true);
    const users = await db.query<{ email: string; role: string; display_name: string; password_hash: string }>('select * from app_user');
    for (const email of DEMO_ACCOUNTS) expect(users.map((u) => u.email)).toContain(email);
    const nina = users.find((u) => u.email === 'nina.nurse@demo.portico.test')!;
    expect(nina.display_name).toBe('Nina Novak, RN');
    expect(await verifyPassword(nina.password_hash, 'portico-demo')).toBe(true);
    const roles = new Set(users.map((u) => u.role));
    for (const r of ['patient', 'physician', 'nurse', 'medical_assistant', 'front_desk', 'billing', 'admin', 'researcher']) expect(roles).toContain(r);
    expect(users.filter((u) => u.role !== 'patient').length).toBeGreaterThanOrEqual(15);

    const clinics = await db.query<{ slug: string }>('select slug from clinic');
    for (const s of ['primary-care', 'endocrinology', 'cardiology']) expect(clinics.map((c) => c.slug)).toContain(s);
    const [{ n }] = await db.query<{ n: number }>('select count(*)::int as n from patient');
    expect(n).toBeGreaterThanOrEqual(60);
    const [{ diabetic }] = await db.query<{ diabetic: number }>(
      "select count(distinct patient_id)::int as diabetic from condition where display = 'Type 2 diabetes'");
    expect(diabetic / n).toBeGreaterThan(0.6);

    // Ava: quarterly HbA1c over several years
    const a1c = await db.query<{ effective_at: Date }>(
      `select o.effective_at from observation o join app_user u on u.patient_id = o.patient_id
        where u.email = 'ava.patient@demo.portico.test' and o.code = '4548-4' order by o.effective_at`);
    expect(a1c.length).toBeGreaterThanOrEqual(8);
    const spanYears = (a1c[a1c.length - 1].effective_at.getTime() - a1c[0].effective_at.getTime()) / (365 * 86_400_000);
    expect(spanYears).toBeGreaterThanOrEqual(2);

    expect(await seedDemo(db, { env: 'test', password: 'portico-demo' })).toBe(false);
    const [{ again }] = await db.query<{ again: number }>('select count(*)::int as again from patient');
    expect(again).toBe(n);
  });

  it('is deterministic: the same seed gives the same people and values', async () => {
    const other = await testDb();
    try {
      await seedDemo(other, { env: 'test', password: 'portico-demo', now: new Date('2026-11-01T12:00:00Z') });
      const sig = (d: Db) => d.query<{ s: string }>(
        `select string_agg(p.mrn || p.given_name || p.family_name || p.birth_date, ',' order by p.mrn) ||
                (select string_agg(o.value_num::text, ',' order by o.value_num) from observation o where o.code = '4548-4') as s from patient p`);
      expect((await sig(other))[0].s).toBe((await sig(db))[0].s);
    } finally {
      await other.close();
    }
  });
});
