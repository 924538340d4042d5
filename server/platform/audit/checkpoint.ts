import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db, Queryable } from '../../db/client';
import { GENESIS, chainEntries, entryProblem, sealAudit } from './audit';

/**
 * Anchors the audit chain outside the database. The chain in audit_event proves that no event was changed *relative to
 * the rows around it*, but someone who can write to the table can delete the newest rows, or edit a row and recompute
 * every later hash, and the chain still holds. So the server periodically writes a signed checkpoint of the chain's head
 * (last event id, number of events, head hash) to an append-only file outside the database. `portico audit verify`
 * then checks the chain against every checkpoint: a checkpoint the table no longer matches names the missing or altered
 * events. The signature is HMAC-SHA256 (node:crypto) with PORTICO_AUDIT_KEY, so a checkpoint cannot be forged without it.
 */

export const CHECKPOINT_INTERVAL_MS = 10_000;
const MIN_KEY_LENGTH = 32;
const KEY_FILE = 'audit.key';
const DEFAULT_FILE = 'audit-checkpoints.log';

/** lastId: the chain position (audit_chain.seq) of the head; count: entries up to it (equal, as positions are dense). */
export type Checkpoint = { v: 1; at: string; lastId: number; count: number; head: string; kid: string; sig: string };
export type AnchorConfig = { key: string; file: string; keySource: 'env' | 'file' | 'generated' };

/** A short, non-secret name of the key, so a verifier can say "signed with another key" instead of just "bad". */
export const keyId = (key: string) => createHash('sha256').update(`portico-audit-kid:${key}`).digest('hex').slice(0, 12);

function signingInput(c: Pick<Checkpoint, 'v' | 'at' | 'lastId' | 'count' | 'head'>): string {
  return `portico-audit-checkpoint:v${c.v}\n${c.at}\n${c.lastId}\n${c.count}\n${c.head}`;
}

export function signCheckpoint(key: string, c: { at: string; lastId: number; count: number; head: string }): Checkpoint {
  const body = { v: 1 as const, at: c.at, lastId: c.lastId, count: c.count, head: c.head };
  return { ...body, kid: keyId(key), sig: createHmac('sha256', key).update(signingInput(body)).digest('hex') };
}

