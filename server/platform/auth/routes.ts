import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { audit } from '../audit/audit';
import { HttpError, badRequest, conflict, notFound, tooMany, unauthorized } from '../errors';
import { route } from '../http/route';
import type { Role } from '../access/actor';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from './passwords';
import { SESSION_COOKIE, createSession, endOtherSessions, endSession } from './sessions';
import { announceSessionsEnded } from './session-events';
import {
  ACCOUNT_MAX_FAILURES, IP_MAX_FAILURES, PASSWORD_CHANGE_MAX_FAILURES, attemptFailed, clearFailures, releaseAttempt, reserveAttempt,
  type ThrottleKey,
} from './throttle';
import { checkSecondFactor, confirmTotp, mfaRequiredFor, mfaState, removeMfa, replaceRecoveryCodes, startTotpSetup } from './mfa';
import { presentUser, UserOut } from './presenters';
import { userLocale } from '../i18n/http';

const LoginIn = z.object({
  email: z.string().trim().min(3).max(254), password: z.string().min(1).max(200),
  /** A 6-digit code from the authenticator app, or a recovery code. */
  mfaCode: z.string().trim().min(1).max(40).optional(),
});
const SAME_ERROR = 'The email or password is not right. Check them and try again.';
const LOCKED = (sec: number) =>
  tooMany(`Too many sign-in attempts. Wait ${Math.ceil(sec / 60)} minutes and try again, or call the clinic to reset your password.`);
const CodeIn = z.object({ code: z.string().trim().min(1, 'enter the 6-digit code from your app').max(40) });
const MfaStatus = z.object({
  enabled: z.boolean(), enabledAt: z.string().nullable(), recoveryCodesLeft: z.number(), required: z.boolean(),
});

