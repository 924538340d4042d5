import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../../db/client';
import type { Actor } from '../access/actor';
import { requirePatientAccess } from '../access/scope';
import { conflict } from '../errors';

/** Key order must not change the fingerprint of a request, so it hashes a canonical form. */
function canonical(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export const requestHash = (route: string, request: unknown) => createHash('sha256').update(route).update('\n').update(canonical(request)).digest('hex');

export type IdempotentResult<T> = { status: number; body: T; replayed: boolean };

export type IdempotentInput = {
  userId: string;
  key: string;
  /** A stable name for the operation, e.g. 'POST /api/threads'. The same key on another operation is a conflict. */
  route: string;
  /** What the client asked for, without the key itself. The same key with a different request is refused (409). */
  request: unknown;
  /**
   * Who is asking. Access is re-checked on every replay: the stored answer is about a patient (`patientId`, or the patient a
   * patient-role actor acts on), and a replay by someone who can no longer reach that patient — a proxy whose grant was
   * revoked, staff moved out of the organization — gets the same 404 as anyone else, never the stored answer.
   */
  actor?: Actor;
  /** The patient the request is about (defaults to the patient a patient-role actor acts on). */
  patientId?: string | null;
  /** Any further access check to repeat before a stored answer is returned (e.g. "can still reach this conversation"). */
  recheck?: (q: Queryable) => Promise<void>;
};

/**
 * Runs `handler` at most once per (user, key). The key row is inserted first, inside the same transaction as the
 * handler's writes: a concurrent duplicate blocks on that row (PostgreSQL) until the first commits, then reads its stored
 * response; if the first rolls back, the key row disappears with it and the retry runs normally. A handler that throws
 * leaves nothing behind, so the client may retry with the same key.
 */
export async function runIdempotent<T>(
  db: Db, input: IdempotentInput, handler: (q: Queryable) => Promise<{ status: number; body: T }>,
): Promise<IdempotentResult<T>> {
  if (!input.key || input.key.length > 200) throw conflict('A valid idempotency key is required.', 'idempotency_key');
  const hash = requestHash(input.route, input.request);
  const patientId = input.patientId ?? (input.actor?.role === 'patient' ? input.actor.patientId : null) ?? null;
  return db.tx(async (q) => {
    const inserted = await q.query(
      `insert into idempotency_key (user_id, key, route, request_hash, patient_id) values ($1, $2, $3, $4, $5)
       on conflict (user_id, key) do nothing returning key`,
      [input.userId, input.key, input.route, hash, patientId]);
    if (inserted.length === 0) {
      const [prior] = await q.query<{ route: string; request_hash: string; status_code: number | null; response: T | null; patient_id: string | null }>(
        'select route, request_hash, status_code, response, patient_id from idempotency_key where user_id = $1 and key = $2', [input.userId, input.key]);
      if (!prior || prior.route !== input.route || prior.request_hash !== hash) {
        throw conflict('This request key was already used for a different request. Reload the page and try again.', 'idempotency_conflict');
      }
      if (prior.status_code === null) throw conflict('This request is still being processed. Try again in a moment.', 'idempotency_in_progress');
      // Access is re-checked on every replay, not only the first time (the stored answer may carry health data).
      if (input.actor && prior.patient_id) await requirePatientAccess(q, input.actor, prior.patient_id, null);
      if (input.recheck) await input.recheck(q);
      return { status: prior.status_code, body: prior.response as T, replayed: true };
    }
    const result = await handler(q);
    await q.query('update idempotency_key set status_code = $3, response = $4 where user_id = $1 and key = $2',
      [input.userId, input.key, result.status, JSON.stringify(result.body)]);
    return { ...result, replayed: false };
  });
}
