import type { Queryable } from '../../db/client';

// Limits: per account, 5 failures lock the account for 15 minutes; per IP, 30 failures in 15 minutes block the IP.
export const ACCOUNT_MAX_FAILURES = 5;
export const IP_MAX_FAILURES = 30;
export const WINDOW_MS = 15 * 60_000;

export type ThrottleState = { locked: boolean; retryAfterSec: number };

export async function checkThrottle(q: Queryable, keys: string[]): Promise<ThrottleState> {
  const rows = await q.query<{ locked_until: Date | null }>(
    'select locked_until from login_throttle where key = any($1) and locked_until > now()', [keys]);
  if (rows.length === 0) return { locked: false, retryAfterSec: 0 };
  const until = Math.max(...rows.map((r) => new Date(r.locked_until!).getTime()));
  return { locked: true, retryAfterSec: Math.max(1, Math.ceil((until - Date.now()) / 1000)) };
}

/** Counts one failed attempt against each key; a key that reaches its limit is locked for the window. */
export async function recordFailure(q: Queryable, key: string, max: number): Promise<void> {
  await q.query(
    `insert into login_throttle (key, failures, window_started_at) values ($1, 1, now())
     on conflict (key) do update set
       failures = case when login_throttle.window_started_at < now() - ($2 * interval '1 millisecond') then 1 else login_throttle.failures + 1 end,
       window_started_at = case when login_throttle.window_started_at < now() - ($2 * interval '1 millisecond') then now() else login_throttle.window_started_at end`,
    [key, WINDOW_MS]);
  await q.query(
    `update login_throttle set locked_until = now() + ($3 * interval '1 millisecond'), failures = 0, window_started_at = now()
     where key = $1 and failures >= $2`, [key, max, WINDOW_MS]);
}

export const clearFailures = (q: Queryable, key: string) => q.query('delete from login_throttle where key = $1', [key]);
