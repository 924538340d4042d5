import type { Queryable } from '../../db/client';
import type { DemoContext } from '../../demo/seed';
import { upsertProfile } from './repository';

// The demo directory: four more clinics with locations around Nashville (fictional addresses, real-looking coordinates),
// departments and extra phone numbers, and 22 clinicians across specialties and languages.

const CLINICS = [
  { slug: 'nephrology', name: 'Nephrology (Kidney Care)', specialty: 'Nephrology', main: '0400', hours: 'Mon–Fri 8:00–16:30',
    loc: { name: 'Riverbend Kidney Center', address: '3100 West End Circle, Suite 210', zip: '37203', lat: 36.1446, lng: -86.8175,
      parking: 'Garage under the building; enter from Louise Avenue. Bring your ticket to be validated.',
      entrance: 'Take elevator B to the 2nd floor; the clinic is on the left.',
      access: 'Step-free from the garage; accessible restrooms; wheelchair scale in the clinic.' } },
  { slug: 'ophthalmology', name: 'Ophthalmology (Eye Care)', specialty: 'Ophthalmology', main: '0500', hours: 'Mon–Fri 7:30–16:00',
    loc: { name: 'Riverbend Eye Institute', address: '410 Shelby Park Lane', zip: '37206', lat: 36.1689, lng: -86.7512,
      parking: 'Free surface lot; drop-off lane at the front door. Plan for a driver if your eyes will be dilated.',
      entrance: 'Single entrance facing Shelby Park Lane.',
      access: 'Step-free entrance; large-print forms; staff can guide you from the door.' } },
  { slug: 'podiatry', name: 'Podiatry (Foot and Ankle)', specialty: 'Podiatry', main: '0600', hours: 'Tue–Fri 8:00–17:00',
    loc: { name: 'Riverbend Foot and Ankle – Green Hills', address: '2025 Hobbs Crossing', zip: '37215', lat: 36.1063, lng: -86.8161,
      parking: 'Free parking in the shared lot behind the building.', entrance: 'Rear entrance from the lot; clinic on the ground floor.',
      access: 'Ground floor, step-free; exam chairs lower for easy transfer.' } },
  { slug: 'nutrition', name: 'Nutrition and Weight Management', specialty: 'Nutrition', main: '0700', hours: 'Mon–Thu 8:00–18:00, Fri 8:00–12:00',
    loc: { name: 'Riverbend Nutrition Center – Germantown', address: '1210 Rosa Bend Street', zip: '37208', lat: 36.1804, lng: -86.7889,
      parking: 'Street parking (2 hours free) and a paid lot on 5th Avenue North.', entrance: 'Blue door next to the teaching kitchen.',
      access: 'Step-free entrance with automatic door; hearing loop in the group class room.' } },
] as const;

const EXTRA_LOCATIONS = [
  { clinic: 'primary-care', name: 'Riverbend Primary Care – East Nashville', address: '918 Gallatin Pike', zip: '37206', lat: 36.1872, lng: -86.7470,
    phone: '+1-615-555-0110', hours: 'Mon–Fri 8:00–17:00, Sat 9:00–12:00', parking: 'Free lot beside the clinic.',
    entrance: 'Main door on Gallatin Pike.', access: 'Step-free entrance; accessible exam room 3.' },
] as const;

type Doc = { key: string; name: string; cred: string; clinic: string; spec: string[]; lang: string[]; gender: 'female' | 'male' | 'nonbinary';
  accepting: boolean; bio: string; instructions?: string };
