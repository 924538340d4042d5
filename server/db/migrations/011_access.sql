-- One access policy (platform/access): break-glass grants, and which patient an idempotent answer was about.

-- Break-glass: a staff member outside their normal scope opens one patient's chart with a written reason, for a limited
-- time. Rows are never updated or deleted (the admin report and the patient's activity log read them).
create table break_glass (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organization(id),
  user_id uuid not null references app_user(id),
  patient_id uuid not null references patient(id),
  reason text not null check (length(reason) between 10 and 1000),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  check (expires_at > created_at)
);
create index break_glass_active on break_glass(user_id, patient_id, expires_at);
create index break_glass_org on break_glass(org_id, created_at desc);

create function break_glass_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'break_glass rows cannot be changed or deleted';
end $$;
create trigger break_glass_no_update before update or delete on break_glass
  for each row execute function break_glass_immutable();

-- Replaying an idempotency key re-checks access to the patient the stored answer is about.
alter table idempotency_key add column patient_id uuid;
