import { createHash, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import type { Queryable } from '../../db/client';
import type { Role } from '../access/actor';

// MFA (ONC 170.315(d)(13)): TOTP (RFC 6238, 30 s, 6 digits, SHA-1 — what authenticator apps read from the QR code)
// through otplib, plus ten one-time recovery codes of which only a sha256 is stored (each is 50 random bits).

export const RECOVERY_CODE_COUNT = 10;
export const TOTP_ISSUER = 'Portico';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const B32 = 'abcdefghjkmnpqrstuvwxyz23456789'; // no 0/o, 1/l/i: easy to read aloud and type

/** A recovery code such as "k7p2m-x9qrt" (10 characters from 31 → ≈ 50 bits). */
function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  let s = '';
  for (let i = 0; i < 10; i++) s += B32[bytes[i] % B32.length];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}
const normalizeRecovery = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');

export const isStaffRole = (role: Role) => role !== 'patient';
export const mfaRequiredFor = (role: Role, requiredForStaff: boolean) => requiredForStaff && isStaffRole(role);

export type MfaState = { enabled: boolean; enabledAt: Date | null; recoveryCodesLeft: number };

export async function mfaState(q: Queryable, userId: string): Promise<MfaState> {
  const [r] = await q.query<{ enabled_at: Date | null; left: number }>(
    `select m.enabled_at, (select count(*)::int from mfa_recovery_code c where c.user_id = $1 and c.used_at is null) as left
       from user_mfa m where m.user_id = $1`, [userId]);
  return { enabled: !!r?.enabled_at, enabledAt: r?.enabled_at ?? null, recoveryCodesLeft: r?.enabled_at ? r.left : 0 };
}

/** Starts (or restarts) enrollment: a new secret, pending until the first code is confirmed. */
export async function startTotpSetup(q: Queryable, userId: string, label: string): Promise<{ secret: string; otpauthUrl: string }> {
  const secret = generateSecret();
  await q.query(
    `insert into user_mfa (user_id, totp_secret) values ($1, $2)
     on conflict (user_id) do update set totp_secret = excluded.totp_secret, created_at = now(), enabled_at = null, last_step = null`,
    [userId, secret]);
  return { secret, otpauthUrl: generateURI({ issuer: TOTP_ISSUER, label, secret }) };
}

/**
 * Checks a 6-digit code against the secret, one 30 s step either side for clock drift. The accepted time step is
 * recorded atomically, so the same code (or an older one) cannot be used twice.
 */
async function acceptTotp(q: Queryable, userId: string, secret: string, code: string): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  const r = await verify({ secret, token: code, epochTolerance: 30 });
  if (!r.valid) return false;
  const step = 'timeStep' in r && typeof r.timeStep === 'number' ? r.timeStep : Math.floor(Date.now() / 30_000) + (r.delta ?? 0);
  const rows = await q.query('update user_mfa set last_step = $2 where user_id = $1 and (last_step is null or last_step < $2) returning 1', [userId, step]);
  return rows.length === 1;
}

/** Confirms enrollment with a first code; returns the ten recovery codes (shown once), or null when the code is wrong. */
export async function confirmTotp(q: Queryable, userId: string, code: string): Promise<string[] | null> {
  const [m] = await q.query<{ totp_secret: string; enabled_at: Date | null }>('select totp_secret, enabled_at from user_mfa where user_id = $1 for update', [userId]);
  if (!m || m.enabled_at) return null;
  if (!(await acceptTotp(q, userId, m.totp_secret, code.trim()))) return null;
  await q.query('update user_mfa set enabled_at = now() where user_id = $1', [userId]);
  return replaceRecoveryCodes(q, userId);
}

export async function replaceRecoveryCodes(q: Queryable, userId: string): Promise<string[]> {
  await q.query('delete from mfa_recovery_code where user_id = $1', [userId]);
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  for (const c of codes) await q.query('insert into mfa_recovery_code (user_id, code_hash) values ($1, $2)', [userId, sha256(normalizeRecovery(c))]);
  return codes;
}

/** A second factor at sign-in: a current TOTP code, or an unused recovery code (used up atomically). */
export async function checkSecondFactor(q: Queryable, userId: string, code: string): Promise<'totp' | 'recovery' | null> {
  const c = code.trim();
  if (/^\d{6}$/.test(c)) {
    const [m] = await q.query<{ totp_secret: string }>('select totp_secret from user_mfa where user_id = $1 and enabled_at is not null', [userId]);
    return m && (await acceptTotp(q, userId, m.totp_secret, c)) ? 'totp' : null;
  }
  const norm = normalizeRecovery(c);
  if (norm.length !== 10) return null;
  const used = await q.query('update mfa_recovery_code set used_at = now() where user_id = $1 and code_hash = $2 and used_at is null returning id',
    [userId, sha256(norm)]);
  return used.length === 1 ? 'recovery' : null;
}

/** Turns MFA off for a user (their own choice where allowed, or an admin reset). */
export async function removeMfa(q: Queryable, userId: string): Promise<boolean> {
  await q.query('delete from mfa_recovery_code where user_id = $1', [userId]);
  const rows = await q.query('delete from user_mfa where user_id = $1 returning 1', [userId]);
  return rows.length === 1;
}
