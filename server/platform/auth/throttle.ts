import type { Queryable } from '../../db/client';

// Limits: per account, 5 failures lock the account for 15 minutes; per IP, 30 failures in 15 minutes block the IP;
// per signed-in user, 5 wrong current passwords on change-password lock that form for 15 minutes.
export const ACCOUNT_MAX_FAILURES = 5;
export const IP_MAX_FAILURES = 30;
export const PASSWORD_CHANGE_MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60_000;

export type ThrottleState = { locked: boolean; retryAfterSec: number };
export type ThrottleKey = { key: string; max: number };

const retryAfter = (until: Date | string) => Math.max(1, Math.ceil((new Date(until).getTime() - Date.now()) / 1000));

export async function checkThrottle(q: Queryable, keys: string[]): Promise<ThrottleState> {
  const rows = await q.query<{ locked_until: Date | null }>(
    'select locked_until from login_throttle where key = any($1) and locked_until > now()', [keys]);
  if (rows.length === 0) return { locked: false, retryAfterSec: 0 };
  const until = Math.max(...rows.map((r) => new Date(r.locked_until!).getTime()));
  return { locked: true, retryAfterSec: retryAfter(new Date(until)) };
}

/**
 * Counts this attempt against each key BEFORE the secret is checked, in one atomic statement per key, so a burst of
 * parallel attempts cannot all slip past the limit: attempt n of a window sees failures = n. An attempt past the limit
 * locks the key and is refused without checking the password. The caller then calls attemptFailed, attemptSucceeded
 * or releaseAttempt. An expired lock starts a new window.
 */
export async function reserveAttempt(q: Queryable, keys: ThrottleKey[]): Promise<ThrottleState> {
  for (const { key, max } of keys) {
    const [row] = await q.query<{ failures: number; locked_until: Date | null }>(
      `insert into login_throttle as t (key, failures, window_started_at) values ($1, 1, now())
       on conflict (key) do update set
         failures = case when t.locked_until > now() then t.failures
                         when t.locked_until is not null or t.window_started_at < now() - ($2 * interval '1 millisecond') then 1
                         else t.failures + 1 end,
         window_started_at = case when t.locked_until > now() then t.window_started_at
                         when t.locked_until is not null or t.window_started_at < now() - ($2 * interval '1 millisecond') then now()
                         else t.window_started_at end,
         locked_until = case when t.locked_until > now() then t.locked_until else null end
       returning failures, locked_until`, [key, WINDOW_MS]);
    if (row.locked_until) return { locked: true, retryAfterSec: retryAfter(row.locked_until) };
    if (row.failures > max) {
      const [l] = await q.query<{ locked_until: Date }>(
        `update login_throttle set locked_until = coalesce(locked_until, now() + ($2 * interval '1 millisecond'))
          where key = $1 returning locked_until`, [key, WINDOW_MS]);
      return { locked: true, retryAfterSec: retryAfter(l.locked_until) };
    }
  }
  return { locked: false, retryAfterSec: 0 };
}

/** The reserved attempt failed: it stays counted, and a key at its limit is locked for the window. */
export async function attemptFailed(q: Queryable, keys: ThrottleKey[]): Promise<void> {
  for (const { key, max } of keys)
    await q.query(
      `update login_throttle set locked_until = now() + ($3 * interval '1 millisecond')
        where key = $1 and failures >= $2 and locked_until is null`, [key, max, WINDOW_MS]);
}

/** The reserved attempt neither failed nor finished (e.g. the password was right and a second factor is asked for). */
export async function releaseAttempt(q: Queryable, keys: string[]): Promise<void> {
  await q.query('update login_throttle set failures = greatest(failures - 1, 0) where key = any($1) and locked_until is null', [keys]);
}

/** Counts one failed attempt against a key (after the fact); a key that reaches its limit is locked for the window. */
export async function recordFailure(q: Queryable, key: string, max: number): Promise<void> {
  await q.query(
    `insert into login_throttle (key, failures, window_started_at) values ($1, 1, now())
     on conflict (key) do update set
       failures = case when login_throttle.window_started_at < now() - ($2 * interval '1 millisecond') then 1 else login_throttle.failures + 1 end,
       window_started_at = case when login_throttle.window_started_at < now() - ($2 * interval '1 millisecond') then now() else login_throttle.window_started_at end`,
    [key, WINDOW_MS]);
  await attemptFailed(q, [{ key, max }]);
}

export const clearFailures = (q: Queryable, key: string) => q.query('delete from login_throttle where key = $1', [key]);
