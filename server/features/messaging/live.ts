import { EventEmitter } from 'node:events';
import type { Actor } from '../../platform/access/actor';
import { can } from '../../platform/access/policy';

// Real-time updates: after a change commits, the service announces which thread changed (ids only, never content).
// Browsers listening on /api/events refetch through the normal, access-checked routes. In-process only: with several
// server processes a client may miss a push, but it still refreshes on its next fetch.

export type LiveChange = { orgId: string; patientId: string; threadId: string; poolId: string | null; kind: string };

const bus = new EventEmitter();
bus.setMaxListeners(0);

export function publishChange(c: LiveChange) {
  bus.emit('change', c);
}

/** Whether this change concerns this person, by the access policy ('conversation.live'): a patient hears only about their own threads; staff about their organization's. */
export const concerns = (actor: Pick<Actor, 'role' | 'orgId' | 'patientId'>, c: LiveChange) =>
  can(actor, 'live', { kind: 'conversation', patientId: c.patientId, orgId: c.orgId });

export function subscribe(actor: Actor, send: (c: { threadId: string; kind: string }) => void): () => void {
  const listener = (c: LiveChange) => {
    if (concerns(actor, c)) send({ threadId: c.threadId, kind: c.kind });
  };
  bus.on('change', listener);
  return () => bus.off('change', listener);
}
