import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../../db/client';
import type { Actor } from '../access/actor';

export type AuditInput = {
  actor?: Pick<Actor, 'userId' | 'role'> | null;
  patientId?: string | null;
  action: string; // read | create | update | login | logout | login-failed | ...
  resourceType: string;
  resourceId?: string | null;
  outcome?: 'success' | 'failure' | 'denied';
  ip?: string | null;
  detail?: Record<string, unknown> | null;
};

const GENESIS = '0'.repeat(64);
// Any constant works; it names the lock that serialises appends so the chain has exactly one tail.
const CHAIN_LOCK = 4_227_001;

/** Key order of jsonb is not ours to keep, so the hash covers a canonical form. */
function canonical(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

type Row = {
  at: string; user_id: string | null; role: string | null; patient_id: string | null; action: string;
  resource_type: string; resource_id: string | null; outcome: string; ip: string | null; detail: unknown;
};

export function rowHash(prev: string, r: Row): string {
  const body = canonical([r.at, r.user_id, r.role, r.patient_id, r.action, r.resource_type, r.resource_id, r.outcome, r.ip, r.detail ?? null]);
  return createHash('sha256').update(prev).update('\n').update(body).digest('hex');
}

/** Appends one event to the chain. Call it inside the transaction of the change it records. */
export async function audit(q: Queryable, e: AuditInput): Promise<void> {
  await q.query('select pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
  const last = await q.query<{ hash: string }>('select hash from audit_event order by id desc limit 1');
  const prev = last[0]?.hash ?? GENESIS;
  const row: Row = {
    at: new Date().toISOString(),
    user_id: e.actor?.userId ?? null,
    role: e.actor?.role ?? null,
    patient_id: e.patientId ?? null,
    action: e.action,
    resource_type: e.resourceType,
    resource_id: e.resourceId ?? null,
    outcome: e.outcome ?? 'success',
    ip: e.ip ?? null,
    detail: e.detail ?? null,
  };
  await q.query(
    `insert into audit_event (at, user_id, role, patient_id, action, resource_type, resource_id, outcome, ip, detail, prev_hash, hash)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
    [row.at, row.user_id, row.role, row.patient_id, row.action, row.resource_type, row.resource_id, row.outcome, row.ip,
      row.detail === null ? null : JSON.stringify(row.detail), prev, rowHash(prev, row)],
  );
}

/** A read of health data outside any change still leaves a trace, in its own small transaction. */
export const auditRead = (db: Db, e: AuditInput) => db.tx((q) => audit(q, { ...e, action: e.action ?? 'read' }));

export type VerifyResult = { ok: true; count: number } | { ok: false; count: number; brokenAt: number; reason: string };

/** Walks the chain from the start and reports the first row whose hash or link does not match. */
export async function verifyAuditChain(q: Queryable, batch = 5000): Promise<VerifyResult> {
  let prev = GENESIS;
  let lastId = 0;
  let count = 0;
  for (;;) {
    const rows = await q.query<Row & { id: number; prev_hash: string; hash: string; at: Date }>(
      'select * from audit_event where id > $1 order by id limit $2', [lastId, batch]);
    if (rows.length === 0) return { ok: true, count };
    for (const r of rows) {
      const id = Number(r.id);
      if (r.prev_hash !== prev) return { ok: false, count, brokenAt: id, reason: 'link to previous event does not match' };
      const expect = rowHash(prev, { ...r, at: new Date(r.at).toISOString() });
      if (expect !== r.hash) return { ok: false, count, brokenAt: id, reason: 'event content does not match its hash' };
      prev = r.hash;
      lastId = id;
      count++;
    }
  }
}
