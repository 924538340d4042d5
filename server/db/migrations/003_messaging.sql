-- Closed-loop secure messaging: pools, routing, conversations, immutable messages, events, drafts, attachments,
-- templates, provider instructions, clinician time and follow-up requests.

-- Per-organization knobs, so a clinic can tune limits without a release.
create table msg_settings (
  org_id uuid primary key references organization(id),
  max_body_chars integer not null default 5000,
  max_attachment_bytes integer not null default 5242880,
  reopen_window_days integer not null default 14,
  near_due_hours integer not null default 4
);

-- A clinic group that reads messages. Its calendar defines the response target in business time.
create table msg_pool (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organization(id),
  clinic_id uuid not null references clinic(id),
  name text not null,
  handles_text text not null default '',            -- "A nurse on the Primary Care team reads these; ..."
  target_business_hours integer not null default 16 check (target_business_hours > 0),
  day_start_hour integer not null default 8 check (day_start_hour between 0 and 23),
  day_end_hour integer not null default 17 check (day_end_hour between 1 and 24),
  business_days integer[] not null default '{1,2,3,4,5}',   -- ISO weekday numbers, Monday = 1
  holidays date[] not null default '{}',
  timezone text not null default 'America/Chicago',
  lead_user_id uuid references app_user(id),
  is_default boolean not null default false,        -- fallback when no routing rule matches
  created_at timestamptz not null default now(),
  unique (clinic_id, name)
);

create table msg_pool_member (
  pool_id uuid not null references msg_pool(id),
  user_id uuid not null references app_user(id),
  primary key (pool_id, user_id)
);
create index msg_pool_member_user on msg_pool_member(user_id);

-- Categories are configured per organization; "who handles" is what the composer tells the patient.
create table msg_category (
  org_id uuid not null references organization(id),
  code text not null,
  label text not null,
  description text not null default '',
  who_handles text not null default '',
  billable boolean not null default true,          -- refills and scheduling never count toward an online digital visit
  sort_order integer not null default 0,
  active boolean not null default true,
  primary key (org_id, code)
);

create table msg_routing_rule (
  clinic_id uuid not null references clinic(id),
  category_code text not null,
  pool_id uuid not null references msg_pool(id),
  primary key (clinic_id, category_code)
);

create table msg_thread (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organization(id),
  patient_id uuid not null references patient(id),
  clinic_id uuid not null references clinic(id),
  category_code text not null,
  subject text not null,
  status text not null default 'open' check (status in ('open', 'answered', 'closed')),
  pool_id uuid not null references msg_pool(id),
  assignee_id uuid references app_user(id),
  provider_id uuid references app_user(id),
  priority integer not null default 0,             -- 0 routine, 1 raised by escalation, 2 urgent
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  last_message_at timestamptz not null default now(),
  last_staff_message_at timestamptz,
  patient_read_at timestamptz,
  awaiting_since timestamptz,                      -- when the clock on the care team started; null when nothing is owed
  due_at timestamptz,
  first_due_at timestamptz,                        -- the target for the first reply, kept for the response-time audit
  first_response_at timestamptz,
  overdue_at timestamptz,
  escalated_at timestamptz,
  linked_thread_id uuid references msg_thread(id),
  closed_at timestamptz,
  closed_by uuid references app_user(id),
  resolution text,
  followup_id uuid
);
create index msg_thread_patient on msg_thread(patient_id, last_message_at desc);
-- The in-basket reads open work of one pool by due time. Covering (INCLUDE) so the list and its counts are index-only scans.
create index msg_thread_pool_due on msg_thread(pool_id, due_at) include (priority, created_at, assignee_id, escalated_at, category_code) where status = 'open';
create index msg_thread_assignee_due on msg_thread(assignee_id, due_at) include (priority, created_at, escalated_at, category_code) where status = 'open';
create index msg_thread_escalation on msg_thread(due_at) where status = 'open' and escalated_at is null;
create index msg_thread_clinic_created on msg_thread(clinic_id, created_at);

