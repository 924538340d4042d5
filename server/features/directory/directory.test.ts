import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, login, json, type TestApp } from '../../testing/app';
import { buildClinicWorld, buildOrg, buildPatient, buildUser } from '../../testing/factories';
import { upsertProfile } from './repository';
import { queryWords } from './search';

let t: TestApp;
let w: Awaited<ReturnType<typeof buildClinicWorld>>;
let alice: string;
let cardiologyId: string;
let locationId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await testApp();
  w = await buildClinicWorld(t.db);
  alice = await login(t.app, w.alice.email);
  const [c] = await t.db.query<{ id: string }>(
    `insert into clinic (org_id, slug, name, specialty, phone_main, phone_nurse_line, phone_after_hours, phone_billing, hours)
     values ($1, $2, 'Cardiology', 'Cardiology', '+1-615-555-0300', '+1-615-555-0301', '+1-615-555-0199', '+1-615-555-0150', 'Mon–Fri 8–5') returning id`,
    [w.orgId, `cardio-${randomUUID().slice(0, 8)}`]);
  cardiologyId = c.id;
  const [l] = await t.db.query<{ id: string }>(
    `insert into location (org_id, clinic_id, name, address_line, city, state, postal_code, latitude, longitude, phone, parking_notes, accessibility_notes)
     values ($1,$2,'Heart Clinic','85 Harpeth Row','Nashville','TN','37212',36.1372,-86.7996,'+1-615-555-0300','Valet at the door','Step-free') returning id`,
    [w.orgId, c.id]);
  locationId = l.id;
  await t.db.query(`insert into location (org_id, clinic_id, name, address_line, city, state, postal_code, latitude, longitude)
     values ($1,$2,'Main Clinic','1 Main St','Nashville','TN','37203',36.15,-86.80)`, [w.orgId, w.clinicId]);
  await t.db.query("insert into directory_entry (org_id, clinic_id, name, phone, kind) values ($1, null, 'Billing office', '+1-615-555-0150', 'billing')", [w.orgId]);
  const docs = [
    { key: 'okafor', name: 'James Okafor', clinic: cardiologyId, spec: ['Cardiology'], lang: ['English', 'Igbo'], gender: 'male', accepting: true, loc: [locationId] },
    { key: 'gonzalez', name: 'María González', clinic: w.clinicId, spec: ['Family medicine'], lang: ['English', 'Spanish'], gender: 'female', accepting: true, loc: [] },
    { key: 'grant', name: 'Olivia Grant', clinic: cardiologyId, spec: ['Cardiology', 'Preventive cardiology'], lang: ['English'], gender: 'female', accepting: false, loc: [locationId] },
    { key: 'okafo', name: 'Okon Fabian', clinic: w.clinicId, spec: ['Podiatry'], lang: ['English'], gender: 'male', accepting: true, loc: [] },
  ];
  for (const d of docs) {
    const u = await buildUser(t.db, { orgId: w.orgId, role: 'physician', name: d.name, credentials: 'MD', clinicIds: [d.clinic] });
    ids[d.key] = u.userId;
    await t.db.tx((q) => upsertProfile(q, { userId: u.userId, orgId: w.orgId, specialties: d.spec, languages: d.lang, gender: d.gender, accepting: d.accepting, bio: `Bio of ${d.name}`, locationIds: d.loc }));
  }
  ids.phil = w.physician.userId;
  await t.db.tx((q) => upsertProfile(q, { userId: w.physician.userId, orgId: w.orgId, specialties: ['Internal medicine'], languages: ['English'], gender: 'male', accepting: true, bio: null }));
  // Another organization's clinician must never show up.
  const other = await buildOrg(t.db);
  const stranger = await buildUser(t.db, { orgId: other.orgId, role: 'physician', name: 'James Okafor', credentials: 'MD', clinicIds: [other.clinicId] });
  ids.stranger = stranger.userId;
  await t.db.tx((q) => upsertProfile(q, { userId: stranger.userId, orgId: other.orgId, specialties: ['Cardiology'], languages: ['English'], gender: 'male', accepting: true, bio: null }));
});
afterAll(() => t.close());

const search = async (qs: string) => json(await t.app.inject({ url: `/api/directory/clinicians?${qs}`, headers: { cookie: alice } }));
const names = (r: { clinicians: { name: string }[] }) => r.clinicians.map((c) => c.name);

