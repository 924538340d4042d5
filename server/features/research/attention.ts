import type { AttentionProvider } from '../home/attention';
import { patientSurveys } from './repository';

// Home page: an open survey the patient has not sent yet. Plain words; no health data.
export const researchAttention: AttentionProvider = async (db, actor) => {
  if (actor.role !== 'patient' || !actor.patientId) return [];
  const open = (await patientSurveys(db, actor.patientId, true)).filter((s) => s.response_status !== 'completed');
  return open.map((s) => ({
    kind: 'survey', priority: 'normal' as const, href: `/surveys/${s.id}`,
    title: s.response_status === 'in-progress' ? `Finish your survey: ${s.title}` : `Please answer a short survey: ${s.title}`,
    detail: 'About 5 minutes. It asks how often you use this portal. Your answers help us make it better. You can stop and finish later.',
  }));
};
