-- The patient's clinical record as it arrives from the EHR. Each row keeps its source FHIR id and JSON for provenance.
create table encounter (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patient(id),
  source_id text,
  type text not null,
  reason text,
  status text not null default 'finished',
  start_at timestamptz not null,
  end_at timestamptz,
  clinician_name text,
  location_name text,
  fhir jsonb
);
create index encounter_patient on encounter(patient_id, start_at desc);

create table observation (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patient(id),
  source_id text,
  category text not null,          -- laboratory | vital-signs | survey | social-history | home
  code text not null,              -- LOINC
  display text not null,
  value_num double precision,
  value_text text,
  unit text,
  ref_low double precision,
  ref_high double precision,
  interpretation text,             -- N | H | L | A
  panel text,
  effective_at timestamptz not null,
  encounter_id uuid references encounter(id),
  fhir jsonb
);
create index observation_patient_code on observation(patient_id, code, effective_at desc);
create index observation_patient_time on observation(patient_id, effective_at desc);

create table condition (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patient(id),
  source_id text,
  code text,
  display text not null,
  clinical_status text not null default 'active',
  onset_at timestamptz,
  abated_at timestamptz,
  fhir jsonb
);
create index condition_patient on condition(patient_id);

create table medication (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patient(id),
  source_id text,
  code text,
  display text not null,
  dose text,
  instructions text,
  status text not null default 'active',
  prescriber_name text,
  authored_at timestamptz,
  fhir jsonb
);
create index medication_patient on medication(patient_id);

create table allergy (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patient(id),
  source_id text,
  code text,
  display text not null,
  reaction text,
  severity text,
  clinical_status text not null default 'active',
  recorded_at timestamptz,
  fhir jsonb
);
create index allergy_patient on allergy(patient_id);

create table immunization (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patient(id),
  source_id text,
  code text,
  display text not null,
  occurred_at timestamptz not null,
  fhir jsonb
);
create index immunization_patient on immunization(patient_id);
