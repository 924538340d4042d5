import type { AttentionProvider } from '../home/attention';
import { currentLocale } from '../../platform/i18n';

// Home page: a clinician explained messaging and the patient has not opened the guide since. The clinician's own
// instructions are shown to the patient (they are written for them); nothing goes into emails or notifications.
// The words live here, in both languages, because they belong to this feature (server/platform/i18n holds shared texts).
const TEXT = {
  en: { title: (name: string) => `${name} explained how messaging works. Read the guide`,
    detail: 'See who reads your messages, how fast you get an answer, and what each status means.',
    instructions: (s: string) => `Your care team asked: “${s}”` },
  es: { title: (name: string) => `${name} le explicó cómo funcionan los mensajes. Lea la guía`,
    detail: 'Vea quién lee sus mensajes, cuándo recibe respuesta y qué quiere decir cada estado.',
    instructions: (s: string) => `Su equipo de atención le pidió: “${s}”` },
} as const;

export const guideAttention: AttentionProvider = async (db, actor) => {
  if (actor.role !== 'patient' || !actor.patientId) return [];
  const [e] = await db.query<{ name: string; credentials: string | null; instructions: string | null }>(
    `select u.display_name as name, u.credentials, e.instructions from guide_event e join app_user u on u.id = e.by_user_id
      where e.patient_id = $1 and e.kind = 'explained'
        and not exists (select 1 from guide_event v where v.patient_id = e.patient_id and v.kind in ('viewed', 'completed') and v.created_at >= e.created_at)
      order by e.created_at desc limit 1`, [actor.patientId]);
  if (!e) return [];
  const tx = TEXT[currentLocale()];
  return [{
    kind: 'messaging-guide', priority: 'normal', href: '/messages/guide',
    title: tx.title(e.name), detail: e.instructions ? tx.instructions(e.instructions) : tx.detail,
  }];
};
