-- Organizations, clinics, people, sessions, login throttling and the tamper-evident audit trail.
create table organization (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  created_at timestamptz not null default now()
);

create table clinic (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organization(id),
  slug text not null unique,
  name text not null,
  specialty text not null,
  phone_main text,
  phone_nurse_line text,
  phone_after_hours text,
  phone_billing text,
  hours text,
  created_at timestamptz not null default now()
);

create table location (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organization(id),
  clinic_id uuid references clinic(id),
  name text not null,
  address_line text not null,
  city text not null,
  state text not null,
  postal_code text not null,
  latitude double precision,
  longitude double precision,
  phone text,
  hours text,
  parking_notes text,
  entrance_notes text,
  accessibility_notes text
);

create table patient (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organization(id),
  mrn text not null,
  given_name text not null,
  family_name text not null,
  birth_date date,
  sex text,
  phone text,
  email text,
  address_line text,
  city text,
  state text,
  postal_code text,
  preferred_language text not null default 'en',
  primary_clinic_id uuid references clinic(id),
  primary_provider_id uuid,
  created_at timestamptz not null default now(),
  unique (org_id, mrn)
);

create table patient_identifier (
  patient_id uuid not null references patient(id),
  system text not null default '',
  value text not null,
  primary key (patient_id, system, value)
);
create index patient_identifier_value on patient_identifier(value);

create table app_user (
  id uuid primary key default gen_random_uuid(),
  email text not null unique,
  password_hash text not null,
  role text not null check (role in ('patient','physician','nurse','medical_assistant','front_desk','billing','admin','researcher')),
  display_name text not null,
  credentials text,
  org_id uuid not null references organization(id),
  patient_id uuid references patient(id),
  disabled boolean not null default false,
  password_changed_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  check ((role = 'patient') = (patient_id is not null))
);

alter table patient add constraint patient_primary_provider_fk foreign key (primary_provider_id) references app_user(id);

create table staff_clinic (
  user_id uuid not null references app_user(id),
  clinic_id uuid not null references clinic(id),
  primary key (user_id, clinic_id)
);

create table user_session (
  id text primary key,              -- sha256 of the cookie token: a stolen database row cannot be replayed as a cookie
  user_id uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ip text,
  user_agent text
);
create index user_session_user on user_session(user_id);

create table login_throttle (
  key text primary key,             -- 'ip:<addr>' or 'account:<email>'
  failures integer not null default 0,
  window_started_at timestamptz not null default now(),
  locked_until timestamptz
);

create table audit_event (
  id bigserial primary key,
  at timestamptz not null,
  user_id uuid,
  role text,
  patient_id uuid,
  action text not null,
  resource_type text not null,
  resource_id text,
  outcome text not null default 'success',
  ip text,
  detail jsonb,
  prev_hash text not null,
  hash text not null
);
create index audit_event_patient on audit_event(patient_id, at);
create index audit_event_user on audit_event(user_id, at);

-- Append-only: no role, not even the application's own, may rewrite history.
create function audit_event_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'audit_event is append-only';
end $$;
create trigger audit_event_no_update before update or delete on audit_event
  for each row execute function audit_event_immutable();
create trigger audit_event_no_truncate before truncate on audit_event
  for each statement execute function audit_event_immutable();

create table idempotency_key (
  user_id uuid not null,
  key text not null,
  route text not null,
  request_hash text not null,
  status_code integer,
  response jsonb,
  created_at timestamptz not null default now(),
  primary key (user_id, key)
);

create table outbox_email (
  id bigserial primary key,
  to_address text not null,
  subject text not null,
  body text not null,
  dedupe_key text unique,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  attempts integer not null default 0,
  last_error text
);