describe('find a doctor', () => {
  it('tolerates typos: "Okafr" finds Dr. Okafor (trigram similarity)', async () => {
    const r = await search('q=Okafr');
    expect(names(r)[0]).toBe('James Okafor');
    expect(r.query.fuzzy).toBe(true);
    expect(r.clinicians.map((c: { id: string }) => c.id)).not.toContain(ids.stranger);
  });

  it('matches partial words: "cardio" finds the cardiologists and nobody else', async () => {
    const r = await search('q=cardio');
    expect(names(r).sort()).toEqual(['James Okafor', 'Olivia Grant']);
    expect(r.query.fuzzy).toBe(false);
  });

  it('ignores accents and case, and "Dr" in the query', async () => {
    expect(names(await search('q=dr%20gonzalez'))).toEqual(['María González']);
    expect(names(await search('q=GONZÁLEZ'))).toEqual(['María González']);
  });

  it('ranks a name match above a specialty match and needs every word to match', async () => {
    expect(names(await search('q=okafor%20cardiology'))).toEqual(['James Okafor']);
    expect(names(await search('q=okafor%20podiatry'))).toEqual([]);
  });

  it('filters by specialty, language, gender, accepting, clinic and location', async () => {
    expect(names(await search('specialty=Cardiology&accepting=true'))).toEqual(['James Okafor']);
    expect(names(await search('language=spanish'))).toEqual(['María González']);
    expect(names(await search('gender=female&clinicId=' + cardiologyId))).toEqual(['Olivia Grant']);
    expect(names(await search(`locationId=${locationId}`)).sort()).toEqual(['James Okafor', 'Olivia Grant']);
    expect((await t.app.inject({ url: '/api/directory/clinicians?gender=robot', headers: { cookie: alice } })).statusCode).toBe(400);
  });

  it('lists filter choices of my organization', async () => {
    const f = json(await t.app.inject({ url: '/api/directory/filters', headers: { cookie: alice } }));
    expect(f.specialties).toContain('Cardiology');
    expect(f.languages).toEqual(expect.arrayContaining(['English', 'Igbo', 'Spanish']));
  });

  it('profile: "message" only for my care team; appointment request link for anyone', async () => {
    const mine = json(await t.app.inject({ url: `/api/directory/clinicians/${ids.gonzalez}`, headers: { cookie: alice } })).clinician;
    expect(mine.canMessage).toBe(true);
    expect(mine.messageUrl).toBe(`/messages/new?providerId=${ids.gonzalez}`);
    const other = json(await t.app.inject({ url: `/api/directory/clinicians/${ids.okafor}`, headers: { cookie: alice } })).clinician;
    expect(other.canMessage).toBe(false);
    expect(other.messageUrl).toBeNull();
    expect(other.appointmentUrl).toBe(`/appointments/request?clinicianId=${ids.okafor}`);
    expect(other.locations[0].name).toBe('Heart Clinic');
    expect(other.initials).toBe('JO');
    expect((await t.app.inject({ url: `/api/directory/clinicians/${ids.stranger}`, headers: { cookie: alice } })).statusCode).toBe(404);
  });

  it('queryWords drops noise and folds accents', () => {
    expect(queryWords('Dr. María  GONZÁLEZ, MD')).toEqual(['maria', 'gonzalez']);
    expect(queryWords('dr')).toEqual(['dr']);
  });
});

describe('phone directory and locations', () => {
  it("records a patient's use of the directory, find-a-doctor and maps (for measured portal use), without health data", async () => {
    const [{ last }] = await t.db.query<{ last: number }>('select coalesce(max(id), 0)::int as last from audit_event');
    await t.app.inject({ url: '/api/directory/phones', headers: { cookie: alice } });
    await t.app.inject({ url: '/api/directory/clinicians?q=okafor', headers: { cookie: alice } });
    await t.app.inject({ url: `/api/locations/${locationId}`, headers: { cookie: alice } });
    const rows = await t.db.query<{ action: string; resource_type: string; detail: unknown }>(
      "select action, resource_type, detail from audit_event where patient_id = $1 and id > $2 and resource_type in ('PhoneDirectory','Practitioner','Location') order by id",
      [w.a.patientId, last]);
    expect(rows.map((r) => `${r.action} ${r.resource_type}`)).toEqual(['read PhoneDirectory', 'search Practitioner', 'read Location']);
    expect(rows.every((r) => r.detail === null)).toBe(true);
  });

  it('lists every clinic with its numbers and the organization-wide lines', async () => {
    const d = json(await t.app.inject({ url: '/api/directory/phones', headers: { cookie: alice } }));
    const cardio = d.clinics.find((c: { id: string }) => c.id === cardiologyId);
    expect(cardio.phones.map((p: { kind: string }) => p.kind)).toEqual(['main', 'nurse_line', 'after_hours', 'billing']);
    expect(d.general[0]).toMatchObject({ name: 'Billing office', phone: { number: '+1-615-555-0150' } });
  });

  it('a location has address, notes, directions and geo links, and the other clinics for the locator', async () => {
    const d = json(await t.app.inject({ url: `/api/locations/${locationId}`, headers: { cookie: alice } }));
    expect(d.location.directionsUrl).toBe('https://www.google.com/maps/dir/?api=1&destination=36.1372,-86.7996');
    expect(d.location.geoUri).toMatch(/^geo:36\.1372,-86\.7996/);
    expect(d.location.parkingNotes).toBe('Valet at the door');
    expect(d.others.map((o: { name: string }) => o.name)).toEqual(['Main Clinic']);
    expect(d.clinicians.map((c: { displayName: string }) => c.displayName).sort()).toEqual(['James Okafor, MD', 'Olivia Grant, MD']);
    const list = json(await t.app.inject({ url: '/api/locations', headers: { cookie: alice } }));
    expect(list.locations).toHaveLength(2);
  });

  it("another organization's location is 404", async () => {
    const other = await buildOrg(t.db);
    const nurse = await login(t.app, (await buildUser(t.db, { orgId: other.orgId, role: 'nurse' })).email);
    expect((await t.app.inject({ url: `/api/locations/${locationId}`, headers: { cookie: nurse } })).statusCode).toBe(404);
    // A malformed id is a 400 naming it (issue 10, finding 12).
    expect((await t.app.inject({ url: '/api/locations/not-a-uuid', headers: { cookie: alice } })).statusCode).toBe(400);
  });

  it('map config: no tile server unless PORTICO_MAP_TILE_URL is an https template', async () => {
    const prev = process.env.PORTICO_MAP_TILE_URL;
    delete process.env.PORTICO_MAP_TILE_URL;
    expect(json(await t.app.inject({ url: '/api/directory/map-config', headers: { cookie: alice } })).tileUrl).toBeNull();
    process.env.PORTICO_MAP_TILE_URL = 'https://tiles.example.org/{z}/{x}/{y}.png';
    expect(json(await t.app.inject({ url: '/api/directory/map-config', headers: { cookie: alice } })).tileUrl).toBe('https://tiles.example.org/{z}/{x}/{y}.png');
    process.env.PORTICO_MAP_TILE_URL = 'javascript:alert(1)';
    expect(json(await t.app.inject({ url: '/api/directory/map-config', headers: { cookie: alice } })).tileUrl).toBeNull();
    if (prev === undefined) delete process.env.PORTICO_MAP_TILE_URL; else process.env.PORTICO_MAP_TILE_URL = prev;
  });

  it('every directory endpoint requires a session', async () => {
    for (const url of ['/api/directory/phones', '/api/directory/clinicians', '/api/directory/filters', `/api/directory/clinicians/${ids.okafor}`,
      '/api/locations', `/api/locations/${locationId}`, '/api/directory/map-config']) {
      expect((await t.app.inject({ url })).statusCode, url).toBe(401);
    }
  });
});

