-- Scheduling, prescription refills and referrals. Every patient request is also a messaging conversation (msg_thread, 003).
-- Double-booking is impossible in the database itself: a booked appointment claims every 15-minute cell of its clinician's
-- calendar it covers (appointment_cell, primary key (clinician_id, cell_start)); a second claim on any cell fails.
-- (An exclusion constraint would need btree_gist, which PGlite does not ship; this design works on both.)

create table sched_settings (
  org_id uuid primary key references organization(id),
  reminder_lead_hours integer not null default 48 check (reminder_lead_hours between 1 and 336),
  booking_horizon_days integer not null default 90 check (booking_horizon_days between 1 and 365),
  timezone text not null default 'America/Chicago'  -- how times are shown to patients and in messages
);

create table visit_type (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organization(id),
  code text not null,
  name text not null,
  modality text not null check (modality in ('in_person', 'video', 'phone')),
  duration_minutes integer not null check (duration_minutes between 15 and 240 and duration_minutes % 15 = 0),
  prepare_text text not null default '',
  checkin_text text not null default '',
  active boolean not null default true,
  sort_order integer not null default 0,
  unique (org_id, code)
);

-- A clinician's weekly template: on this ISO weekday, at this location, from start to end local time, in slots of slot_minutes.
create table sched_template (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organization(id),
  clinician_id uuid not null references app_user(id),
  location_id uuid not null references location(id),
  weekday integer not null check (weekday between 1 and 7),
  start_time time not null,
  end_time time not null,
  slot_minutes integer not null default 30 check (slot_minutes between 15 and 240 and slot_minutes % 15 = 0),
  timezone text not null default 'America/Chicago',
  valid_from date not null default current_date,
  valid_until date,
  created_at timestamptz not null default now(),
  check (end_time > start_time),
  check (extract(minute from start_time)::int % 15 = 0 and extract(minute from end_time)::int % 15 = 0)
);
create index sched_template_clinician on sched_template(clinician_id, weekday);

-- Time off and other exceptions: no slots are offered in [starts_at, ends_at).
create table sched_exception (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organization(id),
  clinician_id uuid not null references app_user(id),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  reason text not null default 'Time off',
  created_by uuid references app_user(id),
  created_at timestamptz not null default now(),
  check (ends_at > starts_at)
);
create index sched_exception_clinician on sched_exception(clinician_id, starts_at);

-- A structured request (new visit, cancel, reschedule). It always lives in a messaging conversation.
create table appointment_request (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organization(id),
  patient_id uuid not null references patient(id),
  clinic_id uuid not null references clinic(id),
  kind text not null check (kind in ('new', 'cancel', 'reschedule')),
  appointment_id uuid,                               -- the appointment to cancel or move
  reason text not null,
  preferred_clinician_id uuid references app_user(id),
  preferred_days integer[] not null default '{}',    -- ISO weekdays
  preferred_times text[] not null default '{}',      -- morning | afternoon | evening
  modality text not null default 'in_person' check (modality in ('in_person', 'video', 'phone')),
  visit_type_id uuid references visit_type(id),
  status text not null default 'pending' check (status in ('pending', 'alternatives_offered', 'booked', 'cancelled', 'closed')),
  thread_id uuid not null references msg_thread(id),
  booked_appointment_id uuid,
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  resolved_at timestamptz,
  resolved_by uuid references app_user(id)
);
create index appointment_request_patient on appointment_request(patient_id, created_at desc);
create index appointment_request_open on appointment_request(org_id, created_at) where status in ('pending', 'alternatives_offered');
create unique index appointment_request_thread on appointment_request(thread_id);

