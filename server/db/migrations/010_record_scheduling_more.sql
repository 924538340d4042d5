-- Record: "transmit" sends an expiring secure download link by email (never the record itself). Only a hash of the token is kept.
create table record_share_link (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patient(id),
  created_by uuid not null references app_user(id),
  token_hash text not null unique,
  format text not null check (format in ('summary', 'fhir')),
  range_from date,
  range_to date,
  to_address text not null,
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  use_count integer not null default 0
);
create index record_share_link_patient on record_share_link(patient_id, created_at desc);

-- Scheduling: a weekly availability block may be kept for some visit types only (empty = any visit type).
alter table sched_template add column visit_type_ids uuid[] not null default '{}';
