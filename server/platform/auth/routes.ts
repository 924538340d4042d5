import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { audit } from '../audit/audit';
import { HttpError, badRequest, tooMany, unauthorized } from '../errors';
import { route } from '../http/route';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from './passwords';
import { SESSION_COOKIE, createSession, endOtherSessions, endSession } from './sessions';
import { ACCOUNT_MAX_FAILURES, IP_MAX_FAILURES, checkThrottle, clearFailures, recordFailure } from './throttle';
import { presentUser, UserOut } from './presenters';

const LoginIn = z.object({ email: z.string().trim().min(3).max(254), password: z.string().min(1).max(200) });
const SAME_ERROR = 'The email or password is not right. Check them and try again.';

export function authRoutes(app: FastifyInstance) {
  route(app, {
    method: 'POST', url: '/api/auth/login', summary: 'Sign in with email and password; sets the session cookie', tags: ['auth'],
    access: 'public', body: LoginIn, response: z.object({ user: UserOut }),
    handler: async ({ body, db, config, ip, req, reply }) => {
      const email = body.email.toLowerCase();
      const keys = [`ip:${ip}`, `account:${email}`];
      const t = await checkThrottle(db, keys);
      if (t.locked) {
        reply.header('retry-after', String(t.retryAfterSec));
        throw tooMany(`Too many sign-in attempts. Wait ${Math.ceil(t.retryAfterSec / 60)} minutes and try again, or call the clinic to reset your password.`);
      }
      const users = await db.query<{ id: string; password_hash: string; role: string; disabled: boolean }>(
        'select id, password_hash, role, disabled from app_user where email = $1', [email]);
      const u = users[0];
      const ok = await verifyPassword(u?.password_hash ?? (await dummyHash()), body.password);
      if (!u || !ok || u.disabled) {
        await db.tx(async (q) => {
          await recordFailure(q, `account:${email}`, ACCOUNT_MAX_FAILURES);
          await recordFailure(q, `ip:${ip}`, IP_MAX_FAILURES);
          await audit(q, { actor: u ? { userId: u.id, role: u.role as never } : null, action: 'login-failed', resourceType: 'session', outcome: 'failure', ip });
        });
        throw unauthorized(SAME_ERROR, 'invalid_credentials');
      }
      const token = await db.tx(async (q) => {
        await clearFailures(q, `account:${email}`);
        const tok = await createSession(q, u.id, config.sessionMaxMs, ip, req.headers['user-agent']);
        await audit(q, { actor: { userId: u.id, role: u.role as never }, action: 'login', resourceType: 'session', ip });
        return tok;
      });
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/', httpOnly: true, sameSite: 'lax', secure: req.protocol === 'https', maxAge: Math.floor(config.sessionMaxMs / 1000),
      });
      const me = await db.query('select * from app_user where id = $1', [u.id]);
      return { user: presentUser(me[0] as never) };
    },
  });

  route(app, {
    method: 'POST', url: '/api/auth/logout', summary: 'Sign out: ends this session', tags: ['auth'], access: 'signed-in', status: 204,
    handler: async ({ actor, db, ip, reply }) => {
      await db.tx(async (q) => {
        await endSession(q, actor.sessionId);
        await audit(q, { actor, action: 'logout', resourceType: 'session', ip });
      });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
    },
  });

  route(app, {
    method: 'GET', url: '/api/me', summary: 'The signed-in user', tags: ['auth'], response: z.object({ user: UserOut, session: z.object({ idleTimeoutSeconds: z.number() }) }),
    handler: async ({ actor, config }) => ({
      user: {
        id: actor.userId, role: actor.role, displayName: actor.displayName, credentials: actor.credentials, email: actor.email,
        patientId: actor.patientId ?? undefined, orgId: actor.orgId, clinicIds: actor.clinicIds,
      },
      session: { idleTimeoutSeconds: Math.round(config.sessionIdleMs / 1000) },
    }),
  });

  route(app, {
    method: 'POST', url: '/api/auth/password', summary: 'Change my password; signs out every other session', tags: ['auth'], status: 204,
    body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().max(200) }),
    handler: async ({ actor, body, db, ip }) => {
      const problem = passwordProblem(body.newPassword);
      if (problem) throw badRequest(problem, 'newPassword');
      const [u] = await db.query<{ password_hash: string }>('select password_hash from app_user where id = $1', [actor.userId]);
      if (!(await verifyPassword(u.password_hash, body.currentPassword)))
        throw new HttpError(400, 'wrong_password', 'Your current password is not right.', 'currentPassword');
      const newHash = await hashPassword(body.newPassword);
      await db.tx(async (q) => {
        await q.query('update app_user set password_hash = $1, password_changed_at = now() where id = $2', [newHash, actor.userId]);
        await endOtherSessions(q, actor.userId, actor.sessionId);
        await audit(q, { actor, action: 'password-change', resourceType: 'user', resourceId: actor.userId, ip });
      });
    },
  });
}
