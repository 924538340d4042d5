-- SMART App Launch: registered apps (OAuth clients), the authorization server's state, and patients' grants to apps.

-- An app the operator registered (`portico smart-client add`). A public app has no secret (PKCE only).
create table smart_client (
  id text primary key,
  name text not null,
  redirect_uris text[] not null,
  client_secret text,
  created_at timestamptz not null default now(),
  removed_at timestamptz
);

-- oidc-provider's models (authorization codes, access and refresh tokens, grants, sessions, interactions), one row each.
create table oidc_payload (
  model text not null,
  id text not null,
  payload jsonb not null,
  grant_id text,
  uid text,
  user_code text,
  expires_at timestamptz,
  consumed_at timestamptz,
  primary key (model, id)
);
create index oidc_payload_grant on oidc_payload(grant_id) where grant_id is not null;
create index oidc_payload_uid on oidc_payload(uid) where uid is not null;
create index oidc_payload_expires on oidc_payload(expires_at) where expires_at is not null;

-- A patient's permission for one app: who allowed it, for which record, what it may read. Revoked = disconnected.
create table smart_grant (
  id text primary key,
  client_id text not null references smart_client(id),
  user_id uuid not null references app_user(id),
  patient_id uuid not null references patient(id),
  scopes text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index smart_grant_patient on smart_grant(patient_id, created_at desc) where revoked_at is null;

-- "Send my record" can also send the C-CDA document (server/features/ccda).
alter table record_share_link drop constraint record_share_link_format_check;
alter table record_share_link add constraint record_share_link_format_check check (format in ('summary', 'fhir', 'ccda'));
