-- Thread queries look up the patient's account (its language) by patient_id; without this index each row scanned app_user
-- (62 ms a row at 100k patients — see docs/benchmarks.md).
create index if not exists app_user_patient on app_user (patient_id) where patient_id is not null;
