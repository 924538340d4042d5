import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/client';
import type { Actor, Role } from '../access/actor';

export const SESSION_COOKIE = 'portico_session';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function createSession(q: Queryable, userId: string, maxMs: number, ip: string, userAgent: string | undefined,
  opts: { mfaEnrollmentPending?: boolean } = {}) {
  const token = randomBytes(32).toString('base64url');
  await q.query(
    `insert into user_session (id, user_id, expires_at, ip, user_agent, mfa_enrollment_pending)
     values ($1, $2, now() + ($3 * interval '1 millisecond'), $4, $5, $6)`,
    [sha256(token), userId, maxMs, ip, userAgent?.slice(0, 300) ?? null, opts.mfaEnrollmentPending ?? false]);
  return token;
}

/** mfaEnrollmentPending: staff signed in without MFA while it is required; the session may only enroll. */
export type SessionLookup = { actor: Actor; mfaEnrollmentPending: boolean } | { expired: true } | null;

/** Finds the session for a cookie token, enforcing idle timeout and absolute lifetime; refreshes last-seen. */
export const lookupSession = (q: Queryable, token: string, idleMs: number) => lookupSessionById(q, sha256(token), idleMs);

/**
 * The same by session id (the token's hash). touch: false checks without counting as activity (live-update streams
 * re-check their session this way, so an open stream does not keep a session alive past its idle timeout).
 */
export async function lookupSessionById(q: Queryable, id: string, idleMs: number, opts: { touch?: boolean } = {}): Promise<SessionLookup> {
  const rows = await q.query<{
    user_id: string; role: Role; org_id: string; display_name: string; credentials: string | null; email: string;
    patient_id: string | null; own_patient_id: string | null; idle_ms: number; expired: boolean; disabled: boolean; clinic_ids: string[] | null;
    mfa_enrollment_pending: boolean;
  }>(
    `select u.id as user_id, u.role, u.org_id, u.display_name, u.credentials, u.email, u.disabled, u.patient_id as own_patient_id,
            -- acting for someone else only while their grant is live; otherwise back to the user's own record
            case when s.acting_patient_id is null or u.role <> 'patient' then u.patient_id
                 else coalesce((select g.patient_id from proxy_grant g where g.patient_id = s.acting_patient_id and g.grantee_user_id = u.id
                        and g.revoked_at is null and (g.expires_at is null or g.expires_at > now())), u.patient_id) end as patient_id,
            (extract(epoch from (now() - s.last_seen_at)) * 1000)::float8 as idle_ms, s.expires_at <= now() as expired, s.mfa_enrollment_pending,
            (select array_agg(sc.clinic_id::text) from staff_clinic sc where sc.user_id = u.id) as clinic_ids
       from user_session s join app_user u on u.id = s.user_id where s.id = $1`, [id]);
  const r = rows[0];
  if (!r) return null;
  if (r.expired || r.idle_ms > idleMs || r.disabled) {
    await q.query('delete from user_session where id = $1', [id]);
    return { expired: true };
  }
  // Touch at most every 30 s (or a quarter of a short idle time, so a short idle setting can still be kept alive).
  if (opts.touch !== false && r.idle_ms > Math.min(30_000, idleMs / 4)) await q.query('update user_session set last_seen_at = now() where id = $1', [id]);
  return {
    actor: {
      userId: r.user_id, role: r.role, orgId: r.org_id, displayName: r.display_name, credentials: r.credentials,
      email: r.email, patientId: r.patient_id, ownPatientId: r.own_patient_id, clinicIds: r.clinic_ids ?? [], sessionId: id,
    },
    mfaEnrollmentPending: r.mfa_enrollment_pending,
  };
}

export const endSession = (q: Queryable, sessionId: string) => q.query('delete from user_session where id = $1', [sessionId]);
export const endOtherSessions = (q: Queryable, userId: string, keepSessionId: string) =>
  q.query('delete from user_session where user_id = $1 and id <> $2', [userId, keepSessionId]);
