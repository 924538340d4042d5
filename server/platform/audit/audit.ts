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

function toRow(e: AuditInput): Row {
  return {
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
}

/** Appends events to the chain under the chain lock, as one multi-row insert. */
async function appendRows(q: Queryable, rows: Row[]): Promise<void> {
  await q.query('select pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
  const last = await q.query<{ hash: string }>('select hash from audit_event order by id desc limit 1');
  let prev = last[0]?.hash ?? GENESIS;
  const params: unknown[] = [];
  const tuples: string[] = [];
  for (const row of rows) {
    const hash = rowHash(prev, row);
    const base = params.length;
    params.push(row.at, row.user_id, row.role, row.patient_id, row.action, row.resource_type, row.resource_id, row.outcome, row.ip,
      row.detail === null ? null : JSON.stringify(row.detail), prev, hash);
    tuples.push(`(${Array.from({ length: 12 }, (_, i) => `$${base + i + 1}`).join(',')})`);
    prev = hash;
  }
  await q.query(
    `insert into audit_event (at, user_id, role, patient_id, action, resource_type, resource_id, outcome, ip, detail, prev_hash, hash)
     values ${tuples.join(',')}`, params);
}

const pendingInTx = new WeakMap<Queryable, Row[]>();

/**
 * Records one event in the transaction of the change it describes. Inside db.tx the event is appended just before COMMIT,
 * so the chain lock is held only for that last insert, and a rolled-back change leaves no event.
 */
export async function audit(q: Queryable, e: AuditInput): Promise<void> {
  const row = toRow(e);
  if (!q.beforeCommit) {
    // Not in a transaction: the lock would be released before the insert, so open one.
    const db = q as Db;
    if (typeof db.tx === 'function') return db.tx((t) => appendRows(t, [row]));
    return appendRows(q, [row]);
  }
  let rows = pendingInTx.get(q);
  if (!rows) {
    pendingInTx.set(q, (rows = []));
    const list = rows;
    q.beforeCommit.push(() => appendRows(q, list));
  }
  rows.push(row);
}

// Reads have no transaction of their own to join. Writing one small transaction per read would make every reader queue for
// the chain lock, so reads are group-committed: concurrent reads share one transaction, and each caller still waits until
// its event is durably written before it answers (no read goes unrecorded, even on a crash).
type Pending = { row: Row; resolve: () => void; reject: (e: unknown) => void };
const queues = new WeakMap<Db, { pending: Pending[]; flushing: boolean }>();
const MAX_BATCH = 200;

export function auditRead(db: Db, e: AuditInput): Promise<void> {
  let qd = queues.get(db);
  if (!qd) queues.set(db, (qd = { pending: [], flushing: false }));
  const queue = qd;
  const done = new Promise<void>((resolve, reject) => queue.pending.push({ row: toRow(e), resolve, reject }));
  if (!queue.flushing) {
    queue.flushing = true;
    void (async () => {
      while (queue.pending.length) {
        const batch = queue.pending.splice(0, MAX_BATCH);
        try {
          await db.tx((q) => appendRows(q, batch.map((b) => b.row)));
          batch.forEach((b) => b.resolve());
        } catch (err) {
          batch.forEach((b) => b.reject(err));
        }
      }
      queue.flushing = false;
    })();
  }
  return done;
}

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