create table appointment (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organization(id),
  patient_id uuid not null references patient(id),
  clinician_id uuid not null references app_user(id),
  clinic_id uuid not null references clinic(id),
  location_id uuid not null references location(id),
  visit_type_id uuid not null references visit_type(id),
  modality text not null check (modality in ('in_person', 'video', 'phone')),
  start_at timestamptz not null,
  end_at timestamptz not null,
  status text not null default 'booked' check (status in ('booked', 'cancelled', 'completed')),
  prepare_text text not null default '',
  checkin_text text not null default '',
  request_id uuid references appointment_request(id),
  thread_id uuid references msg_thread(id),
  labs_thread_id uuid references msg_thread(id),   -- the "labs before my visit?" question, asked once per appointment
  booked_by uuid references app_user(id),
  created_at timestamptz not null default now(),
  cancelled_at timestamptz,
  cancelled_by uuid references app_user(id),
  check (end_at > start_at)
);
create index appointment_patient on appointment(patient_id, start_at desc);
create index appointment_clinician on appointment(clinician_id, start_at) where status = 'booked';
create index appointment_reminder_due on appointment(start_at) where status = 'booked';
-- Two booked appointments of one clinician never start at the same time ...
create unique index appointment_no_double_start on appointment(clinician_id, start_at) where status = 'booked';
alter table appointment_request add constraint appointment_request_appt_fk foreign key (appointment_id) references appointment(id);
alter table appointment_request add constraint appointment_request_booked_fk foreign key (booked_appointment_id) references appointment(id);

-- ... and never overlap: each booked appointment owns the 15-minute cells it covers. Cancelling releases them.
create table appointment_cell (
  clinician_id uuid not null references app_user(id),
  cell_start timestamptz not null,
  appointment_id uuid not null references appointment(id),
  primary key (clinician_id, cell_start)
);
create index appointment_cell_appointment on appointment_cell(appointment_id);

-- A reminder is sent once per appointment and lead time, whatever happens to the job (the primary key is the marker).
create table appointment_reminder (
  appointment_id uuid not null references appointment(id),
  lead_hours integer not null,
  sent_at timestamptz not null default now(),
  primary key (appointment_id, lead_hours)
);

-- ---------- Pharmacies and refills ----------
create table pharmacy (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organization(id),
  name text not null,
  address_line text not null,
  city text not null,
  state text not null,
  postal_code text not null,
  phone text,
  hours text,
  mail_order boolean not null default false
);
create index pharmacy_org on pharmacy(org_id, name);

create table patient_pharmacy (
  patient_id uuid not null references patient(id),
  pharmacy_id uuid not null references pharmacy(id),
  preferred boolean not null default false,
  created_at timestamptz not null default now(),
  primary key (patient_id, pharmacy_id)
);

create table refill_request (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organization(id),
  patient_id uuid not null references patient(id),
  clinic_id uuid not null references clinic(id),
  pharmacy_id uuid not null references pharmacy(id),
  note text not null default '',
  status text not null default 'pending' check (status in ('pending', 'completed')),
  thread_id uuid not null references msg_thread(id),
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  completed_at timestamptz
);
create index refill_request_patient on refill_request(patient_id, created_at desc);
create index refill_request_open on refill_request(org_id, created_at) where status = 'pending';

create table refill_request_item (
  request_id uuid not null references refill_request(id),
  medication_id uuid not null references medication(id),
  medication_display text not null,                 -- as the patient saw it when asking
  decision text check (decision in ('approved', 'denied')),
  reason text,
  decided_by uuid references app_user(id),
  decided_at timestamptz,
  primary key (request_id, medication_id),
  check ((decision is null) = (decided_at is null))
);

-- ---------- Referrals ----------
create table referral_request (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organization(id),
  patient_id uuid not null references patient(id),
  clinic_id uuid not null references clinic(id),
  specialty text not null,
  reason text not null,
  preferred_clinician_id uuid references app_user(id),
  preferred_location_id uuid references location(id),
  status text not null default 'pending' check (status in ('pending', 'approved', 'denied', 'need_visit')),
  outcome_note text,
  decided_by uuid references app_user(id),
  decided_at timestamptz,
  thread_id uuid not null references msg_thread(id),
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now()
);
create index referral_request_patient on referral_request(patient_id, created_at desc);
create index referral_request_open on referral_request(org_id, created_at) where status = 'pending';
