import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import { buildClinicWorld } from '../../testing/factories';
import { json, login, testApp, type TestApp } from '../../testing/app';
import { en } from './en';
import { es } from './es';
import { fromAcceptLanguage, localizeMessage, pickLocale, t, withLocale } from './index';
import { startMessagingTest } from '../../features/messaging/test-world';

/** The placeholder names of an ICU message ({name}, {count, plural, ...}), sorted. */
function placeholders(msg: string): string[] {
  const names = new Set<string>();
  const walk = (els: unknown[]) => {
    for (const el of els as { type: number; value?: string; options?: Record<string, { value: unknown[] }> }[]) {
      if (el.value && el.type !== 0 && el.type !== 7) names.add(el.value);
      if (el.options) for (const o of Object.values(el.options)) walk(o.value);
    }
  };
  walk(new IntlMessageFormat(msg, 'en').getAst());
  return [...names].sort();
}

describe('server catalog', () => {
  it('has the same keys in English and Spanish, with the same placeholders', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    const differ = (Object.keys(en) as (keyof typeof en)[]).filter((k) => placeholders(en[k]).join() !== placeholders(es[k]).join());
    expect(differ).toEqual([]);
  });

  it('renders ICU plurals in both languages', () => {
    expect(t('guide.expectReply', { target: t('guide.businessDays', { count: 2 }, 'en') }, 'en')).toBe('Expect a reply within 2 business days.');
    expect(t('guide.businessDays', { count: 1 }, 'es')).toBe('1 día hábil');
    expect(t('guide.businessHours', { count: 4 }, 'es')).toBe('4 horas hábiles');
  });

  it('uses the language of the request being served', () => {
    expect(t('event.read', { name: 'Nina Novak' })).toBe('Read by Nina Novak');
    expect(withLocale('es', () => t('event.read', { name: 'Nina Novak' }))).toBe('Leído por Nina Novak');
  });

  it('translates the English error messages routes throw, with their values', () => {
    expect(localizeMessage('This conversation was not found.', 'es')).toBe('No se encontró: esta conversación.');
    expect(localizeMessage('Your message is too long: 5001 characters; the limit is 5000.', 'es'))
      .toBe('Su mensaje es muy largo: tiene 5001 caracteres y el límite es 5000.');
    expect(localizeMessage('This conversation is closed.', 'es')).toBe('Esta conversación está cerrada.');
    expect(localizeMessage('body.text: Too small', 'es')).toBe('Revise este dato: body.text.');
    expect(localizeMessage('This conversation was not found.', 'en')).toBe('This conversation was not found.');
    expect(localizeMessage('A message nobody translated.', 'es')).toBe('A message nobody translated.');
  });

  it('picks the saved choice, then the device cookie, then Accept-Language', () => {
    expect(fromAcceptLanguage('es-MX,es;q=0.9,en;q=0.8')).toBe('es');
    expect(fromAcceptLanguage('fr-FR,en;q=0.5,es;q=0.4')).toBe('en');
    expect(fromAcceptLanguage('fr')).toBe(null);
    expect(pickLocale({ saved: 'en', cookie: 'es', acceptLanguage: 'es' })).toBe('en');
    expect(pickLocale({ saved: null, cookie: 'es', acceptLanguage: 'en' })).toBe('es');
    expect(pickLocale({ saved: null, cookie: 'xx', acceptLanguage: 'es-US' })).toBe('es');
    expect(pickLocale({})).toBe('en');
  });
});

