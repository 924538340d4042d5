-- FHIR API and lossless export: who saw the patient at each visit, where, for which organization, and who prescribed each
-- medicine, as links to the practitioner / care_organization rows the importer keeps (the names stay in the text columns).
alter table encounter add column practitioner_id uuid references practitioner(id);
alter table encounter add column location_id uuid references care_organization(id);
alter table encounter add column service_provider_id uuid references care_organization(id);
alter table medication add column prescriber_id uuid references practitioner(id);

-- FHIR search by date for one patient: results newest first, the same order the portal pages use.
create index if not exists procedure_patient_time on procedure(patient_id, performed_at desc);
create index if not exists condition_patient_onset on condition(patient_id, onset_at desc);
