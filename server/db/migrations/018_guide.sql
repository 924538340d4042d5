-- Issue 16 (guide): "How messaging works". One row per thing that happened with the guide for a patient:
--   viewed     the patient opened the guide page or the first-use walkthrough
--   completed  the patient went through the walkthrough to the end
--   skipped    the patient closed the walkthrough early
--   explained  a clinician explained messaging (by_user_id), with their own instructions; optional printed hand-out
-- The walkthrough is offered when the patient has no completed/skipped row yet, or has not sent a message for a year.
create table guide_event (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patient(id),
  kind text not null check (kind in ('viewed', 'completed', 'skipped', 'explained')),
  by_user_id uuid references app_user(id),
  instructions text check (instructions is null or char_length(instructions) <= 1000),
  handout boolean not null default false,
  followup_id uuid,
  created_at timestamptz not null default now(),
  check (kind <> 'explained' or by_user_id is not null)
);
create index guide_event_patient on guide_event (patient_id, created_at);
create index guide_event_by_user on guide_event (by_user_id) where by_user_id is not null;
