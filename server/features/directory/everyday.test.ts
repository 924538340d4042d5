import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildClinicWorld, buildUser } from '../../testing/factories';
import { upsertProfile } from './repository';
import { expandWords, queryWords } from './search';

// Issue 13: find a doctor the way patients type — everyday words ("sugar doctor", "eye doctor", "kidney") and typos in
// more than one word ("eye docter") find the right specialists, and nobody else.
let t: TestApp;
let alice: string;

beforeAll(async () => {
  t = await testApp();
  const w = await buildClinicWorld(t.db);
  alice = await login(t.app, w.alice.email);
  const docs = [
    { name: 'Elena Torres', spec: ['Endocrinology', 'Diabetes technology'] },
    { name: 'Sam Brightwater', spec: ['Endocrinology', 'Thyroid'] },
    { name: 'Daniel Cho', spec: ['Ophthalmology', 'Retina'] },
    { name: 'Owen Mercer', spec: ['Optometry'] },
    { name: 'Aisha Bello', spec: ['Nephrology'] },
    { name: 'James Okafor', spec: ['Cardiology'] },
    { name: 'Okon Fabian', spec: ['Podiatry'] },
    { name: 'Maria Gonzalez', spec: ['Family medicine'] },
  ];
  for (const d of docs) {
    const u = await buildUser(t.db, { orgId: w.orgId, role: 'physician', name: d.name, credentials: 'MD', clinicIds: [w.clinicId] });
    await t.db.tx((q) => upsertProfile(q, { userId: u.userId, orgId: w.orgId, specialties: d.spec, languages: ['English'], gender: 'female', accepting: true, bio: null }));
  }
  // The test world's own physician has no profile, so is never found by a search.
});
afterAll(() => t.close());

const find = async (q: string) => {
  const res = await t.app.inject({ url: `/api/directory/clinicians?q=${encodeURIComponent(q)}`, headers: { cookie: alice } });
  expect(res.statusCode, res.body).toBe(200);
  return (json(res).clinicians as { name: string }[]).map((c) => c.name).sort();
};

describe('find a doctor in everyday words', () => {
  it('"sugar doctor" finds the endocrinologists', async () => {
    expect(await find('sugar doctor')).toEqual(['Elena Torres', 'Sam Brightwater']);
    expect(await find('diabetes')).toEqual(['Elena Torres', 'Sam Brightwater']);
  });

  it('"eye doctor" and "eye docter" find ophthalmology and optometry', async () => {
    expect(await find('eye doctor')).toEqual(['Daniel Cho', 'Owen Mercer']);
    expect(await find('eye docter')).toEqual(['Daniel Cho', 'Owen Mercer']);
    expect(await find('eyes')).toEqual(['Daniel Cho', 'Owen Mercer']);
  });

  it('"kidney" finds nephrology; typos in several words still find the person', async () => {
    expect(await find('kidney')).toEqual(['Aisha Bello']);
    expect(await find('kidny docter')).toEqual(['Aisha Bello']);
    expect(await find('suger doctr')).toEqual(['Elena Torres', 'Sam Brightwater']);
    expect(await find('heart')).toEqual(['James Okafor']);
    expect(await find('foot doctor')).toEqual(['Okon Fabian']);
  });

  it('a name with a specialty still narrows exactly; a specialty typed as such is not widened', async () => {
    expect(await find('torres sugar')).toEqual(['Elena Torres']);
    expect(await find('okafor eye')).toEqual([]);
    expect(await find('podiatry')).toEqual(['Okon Fabian']);
  });

  it('drops "doctor" and its typos as words that narrow nothing', () => {
    expect(queryWords('eye docter')).toEqual(['eye']);
    expect(queryWords('Dr. Doctr Physican Okafor')).toEqual(['okafor']);
    expect(queryWords('Dr')).toEqual(['dr']);
    expect(expandWords(['sugar', 'kidny', 'okafor'])).toEqual([['sugar', 'endocrinology', 'diabetes'], ['kidny', 'nephrology', 'kidney'], ['okafor']]);
  });

  it('requires authentication', async () => {
    expect((await t.app.inject({ url: '/api/directory/clinicians?q=eye' })).statusCode).toBe(401);
  });
});
