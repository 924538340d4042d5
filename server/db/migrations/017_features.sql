-- Issue 14 (features): home readings beyond glucose. Blood pressure and weight a patient logs at home, each kept as a
-- FHIR-shaped Observation (vital-signs category; LOINC 85354-9 with 8480-6 / 8462-4 components, or 29463-7) in `fhir`,
-- beside the columns the portal queries. Shared with the care team like home glucose; removal is a soft delete.
create table home_vital (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patient(id),
  kind text not null check (kind in ('blood-pressure', 'weight')),
  systolic integer check (systolic between 40 and 300),
  diastolic integer check (diastolic between 20 and 200),
  pulse integer check (pulse between 20 and 250),
  weight_kg double precision check (weight_kg > 0),
  entered_value double precision,
  entered_unit text not null check (entered_unit in ('mmHg', 'kg', 'lb')),
  measured_at timestamptz not null,
  note text,
  shared boolean not null default false,
  shared_at timestamptz,
  created_at timestamptz not null default now(),
  deleted_at timestamptz,
  fhir jsonb not null,
  check ((kind = 'blood-pressure') = (systolic is not null and diastolic is not null)),
  check ((kind = 'weight') = (weight_kg is not null))
);
create index home_vital_patient on home_vital(patient_id, kind, measured_at desc) where deleted_at is null;

-- The weight unit a patient reads their scale in (kg or lb).
alter table record_preference add column weight_unit text check (weight_unit in ('kg', 'lb'));
