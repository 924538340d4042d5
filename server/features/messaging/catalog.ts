import type { Queryable } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import { badRequest } from '../../platform/errors';
import { isUuid, listCategories, routeToPool, settingsFor } from './repository';
import { ALLOWED_TYPES } from './attachments';
import { t } from '../../platform/i18n';

// What the composer tells a patient before they send: who reads this kind of message, how soon to expect a reply,
// and what their own provider asked them to use messaging for.

export async function composerInfo(q: Queryable, actor: Actor, clinicIdIn?: string) {
  let clinicId = clinicIdIn;
  if (clinicId && (!isUuid(clinicId) || !(await q.query('select 1 from clinic where id = $1 and org_id = $2', [clinicId, actor.orgId])).length))
    throw badRequest('Choose a clinic from the list.', 'clinicId');
  let primaryProviderId: string | null = null;
  if (actor.patientId) {
    const [p] = await q.query<{ primary_clinic_id: string | null; primary_provider_id: string | null }>(
      'select primary_clinic_id, primary_provider_id from patient where id = $1', [actor.patientId]);
    clinicId ??= p?.primary_clinic_id ?? undefined;
    primaryProviderId = p?.primary_provider_id ?? null;
  }
  const clinics = await q.query<{ id: string; name: string; phone_main: string | null; phone_nurse_line: string | null }>(
    'select id, name, phone_main, phone_nurse_line from clinic where org_id = $1 order by name', [actor.orgId]);
  clinicId ??= clinics[0]?.id;
  const clinic = clinics.find((c) => c.id === clinicId) ?? null;
  const categories = [];
  for (const c of await listCategories(q, actor.orgId)) {
    const pool = clinicId ? await routeToPool(q, clinicId, c.code) : null;
    if (!pool) continue;
    categories.push({
      code: c.code, label: c.label, description: c.description, whoHandles: pool.handles_text || c.who_handles,
      poolName: pool.name, targetBusinessHours: pool.target_business_hours,
      expectedReply: t('guide.expectReply', { target: describeTargetText(pool.target_business_hours, { dayStartHour: pool.day_start_hour, dayEndHour: pool.day_end_hour }) }),
      billable: c.billable,
    });
  }
  const providers = await q.query<{ id: string; display_name: string; instructions: string | null }>(
    `select u.id, u.display_name, i.body as instructions from app_user u
       left join msg_provider_instruction i on i.user_id = u.id
      where u.org_id = $1 and u.role = 'physician' and not u.disabled
        and (u.id = $2 or exists (select 1 from staff_clinic sc where sc.user_id = u.id and sc.clinic_id = $3))
      order by (u.id = $2) desc nulls last, u.display_name`, [actor.orgId, primaryProviderId, clinicId ?? null]);
  const s = await settingsFor(q, actor.orgId);
  return {
    clinic: clinic ? { id: clinic.id, name: clinic.name, phoneMain: clinic.phone_main, phoneNurseLine: clinic.phone_nurse_line } : null,
    clinics: clinics.map((c) => ({ id: c.id, name: c.name })),
    categories,
    providers: providers.map((p) => ({ id: p.id, displayName: p.display_name, instructions: p.instructions, isMyProvider: p.id === primaryProviderId })),
    limits: { maxBodyChars: s.max_body_chars, maxAttachmentBytes: s.max_attachment_bytes, allowedTypes: [...ALLOWED_TYPES], reopenWindowDays: s.reopen_window_days },
    urgent: t('guide.urgent'),
  };
}

/** "2 business days" / "2 días hábiles": the reply target in the language of the request. */
function describeTargetText(hours: number, cal: { dayStartHour: number; dayEndHour: number }): string {
  const perDay = cal.dayEndHour - cal.dayStartHour;
  if (hours >= perDay && hours % perDay === 0) return t('guide.businessDays', { count: hours / perDay });
  return t('guide.businessHours', { count: hours });
}
