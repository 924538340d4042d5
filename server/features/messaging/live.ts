import { EventEmitter } from 'node:events';
import type { Actor } from '../../platform/access/actor';

// Real-time updates: after a change commits, the service announces which thread changed (ids only, never content).
// Browsers listening on /api/events refetch through the normal, access-checked routes. In-process only: with several
// server processes a client may miss a push, but it still refreshes on its next fetch.

export type LiveChange = { orgId: string; patientId: string; threadId: string; poolId: string | null; kind: string };

const bus = new EventEmitter();
bus.setMaxListeners(0);

export function publishChange(c: LiveChange) {
  bus.emit('change', c);
}

/** Whether this change concerns this person: a patient hears only about their own threads; staff about their organization. */
export const concerns = (actor: Pick<Actor, 'role' | 'orgId' | 'patientId'>, c: LiveChange) =>
  actor.role === 'patient' ? c.patientId === actor.patientId : c.orgId === actor.orgId;

export function subscribe(actor: Actor, send: (c: { threadId: string; kind: string }) => void): () => void {
  const listener = (c: LiveChange) => {
    if (concerns(actor, c)) send({ threadId: c.threadId, kind: c.kind });
  };
  bus.on('change', listener);
  return () => bus.off('change', listener);
}