create table msg_message (
  id uuid primary key default gen_random_uuid(),
  thread_id uuid not null references msg_thread(id),
  patient_id uuid not null references patient(id),  -- copied from the thread: chart search never needs a join to be scoped
  author_id uuid not null references app_user(id),
  kind text not null check (kind in ('patient', 'staff_reply', 'internal_note', 'phone_encounter')),
  body text not null check (length(body) > 0),
  created_at timestamptz not null default now(),
  search tsvector generated always as (to_tsvector('english', body)) stored
);
create index msg_message_thread on msg_message(thread_id, created_at);
create index msg_message_search on msg_message using gin(search);
create index msg_message_patient on msg_message(patient_id, created_at desc);

-- The chart is permanent: a sent message can never be changed or removed; corrections are new messages.
create function msg_message_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'messages are permanent: % is not allowed on msg_message', tg_op;
end $$;
create trigger msg_message_no_change before update or delete on msg_message
  for each row execute function msg_message_immutable();
create trigger msg_message_no_truncate before truncate on msg_message
  for each statement execute function msg_message_immutable();

create table msg_event (
  id bigserial primary key,
  thread_id uuid not null references msg_thread(id),
  message_id uuid references msg_message(id),
  kind text not null check (kind in ('sent', 'routed', 'read', 'answered', 'assigned', 'reassigned', 'needs_provider', 'note',
    'overdue', 'escalated', 'closed', 'reopened', 'resolved_by_patient', 'phone_encounter')),
  actor_id uuid references app_user(id),
  pool_id uuid references msg_pool(id),
  detail jsonb,
  at timestamptz not null default now()
);
create index msg_event_thread on msg_event(thread_id, id);
-- A person reads a message once, as far as the record is concerned: opening it again adds nothing.
create unique index msg_event_read_once on msg_event(message_id, actor_id) where kind = 'read';

create table msg_draft (
  user_id uuid not null references app_user(id),
  draft_key text not null,                          -- 'new' for the composer, or the thread id for a reply
  thread_id uuid references msg_thread(id),
  category_code text,
  clinic_id uuid,
  provider_id uuid,
  subject text not null default '',
  body text not null default '',
  updated_at timestamptz not null default now(),
  primary key (user_id, draft_key)
);

create table msg_attachment (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organization(id),
  uploaded_by uuid not null references app_user(id),
  patient_id uuid references patient(id),          -- set for patients at upload, for staff when attached
  thread_id uuid references msg_thread(id),
  message_id uuid references msg_message(id),
  filename text not null,
  content_type text not null check (content_type in ('application/pdf', 'image/jpeg', 'image/png')),
  size_bytes integer not null,
  sha256 text not null,
  data bytea not null,
  created_at timestamptz not null default now()
);
create index msg_attachment_message on msg_attachment(message_id);

create table msg_template (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organization(id),
  clinic_id uuid references clinic(id),             -- null: every clinic of the organization
  title text not null,
  body text not null,
  created_at timestamptz not null default now()
);

create table msg_provider_instruction (
  user_id uuid primary key references app_user(id),
  body text not null,
  updated_at timestamptz not null default now()
);

create table msg_time_entry (
  id uuid primary key default gen_random_uuid(),
  thread_id uuid not null references msg_thread(id),
  patient_id uuid not null references patient(id),
  user_id uuid not null references app_user(id),
  minutes integer not null check (minutes between 1 and 240),
  activity text not null default 'review',
  at timestamptz not null default now()
);
create index msg_time_entry_patient on msg_time_entry(patient_id, at);

-- "Ask the patient to message": a clinician's request, shown on the patient's home until a message answers it.
create table msg_followup (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organization(id),
  patient_id uuid not null references patient(id),
  clinic_id uuid not null references clinic(id),
  requested_by uuid not null references app_user(id),
  category_code text not null,
  instructions text not null,
  due_date date not null,
  status text not null default 'open' check (status in ('open', 'done', 'cancelled')),
  done_thread_id uuid references msg_thread(id),
  reminded_at timestamptz,
  created_at timestamptz not null default now(),
  completed_at timestamptz
);
create index msg_followup_patient on msg_followup(patient_id, status);

-- The outbox sender claims rows with a lease so two processes never send one row at the same time.
alter table outbox_email add column if not exists next_attempt_at timestamptz;
create index if not exists outbox_email_unsent on outbox_email(id) where sent_at is null;
