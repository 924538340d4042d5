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

export const GENESIS = '0'.repeat(64);
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

export type Row = {
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

/**
 * Writes events and marks them pending, in one statement, without any lock: writers do not queue behind each other.
 * The events are linked into the hash chain shortly after by sealAudit().
 */
async function appendRows(q: Queryable, rows: Row[]): Promise<void> {
  const params: unknown[] = [];
  const tuples: string[] = [];
  for (const row of rows) {
    const base = params.length;
    params.push(row.at, row.user_id, row.role, row.patient_id, row.action, row.resource_type, row.resource_id, row.outcome, row.ip,
      row.detail === null ? null : JSON.stringify(row.detail));
    tuples.push(`(${Array.from({ length: 10 }, (_, i) => `$${base + i + 1}`).join(',')})`);
  }
  await q.query(
    `with ins as (
       insert into audit_event (at, user_id, role, patient_id, action, resource_type, resource_id, outcome, ip, detail)
       values ${tuples.join(',')} returning id)
     insert into audit_pending (event_id) select id from ins`, params);
}

type EventRow = Row & { id: number; at: Date | string };
const EVENT_COLUMNS = 'e.id, e.at, e.user_id, e.role, e.patient_id, e.action, e.resource_type, e.resource_id, e.outcome, e.ip, e.detail';

/**
 * Links pending events into the chain (group commit): one transaction per batch takes the chain lock, reads the head,
 * appends the batch's links and clears their pending markers. Only the sealer ever holds the lock, so writers never wait
 * for it; several processes may seal at once (the lock orders them). Returns how many events were linked.
 */
export async function sealAudit(db: Db, batch = 5000): Promise<number> {
  // The common case on a timer: nothing to do, and no transaction or lock for it.
  if ((await db.query('select 1 from audit_pending limit 1')).length === 0) return 0;
  let total = 0;
  for (;;) {
    const n = await db.tx(async (q) => {
      await q.query('select pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
      const rows = await q.query<EventRow>(
        `select ${EVENT_COLUMNS} from audit_pending p join audit_event e on e.id = p.event_id order by p.event_id limit $1`, [batch]);
      if (rows.length === 0) return 0;
      const [head] = await q.query<{ seq: number; hash: string }>('select seq, hash from audit_chain order by seq desc limit 1');
      let seq = head ? Number(head.seq) : 0;
      let prev = head?.hash ?? GENESIS;
      const seqs: number[] = [];
      const ids: number[] = [];
      const prevs: string[] = [];
      const hashes: string[] = [];
      for (const r of rows) {
        const hash = rowHash(prev, { ...r, at: new Date(r.at).toISOString() });
        seqs.push(++seq);
        ids.push(Number(r.id));
        prevs.push(prev);
        hashes.push(hash);
        prev = hash;
      }
      await q.query(
        `insert into audit_chain (seq, event_id, prev_hash, hash)
         select * from unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[])`, [seqs, ids, prevs, hashes]);
      await q.query('delete from audit_pending where event_id = any($1::bigint[])', [ids]);
      return rows.length;
    });
    total += n;
    if (n < batch) return total;
  }
}

/** Seals pending events in the background (the server's timer; the checkpointer and verify also seal first). */
export function startAuditSealer(db: Db, intervalMs = 100, onError?: (msg: string, err: unknown) => void): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = running.then(() => sealAudit(db)).catch((err) => onError?.('Could not seal audit events into the chain', err));
    return running;
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await tick();
  };
}

const pendingInTx = new WeakMap<Queryable, Row[]>();

/**
 * Records one event in the transaction of the change it describes. Inside db.tx the event is written just before COMMIT
 * (one insert for all of the transaction's events), and a rolled-back change leaves no event. No lock is taken: the event
 * joins the hash chain when it is sealed (sealAudit).
 */
export async function audit(q: Queryable, e: AuditInput): Promise<void> {
  const row = toRow(e);
  // Not in a transaction: the one statement that writes the event and its pending marker is atomic by itself.
  if (!q.beforeCommit) return appendRows(q, [row]);
  let rows = pendingInTx.get(q);
  if (!rows) {
    pendingInTx.set(q, (rows = []));
    const list = rows;
    q.beforeCommit.push(() => appendRows(q, list));
  }
  rows.push(row);
}

// Reads have no transaction of their own to join. Writing one small transaction per read would cost a commit per read, so
// reads are group-committed: concurrent reads share one transaction, and each caller still waits until its event is
// durably written before it answers (no read goes unrecorded, even on a crash).
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

export type ChainEntry = EventRow & { seq: number; event_id: number; c_prev: string; c_hash: string; e_id: number | null };

/** Walks the chain in order, in batches, joined to the events it links (an event may be missing: e_id null). */
export async function* chainEntries(q: Queryable, batch = 5000): AsyncGenerator<ChainEntry[]> {
  let last = 0;
  for (;;) {
    const rows = await q.query<ChainEntry>(
      `select c.seq, c.event_id, c.prev_hash as c_prev, c.hash as c_hash, e.id as e_id, ${EVENT_COLUMNS.replace('e.id, ', '')}
         from audit_chain c left join audit_event e on e.id = c.event_id
        where c.seq > $1 order by c.seq limit $2`, [last, batch]);
    if (rows.length === 0) return;
    yield rows;
    last = Number(rows[rows.length - 1].seq);
  }
}

/** Why a chain entry does not hold given the previous hash and position, or null when it does. */
export function entryProblem(r: ChainEntry, prev: string, expectedSeq: number): string | null {
  if (Number(r.seq) !== expectedSeq) return `chain entry #${expectedSeq} is missing (the chain jumps to #${r.seq})`;
  if (r.e_id === null) return 'the event is missing (its chain entry remains)';
  if (r.c_prev !== prev) return 'link to previous event does not match';
  if (rowHash(prev, { ...r, at: new Date(r.at).toISOString() }) !== r.c_hash) return 'event content does not match its hash';
  return null;
}

const isDb = (q: Queryable): q is Db => typeof (q as Db).tx === 'function';

/** Seals pending events, then walks the chain from the start and reports the first event whose hash or link does not match. */
export async function verifyAuditChain(q: Queryable, batch = 5000): Promise<VerifyResult> {
  if (isDb(q)) await sealAudit(q);
  let prev = GENESIS;
  let count = 0;
  for await (const rows of chainEntries(q, batch)) {
    for (const r of rows) {
      const problem = entryProblem(r, prev, count + 1);
      if (problem) return { ok: false, count, brokenAt: Number(r.event_id), reason: problem };
      prev = r.c_hash;
      count++;
    }
  }
  return { ok: true, count };
}
