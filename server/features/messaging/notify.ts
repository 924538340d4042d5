import type { Queryable } from '../../db/client';
import { isLocale, t, type Locale } from '../../platform/i18n';

// Notifications carry no health data: no names, no conditions, no message text. Only "you have a message" and a link.
// They are written in the transaction of the change (transactional outbox); dedupe_key makes a second write for the
// same message and recipient a no-op, so a retried request never notifies twice.

export const NOTIFY_SUBJECT = 'You have a new message in Portico';

/** Emails go in the recipient's chosen language (platform/i18n); English when they never chose. */
export async function enqueueEmail(q: Queryable, to: string, link: string, dedupeKey: string, subject?: string, localeIn?: Locale): Promise<boolean> {
  let locale = localeIn;
  if (!locale) {
    const [u] = await q.query<{ locale: string | null }>('select locale from app_user where email = $1', [to]);
    locale = isLocale(u?.locale) ? u.locale : 'en';
  }
  const text = t('email.newMessage.body', { link }, locale);
  const rows = await q.query(
    `insert into outbox_email (to_address, subject, body, dedupe_key) values ($1,$2,$3,$4)
     on conflict (dedupe_key) do nothing returning id`, [to, subject ?? t('email.newMessage.subject', undefined, locale), text, dedupeKey]);
  return rows.length > 0;
}

/** One email per patient account of this patient, for one message. */
export async function notifyPatientOfMessage(q: Queryable, publicUrl: string, patientId: string, threadId: string, messageId: string) {
  const users = await q.query<{ id: string; email: string }>(
    "select id, email from app_user where patient_id = $1 and role = 'patient' and not disabled", [patientId]);
  for (const u of users) await enqueueEmail(q, u.email, `${publicUrl}/messages/${threadId}`, `message:${messageId}:${u.id}`);
}

/** One email to one staff member (the assignee, a pool lead), for one message or one escalation. */
export async function notifyStaff(q: Queryable, publicUrl: string, userId: string, threadId: string, dedupeKey: string) {
  const [u] = await q.query<{ email: string }>('select email from app_user where id = $1 and not disabled', [userId]);
  if (u) await enqueueEmail(q, u.email, `${publicUrl}/inbasket/${threadId}`, `${dedupeKey}:${userId}`);
}