const NEW_DOCTORS: Doc[] = [
  { key: 'aisha.bello', name: 'Aisha Bello', cred: 'MD', clinic: 'nephrology', spec: ['Nephrology', 'Diabetic kidney disease'], lang: ['English', 'Yoruba'], gender: 'female', accepting: true,
    bio: 'Dr. Bello helps people with diabetes protect their kidneys, from the first urine test to dialysis planning.',
    instructions: 'Message me about lab results or blood pressure readings. I reply within two working days.' },
  { key: 'tomas.herrera', name: 'Tomás Herrera', cred: 'MD', clinic: 'nephrology', spec: ['Nephrology', 'Hypertension'], lang: ['English', 'Spanish'], gender: 'male', accepting: true,
    bio: 'El Dr. Herrera atiende en español e inglés. He treats high blood pressure and chronic kidney disease.' },
  { key: 'ruth.feldman', name: 'Ruth Feldman', cred: 'MD', clinic: 'nephrology', spec: ['Nephrology', 'Kidney transplant'], lang: ['English', 'Hebrew'], gender: 'female', accepting: false,
    bio: 'Dr. Feldman cares for people before and after a kidney transplant.' },
  { key: 'daniel.cho', name: 'Daniel Cho', cred: 'MD', clinic: 'ophthalmology', spec: ['Ophthalmology', 'Retina', 'Diabetic eye disease'], lang: ['English', 'Korean'], gender: 'male', accepting: true,
    bio: 'Dr. Cho finds and treats diabetic eye disease early, with yearly retinal exams and laser or injection treatment when needed.',
    instructions: 'Use messages for questions after your eye exam. For sudden vision loss call 911 or the nurse line.' },
  { key: 'priya.raman', name: 'Priya Raman', cred: 'MD', clinic: 'ophthalmology', spec: ['Ophthalmology', 'Glaucoma', 'Cataract surgery'], lang: ['English', 'Tamil', 'Hindi'], gender: 'female', accepting: true,
    bio: 'Dr. Raman treats glaucoma and performs cataract surgery.' },
  { key: 'owen.mercer', name: 'Owen Mercer', cred: 'OD', clinic: 'ophthalmology', spec: ['Optometry', 'Diabetic eye exams'], lang: ['English'], gender: 'male', accepting: true,
    bio: 'Dr. Mercer does yearly diabetic eye exams and glasses prescriptions.' },
  { key: 'lucia.ferreira', name: 'Lúcia Ferreira', cred: 'DPM', clinic: 'podiatry', spec: ['Podiatry', 'Diabetic foot care', 'Wound care'], lang: ['English', 'Portuguese', 'Spanish'], gender: 'female', accepting: true,
    bio: 'Dr. Ferreira prevents and treats foot ulcers and teaches daily foot checks for people with diabetes.',
    instructions: 'Send me a photo of a new sore or blister through a message. Same-day spots are kept for foot wounds.' },
  { key: 'marcus.webb', name: 'Marcus Webb', cred: 'DPM', clinic: 'podiatry', spec: ['Podiatry', 'Sports medicine'], lang: ['English'], gender: 'male', accepting: false,
    bio: 'Dr. Webb treats heel pain, ankle injuries and custom orthotics.' },
  { key: 'hannah.lindqvist', name: 'Hannah Lindqvist', cred: 'MD', clinic: 'nutrition', spec: ['Obesity medicine', 'Nutrition'], lang: ['English', 'Swedish'], gender: 'female', accepting: true,
    bio: 'Dr. Lindqvist leads the weight management program: nutrition, activity, and medicines when they help.' },
  { key: 'samuel.osei', name: 'Samuel Osei', cred: 'MD', clinic: 'nutrition', spec: ['Nutrition', 'Lifestyle medicine'], lang: ['English', 'Twi', 'French'], gender: 'male', accepting: true,
    bio: 'Dr. Osei runs group classes on cooking for diabetes and heart health.' },
  { key: 'jordan.avery', name: 'Jordan Avery', cred: 'NP', clinic: 'nutrition', spec: ['Nutrition', 'Diabetes prevention'], lang: ['English', 'American Sign Language'], gender: 'nonbinary', accepting: true,
    bio: 'Jordan is a nurse practitioner who helps people with prediabetes make changes that last. Signs ASL.' },
  { key: 'mei.lin', name: 'Mei Lin', cred: 'MD', clinic: 'endocrinology', spec: ['Endocrinology', 'Diabetes technology', 'Insulin pumps'], lang: ['English', 'Mandarin'], gender: 'female', accepting: true,
    bio: 'Dr. Lin helps people start and adjust insulin pumps and continuous glucose monitors.' },
  { key: 'ahmed.hassan', name: 'Ahmed Hassan', cred: 'MD', clinic: 'endocrinology', spec: ['Endocrinology', 'Thyroid'], lang: ['English', 'Arabic'], gender: 'male', accepting: true,
    bio: 'Dr. Hassan treats diabetes and thyroid conditions.' },
  { key: 'olivia.grant', name: 'Olivia Grant', cred: 'MD', clinic: 'cardiology', spec: ['Cardiology', 'Preventive cardiology'], lang: ['English'], gender: 'female', accepting: true,
    bio: 'Dr. Grant lowers heart risk for people with diabetes: cholesterol, blood pressure and exercise plans.' },
  { key: 'viktor.novak', name: 'Viktor Novak', cred: 'MD', clinic: 'cardiology', spec: ['Cardiology', 'Heart failure'], lang: ['English', 'Czech', 'German'], gender: 'male', accepting: false,
    bio: 'Dr. Novak cares for people with heart failure.' },
  { key: 'rosa.delgado', name: 'Rosa Delgado', cred: 'MD', clinic: 'primary-care', spec: ['Family medicine', 'Primary care'], lang: ['English', 'Spanish'], gender: 'female', accepting: true,
    bio: 'La Dra. Delgado es médica de familia. She sees adults and families at the East Nashville clinic.' },
  { key: 'kwame.mensah', name: 'Kwame Mensah', cred: 'PA-C', clinic: 'primary-care', spec: ['Primary care', 'Internal medicine'], lang: ['English', 'French'], gender: 'male', accepting: true,
    bio: 'Kwame is a physician assistant in primary care with a focus on diabetes and blood pressure.' },
];

