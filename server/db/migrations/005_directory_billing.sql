-- Directory (find a doctor, phone directory, locations) and billing (accounts, statements, charges, payments, plans) and insurance cards.
-- Money is always integer cents (bigint); never floating point.

-- ---------- Search helpers (portable: PGlite has no pg_trgm / unaccent, so we compute trigrams ourselves) ----------
-- Folds case and common Latin accents so "Gonzalez" finds "González".
create function portico_fold(t text) returns text language sql immutable parallel safe as $$
  select lower(translate(coalesce(t, ''),
    'ÁÀÂÄÃÅáàâäãåÉÈÊËéèêëÍÌÎÏíìîïÓÒÔÖÕóòôöõÚÙÛÜúùûüÑñÇçÝýÿ',
    'AAAAAAaaaaaaEEEEeeeeIIIIiiiiOOOOOoooooUUUUuuuuNnCcYyy'))
$$;

-- Trigrams of every word, padded like pg_trgm ("  w", " wo", ... "d "), so similarity matches pg_trgm's definition.
create function portico_trigrams(t text) returns text[] language sql immutable parallel safe as $$
  select coalesce(array_agg(distinct substr(w.p, i, 3)), '{}'::text[])
  from (select '  ' || x || ' ' as p from regexp_split_to_table(portico_fold(t), '[^[:alnum:]]+') as x where x <> '') w
  cross join lateral generate_series(1, length(w.p) - 2) as i
$$;

