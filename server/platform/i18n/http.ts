import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Queryable } from '../../db/client';
import { audit } from '../audit/audit';
import { route } from '../http/route';
import { LOCALES, isLocale, pickLocale, runInLocale, type Locale } from './index';

declare module 'fastify' {
  interface FastifyRequest { locale?: Locale }
}

/** The device's choice while signed out (set by the web app's language button). */
export const LOCALE_COOKIE = 'portico_locale';

// A person's saved language, kept briefly in memory so a request does not cost a query (cleared when they change it).
const saved = new Map<string, { locale: Locale | null; at: number }>();
const TTL_MS = 30_000;

/** The language saved for a user (null = never chosen). */
export async function userLocale(q: Queryable, userId: string): Promise<Locale | null> {
  const hit = saved.get(userId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.locale;
  const [r] = await q.query<{ locale: string | null }>('select locale from app_user where id = $1', [userId]);
  const locale = isLocale(r?.locale) ? r.locale : null;
  if (saved.size > 10_000) saved.clear();
  saved.set(userId, { locale, at: Date.now() });
  return locale;
}

/** The language of a request without a database look-up: the one chosen by the hook, else the device's or browser's. */
export function requestLocale(req: FastifyRequest): Locale {
  return req.locale ?? pickLocale({ cookie: req.cookies?.[LOCALE_COOKIE], acceptLanguage: req.headers['accept-language'] });
}

/**
 * Every API request is served in one language: the signed-in person's saved choice, else the device's (cookie), else
 * Accept-Language, else English. Handlers, presenters and services read it with currentLocale() / t().
 */
export function registerI18n(app: FastifyInstance) {
  app.decorateRequest('locale', undefined);
  app.addHook('preHandler', (req, _reply, done) => {
    if (!req.url.startsWith('/api/')) return done();
    const cookie = req.cookies?.[LOCALE_COOKIE];
    const acceptLanguage = req.headers['accept-language'];
    const finish = (s: Locale | null) => {
      req.locale = pickLocale({ saved: s, cookie, acceptLanguage });
      runInLocale(req.locale, done);
    };
    if (!req.actor) return finish(null);
    userLocale(app.db, req.actor.userId).then(finish, () => finish(null));
  });

  route(app, {
    method: 'PUT', url: '/api/me/locale', summary: 'Choose the language Portico uses for me (pages, messages from the server, emails)',
    tags: ['auth'], access: 'signed-in',
    body: z.object({ locale: z.enum(LOCALES) }), response: z.object({ locale: z.enum(LOCALES) }),
    handler: async ({ actor, body, db, ip }) => {
      await db.tx(async (q) => {
        await q.query('update app_user set locale = $1 where id = $2', [body.locale, actor.userId]);
        await audit(q, { actor, action: 'update', resourceType: 'user-locale', resourceId: actor.userId, ip, detail: { locale: body.locale } });
      });
      saved.delete(actor.userId);
      return { locale: body.locale };
    },
  });
}
