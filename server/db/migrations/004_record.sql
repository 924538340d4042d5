-- Health record: what the FHIR importer brings from the EHR beyond 002, the import log, and patient-entered home readings.
-- Every imported row keeps its FHIR id (source_id) and original JSON (fhir). Unique (patient_id, source_id) makes import idempotent.

create unique index encounter_source on encounter(patient_id, source_id) where source_id is not null;
create unique index observation_source on observation(patient_id, source_id) where source_id is not null;
create unique index condition_source on condition(patient_id, source_id) where source_id is not null;
create unique index medication_source on medication(patient_id, source_id) where source_id is not null;
create unique index allergy_source on allergy(patient_id, source_id) where source_id is not null;
create unique index immunization_source on immunization(patient_id, source_id) where source_id is not null;

-- The reference range as the lab wrote it, when it is text (e.g. "Negative") rather than numbers.
alter table observation add column ref_text text;

-- The FHIR Patient a portal patient came from (the identifiers themselves live in patient_identifier).
create table patient_source (
  patient_id uuid not null references patient(id),
  org_id uuid not null references organization(id),
  source_id text not null,
  fhir jsonb not null,
  primary key (patient_id),
  unique (org_id, source_id)
);

-- People and places named by the record (resolved from references), per organization.
create table practitioner (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organization(id),
  source_id text not null,
  name text not null,
  npi text,
  fhir jsonb,
  unique (org_id, source_id)
);

create table care_organization (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organization(id),
  source_id text not null,
  kind text not null default 'Organization', -- Organization | Location
  name text not null,
  address text,
  phone text,
  fhir jsonb,
  unique (org_id, source_id, kind)
);

create table procedure (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patient(id),
  source_id text,
  code text,
  display text not null,
  status text not null default 'completed',
  performed_at timestamptz,
  encounter_id uuid references encounter(id),
  fhir jsonb
);
create index procedure_patient on procedure(patient_id, performed_at desc);
create unique index procedure_source on procedure(patient_id, source_id) where source_id is not null;

create table care_plan (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patient(id),
  source_id text,
  title text not null,
  status text not null,
  start_at timestamptz,
  end_at timestamptz,
  activities text[] not null default '{}',
  fhir jsonb
);
create unique index care_plan_source on care_plan(patient_id, source_id) where source_id is not null;

create table care_goal (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patient(id),
  source_id text,
  description text not null,
  status text,
  fhir jsonb
);
create unique index care_goal_source on care_goal(patient_id, source_id) where source_id is not null;

create table diagnostic_report (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patient(id),
  source_id text,
  code text,
  display text not null,
  category text,
  status text,
  effective_at timestamptz,
  issued_at timestamptz,
  encounter_id uuid references encounter(id),
  result_source_ids text[] not null default '{}',
  fhir jsonb
);
create index diagnostic_report_patient on diagnostic_report(patient_id, effective_at desc);
create unique index diagnostic_report_source on diagnostic_report(patient_id, source_id) where source_id is not null;

create table document_reference (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patient(id),
  source_id text,
  type text not null,
  description text,
  status text,
  doc_date timestamptz,
  author_name text,
  content_type text,
  title text,
  url text,
  data text,                        -- base64 attachment data when the EHR sent it inline
  encounter_id uuid references encounter(id),
  fhir jsonb
);
create index document_reference_patient on document_reference(patient_id, doc_date desc);
create unique index document_reference_source on document_reference(patient_id, source_id) where source_id is not null;

-- Insurance. The billing feature READS this table for the insurance page.
create table coverage (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patient(id),
  source_id text,
  payer text not null,
  plan_name text,
  member_id text,
  group_id text,
  subscriber_name text,
  relationship text,
  start_date date,
  end_date date,
  copay_text text,
  status text not null default 'active',
  fhir jsonb
);
create index coverage_patient on coverage(patient_id);
create unique index coverage_source on coverage(patient_id, source_id) where source_id is not null;

-- Claims and explanations of benefit, kept raw for billing; money in integer cents.
create table claim (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patient(id),
  source_id text,
  resource_type text not null check (resource_type in ('Claim','ExplanationOfBenefit')),
  status text,
  claim_type text,
  claim_source_id text,             -- for an EOB: the Claim it explains
  billable_start timestamptz,
  billable_end timestamptz,
  created_at_source timestamptz,
  payer text,
  provider_name text,
  encounter_source_id text,
  total_cents bigint,
  payment_cents bigint,
  currency text,
  fhir jsonb
);
create index claim_patient on claim(patient_id, billable_start desc);
create unique index claim_source on claim(patient_id, resource_type, source_id) where source_id is not null;

-- One row per file or API call: who imported what, how it went, counts per resource type.
create table fhir_import_run (
  id uuid primary key default gen_random_uuid(),
  org_id uuid references organization(id),
  user_id uuid,
  source text not null,
  bundle_sha256 text,
  status text not null check (status in ('imported','rejected')),
  error text,
  counts jsonb,
  started_at timestamptz not null default now(),
  finished_at timestamptz
);
create index fhir_import_run_time on fhir_import_run(started_at desc);

-- Patient-generated data: home blood glucose, stored in mg/dL with what the patient typed kept beside it.
create table home_glucose (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patient(id),
  value_mgdl double precision not null check (value_mgdl > 0),
  entered_value double precision not null,
  entered_unit text not null check (entered_unit in ('mg/dL','mmol/L')),
  context text not null check (context in ('fasting','before-meal','after-meal','bedtime','other')),
  measured_at timestamptz not null,
  note text,
  shared boolean not null default false,
  shared_at timestamptz,
  created_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index home_glucose_patient on home_glucose(patient_id, measured_at desc) where deleted_at is null;

-- Per-patient record settings: preferred glucose unit and the A1c target the care team set.
create table record_preference (
  patient_id uuid primary key references patient(id),
  glucose_unit text not null default 'mg/dL' check (glucose_unit in ('mg/dL','mmol/L')),
  a1c_target double precision,
  glucose_low double precision not null default 70,
  glucose_high double precision not null default 180
);