-- Jaccard similarity of two trigram sets: |A ∩ B| / |A ∪ B| (what pg_trgm's similarity() computes).
create function portico_similarity(a text[], b text[]) returns real language sql immutable parallel safe as $$
  select case when cardinality(a) = 0 or cardinality(b) = 0 then 0::real else
    (select count(*) from (select unnest(a) intersect select unnest(b)) i)::real
    / (select count(*) from (select unnest(a) union select unnest(b)) u)::real end
$$;

-- ---------- Directory ----------
create table clinician_profile (
  user_id uuid primary key references app_user(id),
  org_id uuid not null references organization(id),
  specialties text[] not null default '{}',
  languages text[] not null default '{English}',
  gender text check (gender in ('female', 'male', 'nonbinary')),
  accepting_new_patients boolean not null default true,
  bio text,
  photo_url text,                      -- null: the web shows an initials placeholder
  -- Messaging instructions are the messaging feature's msg_provider_instruction (migration 003); read from there.
  search_doc tsvector not null default ''::tsvector,
  search_words text[] not null default '{}',
  search_trgm text[] not null default '{}',
  updated_at timestamptz not null default now()
);
create index clinician_profile_org on clinician_profile(org_id);
create index clinician_profile_doc on clinician_profile using gin(search_doc);
create index clinician_profile_trgm on clinician_profile using gin(search_trgm);

create table clinician_location (
  user_id uuid not null references app_user(id),
  location_id uuid not null references location(id),
  primary key (user_id, location_id)
);

-- Rebuilds the search columns of one clinician (or all when null) from their name, specialties, clinics, locations, languages.
create function portico_refresh_clinician_search(uid uuid) returns void language sql as $$
  update clinician_profile p set
    search_doc = to_tsvector('simple', portico_fold(s.doc)),
    search_words = (select coalesce(array_agg(distinct w), '{}') from regexp_split_to_table(portico_fold(s.doc), '[^[:alnum:]]+') w where w <> ''),
    search_trgm = portico_trigrams(s.doc),
    updated_at = now()
  from (
    select p2.user_id,
      concat_ws(' ', u.display_name, array_to_string(p2.specialties, ' '), array_to_string(p2.languages, ' '),
        (select string_agg(c.name || ' ' || c.specialty, ' ') from staff_clinic sc join clinic c on c.id = sc.clinic_id where sc.user_id = p2.user_id),
        (select string_agg(l.name || ' ' || l.city, ' ') from clinician_location cl join location l on l.id = cl.location_id where cl.user_id = p2.user_id)) as doc
    from clinician_profile p2 join app_user u on u.id = p2.user_id
    where uid is null or p2.user_id = uid
  ) s
  where p.user_id = s.user_id
$$;

-- Departments and extra numbers beyond the four phone columns on clinic (radiology, pharmacy, records, ...).
create table directory_entry (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organization(id),
  clinic_id uuid references clinic(id),
  name text not null,
  description text,
  phone text not null,
  kind text not null default 'department' check (kind in ('department', 'main', 'nurse_line', 'after_hours', 'billing', 'fax', 'other')),
  hours text,
  sort_order integer not null default 100
);
create index directory_entry_org on directory_entry(org_id, sort_order);

-- ---------- Billing ----------
create table guarantor_account (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organization(id),
  patient_id uuid not null references patient(id),
  account_number text not null unique,
  guarantor_name text not null,
  balance_cents bigint not null default 0 check (balance_cents >= 0),
  created_at timestamptz not null default now(),
  unique (org_id, patient_id)
);

create table statement (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references guarantor_account(id),
  statement_number text not null unique,
  statement_date date not null,
  due_date date not null,
  amount_due_cents bigint not null check (amount_due_cents >= 0),
  balance_cents bigint not null check (balance_cents >= 0),   -- what is still owed on this statement
  created_at timestamptz not null default now(),
  check (balance_cents <= amount_due_cents)
);
create index statement_account on statement(account_id, statement_date desc);

create table charge (
  id uuid primary key default gen_random_uuid(),
  statement_id uuid not null references statement(id),
  line integer not null default 1,     -- order of the line on the statement
  service_date date not null,
  service text not null,
  clinician_id uuid references app_user(id),
  clinician_name text,
  billed_cents bigint not null check (billed_cents >= 0),
  insurance_paid_cents bigint not null default 0 check (insurance_paid_cents >= 0),
  adjustment_cents bigint not null default 0 check (adjustment_cents >= 0),
  patient_responsibility_cents bigint not null check (patient_responsibility_cents >= 0),
  check (billed_cents = insurance_paid_cents + adjustment_cents + patient_responsibility_cents)
);
create index charge_statement on charge(statement_id, service_date);

create sequence receipt_number_seq start 100001;

-- A card payment. Only the gateway's token reference, brand and last four digits: never a card number or security code.
create table payment (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organization(id),
  account_id uuid not null references guarantor_account(id),
  statement_id uuid references statement(id),
  amount_cents bigint not null check (amount_cents > 0),
  status text not null check (status in ('succeeded', 'declined')),
  decline_code text,
  decline_reason text,
  gateway text not null,
  gateway_charge_id text,
  card_brand text,
  card_last4 text check (card_last4 ~ '^[0-9]{4}$'),
  receipt_number text unique,
  idempotency_key text not null,
  paid_by uuid not null references app_user(id),
  created_at timestamptz not null default now(),
  unique (paid_by, idempotency_key)
);
create index payment_account on payment(account_id, created_at desc);
create index payment_org on payment(org_id, created_at desc);

-- The built-in test gateway's token vault. A real processor keeps this on its side; we keep only brand and last four.
create table test_gateway_token (
  token text primary key,
  user_id uuid not null references app_user(id),
  brand text not null,
  last4 text not null,
  exp_month integer not null,
  exp_year integer not null,
  outcome text not null,               -- approve | decline codes of the documented test cards
  created_at timestamptz not null default now(),
  used_at timestamptz
);

create table payment_plan (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references guarantor_account(id),
  statement_id uuid not null references statement(id),
  total_cents bigint not null check (total_cents > 0),
  installments integer not null check (installments between 2 and 24),
  first_due_date date not null,
  status text not null default 'active' check (status in ('active', 'cancelled', 'completed')),
  created_by uuid not null references app_user(id),
  created_at timestamptz not null default now()
);
create unique index payment_plan_one_active on payment_plan(statement_id) where status = 'active';

-- ---------- Insurance ----------
-- Coverage itself lives in the FHIR import's `coverage` table; here only what patients upload or ask for.
create table insurance_card_image (
  id uuid primary key default gen_random_uuid(),
  patient_id uuid not null references patient(id),
  side text not null check (side in ('front', 'back')),
  content_type text not null check (content_type in ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
  size_bytes integer not null,
  sha256 text not null,
  data bytea not null,
  uploaded_by uuid not null references app_user(id),
  created_at timestamptz not null default now()
);
create index insurance_card_image_patient on insurance_card_image(patient_id, created_at desc);

create table insurance_update_request (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organization(id),
  patient_id uuid not null references patient(id),
  payer text not null,
  plan_name text,
  member_id text not null,
  group_id text,
  subscriber_name text,
  relationship text,
  start_date date,
  note text,
  status text not null default 'submitted' check (status in ('submitted', 'done')),
  submitted_by uuid not null references app_user(id),
  handled_by uuid references app_user(id),
  handled_at timestamptz,
  created_at timestamptz not null default now()
);
create index insurance_update_request_org on insurance_update_request(org_id, status, created_at);