export function authRoutes(app: FastifyInstance) {
  route(app, {
    method: 'POST', url: '/api/auth/login', tags: ['auth'], access: 'public', body: LoginIn, response: z.object({ user: UserOut }),
    summary: 'Sign in with email and password (and mfaCode when MFA is on: 401 mfa_required without it, 401 mfa_invalid when wrong); sets the session cookie',
    handler: async ({ body, db, config, ip, req, reply }) => {
      const email = body.email.toLowerCase();
      const keys: ThrottleKey[] = [{ key: `ip:${ip}`, max: IP_MAX_FAILURES }, { key: `account:${email}`, max: ACCOUNT_MAX_FAILURES }];
      // Count the attempt before checking anything: a parallel burst cannot get more than the limit checked.
      const t = await reserveAttempt(db, keys);
      if (t.locked) {
        reply.header('retry-after', String(t.retryAfterSec));
        throw LOCKED(t.retryAfterSec);
      }
      const users = await db.query<{ id: string; password_hash: string; role: Role; disabled: boolean; mfa_on: boolean }>(
        `select u.id, u.password_hash, u.role, u.disabled, exists (select 1 from user_mfa m where m.user_id = u.id and m.enabled_at is not null) as mfa_on
           from app_user u where u.email = $1`, [email]);
      const u = users[0];
      const ok = await verifyPassword(u?.password_hash ?? (await dummyHash()), body.password);
      const fail = async (code: 'invalid_credentials' | 'mfa_invalid') => {
        await db.tx(async (q) => {
          await attemptFailed(q, keys);
          await audit(q, { actor: u ? { userId: u.id, role: u.role } : null, action: 'login-failed', resourceType: 'session', outcome: 'failure', ip,
            ...(code === 'mfa_invalid' ? { detail: { reason: 'mfa' } } : {}) });
        });
        return code === 'mfa_invalid'
          ? unauthorized('That code is not right. Check your authenticator app and try again, or use one of your recovery codes.', 'mfa_invalid')
          : unauthorized(SAME_ERROR, 'invalid_credentials');
      };
      if (!u || !ok || u.disabled) throw await fail('invalid_credentials');

      let method: 'password' | 'totp' | 'recovery' = 'password';
      if (u.mfa_on) {
        if (!body.mfaCode) {
          // The password was right: this attempt is not a failure, but it does not clear earlier ones either.
          await releaseAttempt(db, keys.map((k) => k.key));
          throw unauthorized('Enter the 6-digit code from your authenticator app.', 'mfa_required');
        }
        const second = await checkSecondFactor(db, u.id, body.mfaCode);
        if (!second) throw await fail('mfa_invalid');
        method = second;
      }
      const enrollmentPending = !u.mfa_on && mfaRequiredFor(u.role, config.mfaRequiredForStaff);
      const token = await db.tx(async (q) => {
        await clearFailures(q, `account:${email}`);
        await releaseAttempt(q, [`ip:${ip}`]);
        const tok = await createSession(q, u.id, config.sessionMaxMs, ip, req.headers['user-agent'], { mfaEnrollmentPending: enrollmentPending });
        await audit(q, { actor: { userId: u.id, role: u.role }, action: 'login', resourceType: 'session', ip,
          detail: { method, ...(enrollmentPending ? { mfaEnrollmentRequired: true } : {}) } });
        return tok;
      });
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/', httpOnly: true, sameSite: 'lax', secure: req.protocol === 'https', maxAge: Math.floor(config.sessionMaxMs / 1000),
      });
      const me = await db.query('select * from app_user where id = $1', [u.id]);
      return { user: { ...presentUser(me[0] as never), ...(enrollmentPending ? { mfaEnrollmentRequired: true } : {}) } };
    },
  });

  route(app, {
    method: 'POST', url: '/api/auth/logout', summary: 'Sign out: ends this session', tags: ['auth'], access: 'signed-in', status: 204,
    handler: async ({ actor, db, ip, reply }) => {
      await db.tx(async (q) => {
        await endSession(q, actor.sessionId);
        await audit(q, { actor, action: 'logout', resourceType: 'session', ip });
      });
      announceSessionsEnded({ sessionIds: [actor.sessionId] });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
    },
  });

  route(app, {
    method: 'GET', url: '/api/me', summary: 'The signed-in user', tags: ['auth'], response: z.object({ user: UserOut, session: z.object({ idleTimeoutSeconds: z.number() }) }),
    handler: async ({ actor, config, req, db }) => ({
      user: {
        id: actor.userId, role: actor.role, displayName: actor.displayName, credentials: actor.credentials, email: actor.email,
        patientId: actor.patientId ?? undefined, orgId: actor.orgId, clinicIds: actor.clinicIds, locale: await userLocale(db, actor.userId),
        ...(req.mfaEnrollmentPending ? { mfaEnrollmentRequired: true } : {}),
      },
      session: { idleTimeoutSeconds: Math.round(config.sessionIdleMs / 1000) },
    }),
  });

  route(app, {
    method: 'POST', url: '/api/auth/password', summary: 'Change my password (12+ characters, not a common one; 5 wrong tries lock it for 15 minutes); signs out every other session',
    tags: ['auth'], status: 204,
    body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().max(200) }),
    handler: async ({ actor, body, db, ip, reply }) => {
      const problem = passwordProblem(body.newPassword);
      if (problem) throw badRequest(problem, 'newPassword');
      const keys: ThrottleKey[] = [{ key: `password:${actor.userId}`, max: PASSWORD_CHANGE_MAX_FAILURES }];
      const t = await reserveAttempt(db, keys);
      if (t.locked) {
        reply.header('retry-after', String(t.retryAfterSec));
        throw tooMany(`Too many tries. Wait ${Math.ceil(t.retryAfterSec / 60)} minutes and try again.`);
      }
      const [u] = await db.query<{ password_hash: string }>('select password_hash from app_user where id = $1', [actor.userId]);
      if (!(await verifyPassword(u.password_hash, body.currentPassword))) {
        await db.tx(async (q) => {
          await attemptFailed(q, keys);
          await audit(q, { actor, action: 'password-change', resourceType: 'user', resourceId: actor.userId, ip, outcome: 'failure' });
        });
        throw new HttpError(400, 'wrong_password', 'Your current password is not right.', 'currentPassword');
      }
      const newHash = await hashPassword(body.newPassword);
      await db.tx(async (q) => {
        await clearFailures(q, `password:${actor.userId}`);
        await q.query('update app_user set password_hash = $1, password_changed_at = now() where id = $2', [newHash, actor.userId]);
        await endOtherSessions(q, actor.userId, actor.sessionId);
        await audit(q, { actor, action: 'password-change', resourceType: 'user', resourceId: actor.userId, ip });
      });
      announceSessionsEnded({ userId: actor.userId, exceptSessionId: actor.sessionId });
    },
  });

  // ---- MFA (TOTP + recovery codes) ----

  route(app, {
    method: 'GET', url: '/api/auth/mfa', summary: 'My sign-in security: whether MFA is on, recovery codes left, whether my role requires it', tags: ['auth'],
    response: MfaStatus,
    handler: async ({ actor, db, config }) => {
      const s = await mfaState(db, actor.userId);
      return { enabled: s.enabled, enabledAt: s.enabledAt ? new Date(s.enabledAt).toISOString() : null, recoveryCodesLeft: s.recoveryCodesLeft,
        required: mfaRequiredFor(actor.role, config.mfaRequiredForStaff) };
    },
  });

  route(app, {
    method: 'POST', url: '/api/auth/mfa/totp/setup', summary: 'Start MFA enrollment: a new authenticator secret and its otpauth:// address (for the QR code)',
    tags: ['auth'], response: z.object({ secret: z.string(), otpauthUrl: z.string() }),
    handler: async ({ actor, db }) => {
      if ((await mfaState(db, actor.userId)).enabled) throw conflict('Two-step sign-in is already on. Turn it off first to set up a new app.', 'mfa_already_enabled');
      return startTotpSetup(db, actor.userId, actor.email);
    },
  });

  route(app, {
    method: 'POST', url: '/api/auth/mfa/totp/enable', summary: 'Finish MFA enrollment with a first code; returns 10 one-time recovery codes (shown once)',
    tags: ['auth'], body: CodeIn, response: z.object({ recoveryCodes: z.array(z.string()) }),
    handler: async ({ actor, body, db, ip }) => {
      const codes = await db.tx(async (q) => {
        const c = await confirmTotp(q, actor.userId, body.code);
        if (!c) return null;
        await q.query('update user_session set mfa_enrollment_pending = false where user_id = $1', [actor.userId]);
        await audit(q, { actor, action: 'mfa-enable', resourceType: 'User', resourceId: actor.userId, ip, detail: { method: 'totp' } });
        return c;
      });
      if (!codes) throw new HttpError(400, 'mfa_invalid', 'That code is not right, or setup was not started. Check the time on your phone and try the newest code.', 'code');
      return { recoveryCodes: codes };
    },
  });

  route(app, {
    method: 'POST', url: '/api/auth/mfa/recovery-codes', summary: 'Replace my recovery codes (needs a current code from the app); the old ones stop working',
    tags: ['auth'], body: CodeIn, response: z.object({ recoveryCodes: z.array(z.string()) }),
    handler: async ({ actor, body, db, ip }) => {
      const codes = await db.tx(async (q) => {
        if ((await checkSecondFactor(q, actor.userId, body.code)) !== 'totp') return null;
        const c = await replaceRecoveryCodes(q, actor.userId);
        await audit(q, { actor, action: 'mfa-recovery-codes', resourceType: 'User', resourceId: actor.userId, ip });
        return c;
      });
      if (!codes) throw new HttpError(400, 'mfa_invalid', 'That code is not right. Use the newest 6-digit code from your app.', 'code');
      return { recoveryCodes: codes };
    },
  });

  route(app, {
    method: 'POST', url: '/api/auth/mfa/totp/disable', summary: 'Turn two-step sign-in off (needs my password; not allowed when my role requires it)',
    tags: ['auth'], status: 204, body: z.object({ password: z.string().min(1).max(200) }),
    handler: async ({ actor, body, db, config, ip, reply }) => {
      if (mfaRequiredFor(actor.role, config.mfaRequiredForStaff))
        throw new HttpError(403, 'mfa_required_by_clinic', 'Your clinic requires two-step sign-in for staff, so it cannot be turned off. An administrator can reset it if you lost your phone.');
      const keys: ThrottleKey[] = [{ key: `password:${actor.userId}`, max: PASSWORD_CHANGE_MAX_FAILURES }];
      const t = await reserveAttempt(db, keys);
      if (t.locked) {
        reply.header('retry-after', String(t.retryAfterSec));
        throw tooMany(`Too many tries. Wait ${Math.ceil(t.retryAfterSec / 60)} minutes and try again.`);
      }
      const [u] = await db.query<{ password_hash: string }>('select password_hash from app_user where id = $1', [actor.userId]);
      if (!(await verifyPassword(u.password_hash, body.password))) {
        await attemptFailed(db, keys);
        throw new HttpError(400, 'wrong_password', 'Your password is not right.', 'password');
      }
      await db.tx(async (q) => {
        await clearFailures(q, `password:${actor.userId}`);
        if (!(await removeMfa(q, actor.userId))) throw notFound('Two-step sign-in');
        await audit(q, { actor, action: 'mfa-disable', resourceType: 'User', resourceId: actor.userId, ip });
      });
    },
  });

  route(app, {
    method: 'POST', url: '/api/users/:userId/mfa/reset', summary: 'Admin: reset a user’s two-step sign-in (lost phone); ends their sessions so they enroll again',
    tags: ['auth'], access: ['admin'], status: 204, params: z.object({ userId: z.uuid() }),
    handler: async ({ actor, params, db, ip }) => {
      await db.tx(async (q) => {
        const [target] = await q.query<{ id: string; patient_id: string | null }>('select id, patient_id from app_user where id = $1 and org_id = $2',
          [params.userId, actor.orgId]);
        if (!target) throw notFound('This user');
        const had = await removeMfa(q, target.id);
        await q.query('delete from user_session where user_id = $1', [target.id]);
        await audit(q, { actor, action: 'mfa-reset', resourceType: 'User', resourceId: target.id, patientId: target.patient_id, ip, detail: { hadMfa: had } });
      });
      announceSessionsEnded({ userId: params.userId });
    },
  });
}
