-- Audit reports (ONC 170.315(d)(2), (d)(3)): search by date range first, then by user, patient, action and outcome.
-- (user_id, at) and (patient_id, at) exist since 001.
create index if not exists audit_event_at on audit_event (at);
create index if not exists audit_event_action_at on audit_event (action, at);

-- The hash chain moves out of audit_event into its own append-only table, so that writing an event takes no lock:
-- a change inserts its event (and a pending marker) in its own transaction, in parallel with every other writer, and a
-- single sealer (platform/audit/audit.ts sealAudit) links pending events into the chain in batches, under the chain lock.
-- seq is dense (1, 2, 3, ...): the chain's position; signed checkpoints outside the database anchor (seq, head hash).
create table audit_chain (
  seq bigint primary key,
  event_id bigint not null unique,
  prev_hash text not null,
  hash text not null
);
create table audit_pending (
  event_id bigint primary key
);
-- Events written before this migration were chained in place: their links move over unchanged.
insert into audit_chain (seq, event_id, prev_hash, hash)
  select row_number() over (order by id), id, prev_hash, hash from audit_event order by id;
alter table audit_event alter column prev_hash drop not null;
alter table audit_event alter column hash drop not null;

create trigger audit_chain_no_update before update or delete on audit_chain
  for each row execute function audit_event_immutable();
create trigger audit_chain_no_truncate before truncate on audit_chain
  for each statement execute function audit_event_immutable();
