import { api, newIdempotencyKey } from '../../api/client';

// Shapes of the guide API (server/features/guide/routes.ts).
export type ThreadStatusText = { status: 'open' | 'answered' | 'late' | 'escalated' | 'closed'; key: string; text: string };
export type Explanation = { id: string; by: { displayName: string; credentials: string | null }; instructions: string | null; handout: boolean; at: string };
export type GuideState = {
  walkthrough: { show: boolean; reason: 'first' | 'inactive' | null };
  viewedAt: string | null; completedAt: string | null; skippedAt: string | null;
  explained: Explanation[]; statuses: ThreadStatusText[];
};
export type StaffGuide = Omit<GuideState, 'walkthrough'> & {
  patient: { name: string; clinic: { id: string; name: string; phoneNurseLine: string | null } | null };
};

/** Records that the patient viewed, completed or skipped the guide. Never blocks the page: a failure is only logged by the server. */
export const recordGuideEvent = (kind: 'viewed' | 'completed' | 'skipped') =>
  api('/api/guide/events', { method: 'POST', body: { kind, idempotencyKey: newIdempotencyKey() } }).catch(() => undefined);