const EXISTING: Record<string, { spec: string[]; lang: string[]; gender: 'female' | 'male'; bio: string; loc: string[] }> = {
  'paul.physician@demo.portico.test': { spec: ['Internal medicine', 'Primary care'], lang: ['English'], gender: 'male', loc: ['primary-care'],
    bio: 'Dr. Park has cared for adults in Nashville for 20 years, many of them living with type 2 diabetes.' },
  'maria.gonzalez@demo.portico.test': { spec: ['Family medicine', 'Primary care'], lang: ['English', 'Spanish'], gender: 'female', loc: ['primary-care'],
    bio: 'La Dra. González atiende en español. She sees adults of all ages and leads the clinic’s diabetes group visits.' },
  'henry.wu@demo.portico.test': { spec: ['Internal medicine', 'Geriatrics'], lang: ['English', 'Cantonese', 'Mandarin'], gender: 'male', loc: ['primary-care', 'primary-care-east'],
    bio: 'Dr. Wu cares for older adults and people managing several conditions at once.' },
  'elena.torres@demo.portico.test': { spec: ['Endocrinology', 'Diabetes'], lang: ['English', 'Spanish'], gender: 'female', loc: ['endocrinology'],
    bio: 'Dr. Torres specializes in diabetes care, including insulin starts and continuous glucose monitors.' },
  'james.okafor@demo.portico.test': { spec: ['Cardiology', 'Echocardiography'], lang: ['English', 'Igbo'], gender: 'male', loc: ['cardiology'],
    bio: 'Dr. Okafor treats heart disease and reads heart ultrasounds (echocardiograms).' },
};

const DEPARTMENTS: { clinic: string | null; name: string; description: string; phone: string; kind: string; hours?: string; sort: number }[] = [
  { clinic: null, name: 'Billing office', description: 'Questions about a bill, payment plans, financial help.', phone: '+1-615-555-0150', kind: 'billing', hours: 'Mon–Fri 8:00–17:00', sort: 10 },
  { clinic: null, name: 'Medical records', description: 'Copies of your records and forms.', phone: '+1-615-555-0160', kind: 'department', hours: 'Mon–Fri 8:30–16:30', sort: 20 },
  { clinic: null, name: 'Pharmacy refill line', description: 'Refills of prescriptions filled at the Riverbend pharmacy.', phone: '+1-615-555-0170', kind: 'department', hours: '24 hours (automated)', sort: 30 },
  { clinic: null, name: 'Lab – patient service center', description: 'Blood draws and lab tests; walk in, no appointment needed.', phone: '+1-615-555-0180', kind: 'department', hours: 'Mon–Fri 7:00–17:00, Sat 8:00–12:00', sort: 40 },
  { clinic: null, name: 'Imaging and radiology scheduling', description: 'X-ray, ultrasound, CT and MRI appointments.', phone: '+1-615-555-0185', kind: 'department', hours: 'Mon–Fri 7:30–18:00', sort: 50 },
  { clinic: null, name: 'Interpreter services', description: 'Free interpreters in many languages, including American Sign Language.', phone: '+1-615-555-0190', kind: 'department', hours: '24 hours', sort: 60 },
  { clinic: null, name: 'Portal help desk', description: 'Help signing in or using Portico.', phone: '+1-615-555-0195', kind: 'department', hours: 'Mon–Fri 8:00–20:00', sort: 70 },
  { clinic: null, name: 'Patient relations', description: 'Compliments, concerns and complaints.', phone: '+1-615-555-0197', kind: 'department', hours: 'Mon–Fri 9:00–17:00', sort: 80 },
  { clinic: 'endocrinology', name: 'Diabetes education', description: 'Classes and one-to-one visits with a diabetes educator.', phone: '+1-615-555-0210', kind: 'department', hours: 'Mon–Fri 8:00–16:30', sort: 10 },
  { clinic: 'endocrinology', name: 'Endocrinology fax', description: 'For records from other doctors.', phone: '+1-615-555-0299', kind: 'fax', sort: 90 },
  { clinic: 'cardiology', name: 'Cardiac rehabilitation', description: 'Supervised exercise after a heart problem.', phone: '+1-615-555-0310', kind: 'department', hours: 'Mon, Wed, Fri 7:00–15:00', sort: 10 },
  { clinic: 'cardiology', name: 'Heart testing (echo, stress tests)', description: 'Scheduling for heart tests.', phone: '+1-615-555-0320', kind: 'department', sort: 20 },
  { clinic: 'primary-care', name: 'Care coordination', description: 'Help with referrals, home health and community resources.', phone: '+1-615-555-0120', kind: 'department', hours: 'Mon–Fri 8:00–17:00', sort: 10 },
  { clinic: 'nutrition', name: 'Group classes', description: 'Sign up for cooking and weight management classes.', phone: '+1-615-555-0710', kind: 'department', sort: 10 },
];