describe('PUT /api/me/locale', () => {
  let ctx: TestApp;
  let w: Awaited<ReturnType<typeof buildClinicWorld>>;
  beforeAll(async () => {
    ctx = await testApp();
    w = await buildClinicWorld(ctx.db);
  });
  afterAll(() => ctx.close());

  it('requires authentication', async () => {
    const res = await ctx.app.inject({ method: 'PUT', url: '/api/me/locale', payload: { locale: 'es' } });
    expect(res.statusCode).toBe(401);
    expect(json(res).error.code).toBe('unauthorized');
  });

  it('refuses a language Portico does not speak, naming the field', async () => {
    const cookie = await login(ctx.app, w.alice.email);
    const res = await ctx.app.inject({ method: 'PUT', url: '/api/me/locale', headers: { cookie }, payload: { locale: 'fr' } });
    expect(res.statusCode).toBe(400);
    expect(json(res).error.field).toBe('locale');
  });

  it('is remembered for the person (another sign-in sees it) and answers errors in it', async () => {
    const cookie = await login(ctx.app, w.alice.email);
    expect(json(await ctx.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).user.locale).toBe(null);
    const put = await ctx.app.inject({ method: 'PUT', url: '/api/me/locale', headers: { cookie }, payload: { locale: 'es' } });
    expect(put.statusCode).toBe(200);
    expect(json(put)).toEqual({ locale: 'es' });

    // A fresh sign-in (another browser) gets the saved language in the login answer and in /api/me.
    const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: w.alice.email, password: 'test-password-1' } });
    expect(json(res).user.locale).toBe('es');
    const other = `portico_session=${res.cookies.find((c) => c.name === 'portico_session')!.value}`;
    expect(json(await ctx.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: other } })).user.locale).toBe('es');

    // Errors come back in Spanish, even when the browser asks for English: the person's choice wins.
    const missing = await ctx.app.inject({
      method: 'GET', url: '/api/threads/00000000-0000-4000-8000-000000000000', headers: { cookie: other, 'accept-language': 'en-US' },
    });
    expect(missing.statusCode).toBe(404);
    expect(json(missing).error.message).toBe('No se encontró: esta conversación.');

    // The change is audited, with no health data.
    const [a] = await ctx.db.query<{ action: string; detail: unknown }>(
      "select action, detail from audit_event where resource_type = 'user-locale' and user_id = $1", [w.alice.userId]);
    expect(a).toEqual({ action: 'update', detail: { locale: 'es' } });

    // Bob never chose: English.
    const bob = await login(ctx.app, w.bob.email);
    const bobMissing = await ctx.app.inject({ method: 'GET', url: '/api/threads/00000000-0000-4000-8000-000000000000', headers: { cookie: bob } });
    expect(json(bobMissing).error.message).toBe('This conversation was not found.');
  });

  it('answers a signed-out person in the language of the device or the browser', async () => {
    const bad = { email: w.bob.email, password: 'wrong-password-x' };
    const byHeader = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'accept-language': 'es-MX,es;q=0.9' }, payload: bad });
    expect(byHeader.statusCode).toBe(401);
    expect(json(byHeader).error.message).toBe('El correo electrónico o la contraseña no son correctos. Revíselos e intente de nuevo.');
    const byCookie = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', headers: { cookie: 'portico_locale=es' }, payload: bad });
    expect(json(byCookie).error.message).toBe('El correo electrónico o la contraseña no son correctos. Revíselos e intente de nuevo.');
    const english = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: bad });
    expect(json(english).error.message).toBe('The email or password is not right. Check them and try again.');
  });
});

describe('a Spanish-speaking patient in messaging', () => {
  let m: Awaited<ReturnType<typeof startMessagingTest>>;
  beforeAll(async () => { m = await startMessagingTest(); });
  afterAll(() => m.t.close());

  it('reads status texts and guidance in Spanish; staff see the language beside the conversation; emails go in Spanish', async () => {
    expect((await m.call(m.c.alice, 'PUT', '/api/me/locale', { locale: 'es' })).statusCode).toBe(200);
    const cats = json(await m.call(m.c.alice, 'GET', '/api/messaging/categories'));
    expect(cats.categories[0].expectedReply).toBe('Espere una respuesta en 1 día hábil.');
    expect(cats.urgent).toBe(t('guide.urgent', undefined, 'es'));
    const sent = await m.call(m.c.alice, 'POST', '/api/threads', {
      category: 'medical_question', subject: 'Pregunta', body: 'Hola, tengo una pregunta.', idempotencyKey: '11111111-1111-4111-8111-111111111111',
    });
    expect(sent.statusCode).toBe(201);
    const id = json(sent).thread.id as string;
    expect(json(sent).thread.statusText).toBe('Esperando respuesta de Nurses');

    // Staff (English) see the patient's language; Bob never chose, so no language is claimed for him.
    const staffView = json(await m.call(m.c.nurse, 'GET', `/api/threads/${id}`));
    expect(staffView.thread.patient.language).toBe('Spanish');
    expect(staffView.statusText).toBe('Waiting for a reply from Nurses');

    // The nurse replies: the notification email to Alice is in Spanish (and has no health details).
    const reply = await m.call(m.c.nurse, 'POST', `/api/threads/${id}/messages`, { body: 'Claro.', idempotencyKey: '22222222-2222-4222-8222-222222222222' });
    expect(reply.statusCode).toBe(201);
    const [mail] = await m.t.db.query<{ subject: string; body: string }>('select subject, body from outbox_email where to_address = $1', [m.w.alice.email]);
    expect(mail.subject).toBe('Tiene un mensaje nuevo en Portico');
    expect(mail.body).toContain('Inicie sesión para leerlo');
    expect(mail.body).not.toContain('Claro');

    const mine = json(await m.call(m.c.alice, 'GET', `/api/threads/${id}`));
    expect(mine.statusText).toBe('Contestada');
    expect(mine.events.map((e: { text: string }) => e.text)).toContain('Enviado');
  });
});
