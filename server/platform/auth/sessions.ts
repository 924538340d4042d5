import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/client';
import type { Actor, Role } from '../access/actor';

export const SESSION_COOKIE = 'portico_session';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function createSession(q: Queryable, userId: string, maxMs: number, ip: string, userAgent: string | undefined) {
  const token = randomBytes(32).toString('base64url');
  await q.query(
    `insert into user_session (id, user_id, expires_at, ip, user_agent) values ($1, $2, now() + ($3 * interval '1 millisecond'), $4, $5)`,
    [sha256(token), userId, maxMs, ip, userAgent?.slice(0, 300) ?? null]);
  return token;
}

export type SessionLookup = { actor: Actor } | { expired: true } | null;

/** Finds the session for a cookie token, enforcing idle timeout and absolute lifetime; refreshes last-seen. */
export async function lookupSession(q: Queryable, token: string, idleMs: number): Promise<SessionLookup> {
  const id = sha256(token);
  const rows = await q.query<{
    user_id: string; role: Role; org_id: string; display_name: string; credentials: string | null; email: string;
    patient_id: string | null; own_patient_id: string | null; idle_ms: number; expired: boolean; disabled: boolean; clinic_ids: string[] | null;
  }>(
    `select u.id as user_id, u.role, u.org_id, u.display_name, u.credentials, u.email, u.disabled, u.patient_id as own_patient_id,
            -- acting for someone else only while their grant is live; otherwise back to the user's own record
            case when s.acting_patient_id is null then u.patient_id
                 else coalesce((select g.patient_id from proxy_grant g where g.patient_id = s.acting_patient_id and g.grantee_user_id = u.id
                        and g.revoked_at is null and (g.expires_at is null or g.expires_at > now())), u.patient_id) end as patient_id,
            (extract(epoch from (now() - s.last_seen_at)) * 1000)::float8 as idle_ms, s.expires_at <= now() as expired,
            (select array_agg(sc.clinic_id::text) from staff_clinic sc where sc.user_id = u.id) as clinic_ids
       from user_session s join app_user u on u.id = s.user_id where s.id = $1`, [id]);
  const r = rows[0];
  if (!r) return null;
  if (r.expired || r.idle_ms > idleMs || r.disabled) {
    await q.query('delete from user_session where id = $1', [id]);
    return { expired: true };
  }
  // Touch at most every 30 s: keeps idle tracking honest without a write per request.
  if (r.idle_ms > 30_000) await q.query('update user_session set last_seen_at = now() where id = $1', [id]);
  return {
    actor: {
      userId: r.user_id, role: r.role, orgId: r.org_id, displayName: r.display_name, credentials: r.credentials,
      email: r.email, patientId: r.patient_id, ownPatientId: r.own_patient_id, clinicIds: r.clinic_ids ?? [], sessionId: id,
    },
  };
}

export const endSession = (q: Queryable, sessionId: string) => q.query('delete from user_session where id = $1', [sessionId]);
export const endOtherSessions = (q: Queryable, userId: string, keepSessionId: string) =>
  q.query('delete from user_session where user_id = $1 and id <> $2', [userId, keepSessionId]);