const phone = (suffix: string) => `+1-615-555-${suffix}`;

export async function seedDirectoryDemo(q: Queryable, ctx: DemoContext): Promise<void> {
  const locations: Record<string, string> = {};
  for (const l of await q.query<{ id: string; slug: string }>(
    'select l.id, c.slug from location l join clinic c on c.id = l.clinic_id where l.org_id = $1', [ctx.orgId])) locations[l.slug] = l.id;

  for (const c of CLINICS) {
    const n = Number(c.main);
    const [row] = await q.query<{ id: string }>(
      `insert into clinic (org_id, slug, name, specialty, phone_main, phone_nurse_line, phone_after_hours, phone_billing, hours)
       values ($1,$2,$3,$4,$5,$6,'+1-615-555-0199','+1-615-555-0150',$7) returning id`,
      [ctx.orgId, c.slug, c.name, c.specialty, phone(c.main), phone(String(n + 1).padStart(4, '0')), c.hours]);
    ctx.clinics[c.slug] = row.id;
    const [loc] = await q.query<{ id: string }>(
      `insert into location (org_id, clinic_id, name, address_line, city, state, postal_code, latitude, longitude, phone, hours, parking_notes, entrance_notes, accessibility_notes)
       values ($1,$2,$3,$4,'Nashville','TN',$5,$6,$7,$8,$9,$10,$11,$12) returning id`,
      [ctx.orgId, row.id, c.loc.name, c.loc.address, c.loc.zip, c.loc.lat, c.loc.lng, phone(c.main), c.hours, c.loc.parking, c.loc.entrance, c.loc.access]);
    locations[c.slug] = loc.id;
  }
  for (const l of EXTRA_LOCATIONS) {
    const [loc] = await q.query<{ id: string }>(
      `insert into location (org_id, clinic_id, name, address_line, city, state, postal_code, latitude, longitude, phone, hours, parking_notes, entrance_notes, accessibility_notes)
       values ($1,$2,$3,$4,'Nashville','TN',$5,$6,$7,$8,$9,$10,$11,$12) returning id`,
      [ctx.orgId, ctx.clinics[l.clinic], l.name, l.address, l.zip, l.lat, l.lng, l.phone, l.hours, l.parking, l.entrance, l.access]);
    locations['primary-care-east'] = loc.id;
  }
  for (const d of DEPARTMENTS) {
    await q.query('insert into directory_entry (org_id, clinic_id, name, description, phone, kind, hours, sort_order) values ($1,$2,$3,$4,$5,$6,$7,$8)',
      [ctx.orgId, d.clinic ? ctx.clinics[d.clinic] : null, d.name, d.description, d.phone, d.kind, d.hours ?? null, d.sort]);
  }

  for (const [email, p] of Object.entries(EXISTING)) {
    if (!ctx.staff[email]) continue;
    await upsertProfile(q, { userId: ctx.staff[email], orgId: ctx.orgId, specialties: p.spec, languages: p.lang, gender: p.gender,
      accepting: ctx.r.chance(0.8), bio: p.bio, locationIds: p.loc.map((s) => locations[s]) });
  }
  const hasInstructions = (await q.query<{ t: string | null }>("select to_regclass('public.msg_provider_instruction')::text as t"))[0]?.t;
  for (const d of NEW_DOCTORS) {
    const email = `${d.key}@demo.portico.test`;
    const [u] = await q.query<{ id: string }>(
      `insert into app_user (email, password_hash, role, display_name, credentials, org_id) values ($1,$2,'physician',$3,$4,$5) returning id`,
      [email, ctx.passwordHash, `${d.name}, ${d.cred}`, d.cred, ctx.orgId]);
    ctx.staff[email] = u.id;
    await q.query('insert into staff_clinic (user_id, clinic_id) values ($1,$2)', [u.id, ctx.clinics[d.clinic]]);
    const locIds = [locations[d.clinic]];
    if (d.key === 'rosa.delgado') locIds.push(locations['primary-care-east']);
    await upsertProfile(q, { userId: u.id, orgId: ctx.orgId, specialties: d.spec, languages: d.lang, gender: d.gender, accepting: d.accepting, bio: d.bio, locationIds: locIds });
    if (d.instructions && hasInstructions)
      await q.query('insert into msg_provider_instruction (user_id, body) values ($1,$2) on conflict (user_id) do nothing', [u.id, d.instructions]);
  }
}
