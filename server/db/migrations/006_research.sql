-- Research: portal-use survey campaigns, FHIR-shaped survey responses, and the log of de-identified exports.
create table survey_campaign (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organization(id),
  title text not null,
  questionnaire text not null,                 -- canonical URL of the Questionnaire (server/features/research/questionnaire.ts)
  cohort jsonb not null,                       -- { condition, ageMin, ageMax } as chosen by the researcher
  opened_by uuid not null references app_user(id),
  opens_at timestamptz not null default now(),
  closes_at timestamptz,
  status text not null default 'open' check (status in ('open', 'closed')),
  closed_by uuid references app_user(id),
  closed_at timestamptz,
  created_at timestamptz not null default now()
);
create index survey_campaign_org on survey_campaign(org_id, created_at desc);

-- The cohort is evaluated once, when the campaign opens: these patients are invited.
create table survey_invitation (
  campaign_id uuid not null references survey_campaign(id),
  patient_id uuid not null references patient(id),
  created_at timestamptz not null default now(),
  primary key (campaign_id, patient_id)
);
create index survey_invitation_patient on survey_invitation(patient_id);

-- One response per patient per campaign; `resource` is a FHIR R4 QuestionnaireResponse.
create table survey_response (
  id uuid primary key default gen_random_uuid(),
  campaign_id uuid not null references survey_campaign(id),
  patient_id uuid not null references patient(id),
  status text not null default 'in-progress' check (status in ('in-progress', 'completed')),
  resource jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  submitted_at timestamptz,
  unique (campaign_id, patient_id)
);
create index survey_response_patient on survey_response(patient_id);

-- Who exported which de-identified data set (no patient identifiers here; the audit trail has an 'export' event too).
create table research_export (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organization(id),
  exported_by uuid not null references app_user(id),
  kind text not null,                          -- 'cohort-csv' | 'report-html' | 'report-csv'
  params jsonb not null,
  row_count integer not null,
  created_at timestamptz not null default now()
);
create index research_export_org on research_export(org_id, created_at desc);
