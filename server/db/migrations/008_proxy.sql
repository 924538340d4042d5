-- Proxy access: a patient lets another portal user (a family member, a caregiver) see and act on their record.
create table proxy_grant (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patient(id),
  grantee_user_id uuid not null references app_user(id),
  relationship text not null,
  granted_by uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  revoked_at timestamptz
);
create unique index proxy_grant_active on proxy_grant(patient_id, grantee_user_id) where revoked_at is null;
create index proxy_grant_grantee on proxy_grant(grantee_user_id) where revoked_at is null;

-- The record a session is currently acting on (null = the user's own record).
alter table user_session add column acting_patient_id uuid references patient(id);