export function checkpointSignatureOk(key: string, c: Checkpoint): boolean {
  const expected = createHmac('sha256', key).update(signingInput(c)).digest();
  const given = Buffer.from(typeof c.sig === 'string' ? c.sig : '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Where the key and the checkpoint file are: PORTICO_AUDIT_KEY (at least 32 characters), else `<dataDir>/audit.key`
 * (created with a random key, mode 0600, the first time — the embedded default). PORTICO_AUDIT_CHECKPOINT_FILE, else
 * `<dataDir>/audit-checkpoints.log`. `generate: false` (the verifier) never creates a key.
 */
export function anchorConfig(env: NodeJS.ProcessEnv, dataDir: string, opts: { generate?: boolean } = {}): AnchorConfig {
  const file = path.resolve(env.PORTICO_AUDIT_CHECKPOINT_FILE || path.join(dataDir, DEFAULT_FILE));
  const fromEnv = env.PORTICO_AUDIT_KEY;
  if (fromEnv) {
    if (fromEnv.length < MIN_KEY_LENGTH) throw new Error(`PORTICO_AUDIT_KEY must be at least ${MIN_KEY_LENGTH} characters (e.g. openssl rand -base64 32).`);
    return { key: fromEnv, file, keySource: 'env' };
  }
  const keyPath = path.join(dataDir, KEY_FILE);
  if (fs.existsSync(keyPath)) return { key: fs.readFileSync(keyPath, 'utf8').trim(), file, keySource: 'file' };
  if (opts.generate === false) {
    throw new Error(`No audit key: set PORTICO_AUDIT_KEY to the server's key (or PORTICO_DATA_DIR to the server's data folder, which holds ${KEY_FILE}).`);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  try {
    fs.writeFileSync(keyPath, `${key}\n`, { flag: 'wx', mode: 0o600 });
    return { key, file, keySource: 'generated' };
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { key: fs.readFileSync(keyPath, 'utf8').trim(), file, keySource: 'file' };
    throw err;
  }
}

async function appendLine(file: string, line: string): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const h = await fs.promises.open(file, 'a', 0o600);
  try {
    await h.write(`${line}\n`);
    await h.datasync();
  } finally {
    await h.close();
  }
}

type Head = { lastId: number; count: number; head: string };

/**
 * The chain's committed head, after sealing what is pending. Entries are appended under the chain lock with dense positions
 * (seq 1, 2, 3 ...), so `lastId` is the head's position and also the number of entries.
 */
async function readHead(q: Queryable): Promise<Head | null> {
  if (typeof (q as Db).tx === 'function') await sealAudit(q as Db);
  const [last] = await q.query<{ seq: number; hash: string }>('select seq, hash from audit_chain order by seq desc limit 1');
  if (!last) return null;
  return { lastId: Number(last.seq), count: Number(last.seq), head: last.hash };
}

export type Checkpointer = {
  /** Writes a checkpoint now if the head moved since the last one; returns it (or null when nothing was new). */
  checkpoint(): Promise<Checkpoint | null>;
  /** Stops the timer and writes a last checkpoint (call at shutdown, before closing the database). */
  stop(): Promise<void>;
};

export function createCheckpointer(db: Queryable, anchor: Pick<AnchorConfig, 'key' | 'file'>, opts: {
  intervalMs?: number; onError?: (msg: string, err: unknown) => void; timer?: boolean;
} = {}): Checkpointer {
  let written: Head | null = null;
  let running: Promise<Checkpoint | null> | null = null;
  const run = async (): Promise<Checkpoint | null> => {
    const head = await readHead(db);
    if (!head) return null;
    if (written && written.lastId === head.lastId) return null;
    const c = signCheckpoint(anchor.key, { at: new Date().toISOString(), ...head });
    await appendLine(anchor.file, JSON.stringify(c));
    written = head;
    return c;
  };
  const checkpoint = () => {
    // One at a time: a slow disk must not make two writers race.
    const next = (running ?? Promise.resolve(null)).catch(() => null).then(run);
    running = next;
    return next;
  };
  const interval = Math.min(opts.intervalMs ?? CHECKPOINT_INTERVAL_MS, CHECKPOINT_INTERVAL_MS);
  const timer = opts.timer === false ? null : setInterval(() => {
    checkpoint().catch((err) => opts.onError?.('Could not write an audit checkpoint', err));
  }, interval);
  timer?.unref();
  return {
    checkpoint,
    async stop() {
      if (timer) clearInterval(timer);
      await checkpoint();
    },
  };
}

/** Starts the server's checkpoint timer from the environment (key generated into the data dir when none is given). */
export function startAuditCheckpoints(db: Db, env: NodeJS.ProcessEnv, dataDir: string, onError?: (msg: string, err: unknown) => void) {
  const anchor = anchorConfig(env, dataDir);
  return { anchor, checkpointer: createCheckpointer(db, anchor, { onError }) };
}

export type CheckpointFile = { checkpoints: Checkpoint[]; problems: string[] };

/** Reads the checkpoint file; every line whose signature does not verify with the key is a problem. */
export function readCheckpoints(file: string, key: string): CheckpointFile {
  const problems: string[] = [];
  const checkpoints: Checkpoint[] = [];
  if (!fs.existsSync(file)) return { checkpoints, problems };
  const kid = keyId(key);
  fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let c: Checkpoint;
    try {
      c = JSON.parse(line) as Checkpoint;
    } catch {
      problems.push(`Checkpoint line ${i + 1} is not readable (the checkpoint file was altered).`);
      return;
    }
    const shaped = c && c.v === 1 && typeof c.at === 'string' && Number.isSafeInteger(c.lastId) && Number.isSafeInteger(c.count)
      && typeof c.head === 'string' && typeof c.sig === 'string';
    if (!shaped || !checkpointSignatureOk(key, c)) {
      problems.push(`Checkpoint line ${i + 1} has a signature that does not match ${c?.kid && c.kid !== kid ? `(signed with another key, ${c.kid}; this key is ${kid})` : '(forged or altered)'}.`);
      return;
    }
    checkpoints.push(c);
  });
  return { checkpoints, problems };
}

export type TrailReport = {
  ok: boolean;
  /** Entries in the chain (all events, once pending ones are sealed). */
  count: number;
  checkpoints: number;
  /** Chain position of the newest entry covered by a valid checkpoint (0 when none). */
  anchoredThrough: number;
  /** Events newer than the last checkpoint, or not yet sealed into the chain (written since; not yet provably complete). */
  unanchored: number;
  /** Id of the first event whose own hash or link is wrong (an edit without re-chaining), when there is one. */
  brokenAt?: number;
  problems: string[];
};