describe('urgent help (nurse line on every page)', () => {
  const help = async (cookie: string) => {
    const res = await t.app.inject({ url: '/api/directory/urgent-help', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    return json(res);
  };

  it("gives a patient their own clinic's nurse line, not a fixed number", async () => {
    expect(await help(alice)).toMatchObject({ emergencyNumber: '911', clinicName: 'Primary Care', nurseLine: { number: '+1-615-555-0101', kind: 'nurse_line' } });
    const carl = await buildPatient(t.db, w.orgId, { given: 'Carl', clinicId: cardiologyId });
    const carlUser = await buildUser(t.db, { orgId: w.orgId, role: 'patient', patientId: carl.patientId });
    const r = await help(await login(t.app, carlUser.email));
    expect(r).toMatchObject({ clinicName: 'Cardiology', nurseLine: { number: '+1-615-555-0301' }, afterHours: { number: '+1-615-555-0199' } });
  });

  it("gives staff their clinic's line and another organization its own", async () => {
    const cardioNurse = await buildUser(t.db, { orgId: w.orgId, role: 'nurse', clinicIds: [cardiologyId] });
    expect((await help(await login(t.app, cardioNurse.email))).nurseLine.number).toBe('+1-615-555-0301');
    const other = await buildOrg(t.db);
    await t.db.query("update clinic set phone_nurse_line = '+1-212-555-0101' where id = $1", [other.clinicId]);
    const p = await buildPatient(t.db, other.orgId, { clinicId: other.clinicId });
    const u = await buildUser(t.db, { orgId: other.orgId, role: 'patient', patientId: p.patientId });
    expect((await help(await login(t.app, u.email))).nurseLine.number).toBe('+1-212-555-0101');
  });

  it('a patient with no clinic still gets a nurse line of their organization; none at all is null, never an error', async () => {
    const p = await buildPatient(t.db, w.orgId, { given: 'Noclinic' });
    const u = await buildUser(t.db, { orgId: w.orgId, role: 'patient', patientId: p.patientId });
    expect((await help(await login(t.app, u.email))).nurseLine?.kind).toBe('nurse_line');
    const bare = await buildOrg(t.db);
    await t.db.query('update clinic set phone_nurse_line = null where id = $1', [bare.clinicId]);
    const admin = await buildUser(t.db, { orgId: bare.orgId, role: 'admin' });
    expect(await help(await login(t.app, admin.email))).toMatchObject({ emergencyNumber: '911', nurseLine: null, clinicName: null });
  });

  it('signed out (the sign-in page) it answers, never 401, and names no clinic when several organizations share the server', async () => {
    const res = await t.app.inject({ url: '/api/directory/urgent-help' });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ emergencyNumber: '911', nurseLine: null });
    const expired = await t.app.inject({ url: '/api/directory/urgent-help', headers: { cookie: 'portico_session=not-a-session' } });
    expect(expired.statusCode).toBe(200);
  });
});
