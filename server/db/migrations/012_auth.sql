-- Sign-in security (issue 10): MFA (TOTP + one-time recovery codes), proxy invitations that reveal nothing,
-- and secure record links tied to the proxy grant they were made under.

-- TOTP: one row per user; enabled_at is null while enrollment is pending (secret shown, first code not yet confirmed).
-- last_step is the last accepted 30-second time step: a code is accepted once (no replay within its window).
create table user_mfa (
  user_id uuid primary key references app_user(id),
  totp_secret text not null,
  created_at timestamptz not null default now(),
  enabled_at timestamptz,
  last_step bigint
);

-- Ten one-time recovery codes per enrollment; only a sha256 of each (random, 50 bits+) is kept.
create table mfa_recovery_code (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user(id),
  code_hash text not null,
  created_at timestamptz not null default now(),
  used_at timestamptz
);
create index mfa_recovery_code_user on mfa_recovery_code(user_id) where used_at is null;

-- A staff session signed in without MFA while MFA is required: it may only enroll (see app.ts).
alter table user_session add column mfa_enrollment_pending boolean not null default false;

-- Proxy invitations answer the same for any email: the grant keeps the email typed, and is linked to an account
-- only when that account may be a proxy (a patient of the same organization). Unlinked grants give no access.
alter table proxy_grant add column invited_email text;
update proxy_grant g set invited_email = u.email from app_user u where u.id = g.grantee_user_id;
alter table proxy_grant alter column grantee_user_id drop not null;
create unique index proxy_grant_active_email on proxy_grant(patient_id, invited_email) where revoked_at is null;

-- Secure record links: a link made by a proxy belongs to the grant it was made under and ends with it;
-- the patient sees every link to their record and can revoke each one.
alter table record_share_link add column proxy_grant_id uuid references proxy_grant(id);
alter table record_share_link add column revoked_at timestamptz;
alter table record_share_link add column revoked_by uuid references app_user(id);
create index record_share_link_grant on record_share_link(proxy_grant_id) where proxy_grant_id is not null;

-- Whoever inserts the link (the record feature's transmit route or anything later), a proxy's link is tied to the
-- live grant, and never outlives it.
create function record_share_link_tie_grant() returns trigger language plpgsql as $$
declare
  g record;
begin
  if new.proxy_grant_id is null and not exists (
      select 1 from app_user u where u.id = new.created_by and u.patient_id = new.patient_id) then
    select pg.id, pg.expires_at into g from proxy_grant pg
     where pg.patient_id = new.patient_id and pg.grantee_user_id = new.created_by
       and pg.revoked_at is null and (pg.expires_at is null or pg.expires_at > now())
     order by pg.created_at desc limit 1;
    if g.id is not null then
      new.proxy_grant_id := g.id;
      if g.expires_at is not null and g.expires_at < new.expires_at then new.expires_at := g.expires_at; end if;
    end if;
  end if;
  return new;
end $$;
create trigger record_share_link_tie_grant before insert on record_share_link
  for each row execute function record_share_link_tie_grant();