/**
 * Verifies the chain and checks it against the checkpoints: the chain entry each checkpoint anchored must still be there
 * with the same hash. Names missing events (including entries deleted from the end), the span in which an altered and
 * re-chained event lies, and events that are in no chain entry at all.
 */
export async function verifyAuditTrail(q: Queryable, anchor: Pick<AnchorConfig, 'key' | 'file'>, batch = 5000): Promise<TrailReport> {
  // Link what is pending first, as the server would (a read-only verifier cannot: its pending events count as not yet anchored).
  if (typeof (q as Db).tx === 'function') await sealAudit(q as Db).catch(() => 0);
  const { checkpoints, problems } = readCheckpoints(anchor.file, anchor.key);
  // Checkpoints by the chain position they anchor; several processes may have anchored the same head: all must agree.
  const bySeq = new Map<number, Checkpoint[]>();
  for (const c of checkpoints) bySeq.set(c.lastId, [...(bySeq.get(c.lastId) ?? []), c]);
  const seqs = [...bySeq.keys()].sort((a, b) => a - b);
  let prev = GENESIS;
  let count = 0;
  let brokenAt: number | undefined;
  let goodThrough = 0;
  let mismatch = false;
  const span = (from: number, to: number) => (from === to ? `chain entry #${to}` : `chain entries #${from}–#${to}`);
  for await (const rows of chainEntries(q, batch)) {
    for (const r of rows) {
      const seq = Number(r.seq);
      const problem = brokenAt === undefined ? entryProblem(r, prev, count + 1) : null;
      if (problem) {
        brokenAt = Number(r.event_id);
        problems.unshift(`Event #${r.event_id} (chain entry #${seq}): ${problem}.`);
      }
      prev = r.c_hash;
      count = seq;
      if (bySeq.has(seq)) {
        for (const c of bySeq.get(seq)!) {
          if (mismatch) break;
          if (c.head !== r.c_hash) {
            problems.push(`${span(goodThrough + 1, seq)} (up to event #${r.event_id}): at least one event was altered, removed or inserted (the chain no longer matches the checkpoint of ${c.at}).`);
            mismatch = true;
          }
        }
        if (!mismatch) goodThrough = seq;
      }
    }
  }
  // Checkpoints beyond the end of the chain: the newest entries were deleted.
  const lastCp = seqs.length ? bySeq.get(seqs[seqs.length - 1])![0] : null;
  if (lastCp && lastCp.lastId > count && !mismatch) {
    const missing = lastCp.lastId - count;
    problems.push(`${span(count + 1, lastCp.lastId)} ${missing === 1 ? 'is' : 'are'} missing (${missing} event${missing === 1 ? '' : 's'}): the checkpoint of ${lastCp.at} anchored ${lastCp.count} events; the chain now ends at #${count}.`);
  }
  // Every event must be in the chain (or still waiting to be sealed).
  const orphans = await q.query<{ id: number }>(
    `select e.id from audit_event e
      where not exists (select 1 from audit_chain c where c.event_id = e.id)
        and not exists (select 1 from audit_pending p where p.event_id = e.id)
      order by e.id limit 21`);
  if (orphans.length) {
    const list = orphans.slice(0, 20).map((o) => `#${o.id}`).join(', ') + (orphans.length > 20 ? ' …' : '');
    problems.push(`Events in no chain entry (their links were removed, or they were inserted around the chain): ${list}.`);
  }
  if (count > 0 && checkpoints.length === 0) {
    problems.push(`No valid checkpoint in ${anchor.file}: the trail's completeness cannot be proven (the server writes one every ${CHECKPOINT_INTERVAL_MS / 1000} s while events are written; "portico audit checkpoint" writes one now).`);
  }
  const anchoredThrough = seqs.length ? seqs[seqs.length - 1] : 0;
  const [{ n: pending }] = await q.query<{ n: number }>('select count(*)::int as n from audit_pending');
  return { ok: problems.length === 0, count, checkpoints: checkpoints.length, anchoredThrough,
    unanchored: Math.max(0, count - anchoredThrough) + pending, brokenAt, problems };
}
