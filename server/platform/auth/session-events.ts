import { EventEmitter } from 'node:events';
import type { Db } from '../../db/client';
import type { Actor } from '../access/actor';
import { lookupSessionById } from './sessions';

// Long-lived connections (the live-update stream) must end when the session behind them ends. Ending a session
// announces it here at once (in this process); every watcher also re-checks its session in the database on a timer,
// which catches the idle timeout, the absolute lifetime, a disabled account, a revoked or expired proxy grant, and
// changes made by another server process.

type Ended = { sessionIds?: string[]; userId?: string; exceptSessionId?: string };
type GrantRevoked = { patientId: string; granteeUserId: string | null };

const bus = new EventEmitter();
bus.setMaxListeners(0);

/** How often an open stream re-checks its session (tests shorten it). */
export const liveSessionCheck = { intervalMs: 20_000 };

/** Call after the transaction that ended the sessions has committed. */
export const announceSessionsEnded = (e: Ended) => void bus.emit('ended', e);
/** Call after the transaction that revoked the grant has committed. */
export const announceGrantRevoked = (e: GrantRevoked) => void bus.emit('grant-revoked', e);

/** Calls onEnd once when this actor's session ends or stops reaching the record it was opened for. Returns a stop function. */
export function watchSession(db: Db, actor: Actor, idleMs: number, onEnd: (reason: 'ended' | 'expired' | 'access-changed') => void): () => void {
  let done = false;
  const finish = (reason: 'ended' | 'expired' | 'access-changed') => {
    if (done) return;
    stop();
    onEnd(reason);
  };
  const onEnded = (e: Ended) => {
    if (e.sessionIds?.includes(actor.sessionId)) return finish('ended');
    if (e.userId === actor.userId && e.exceptSessionId !== actor.sessionId) finish('ended');
  };
  const onRevoked = (e: GrantRevoked) => {
    if (e.granteeUserId === actor.userId && actor.patientId === e.patientId && actor.ownPatientId !== e.patientId) finish('access-changed');
  };
  const timer = setInterval(() => {
    void lookupSessionById(db, actor.sessionId, idleMs, { touch: false }).then((found) => {
      if (!found) finish('ended');
      else if (!('actor' in found)) finish('expired');
      else if (found.actor.patientId !== actor.patientId) finish('access-changed');
    }, () => undefined);
  }, liveSessionCheck.intervalMs);
  timer.unref();
  bus.on('ended', onEnded);
  bus.on('grant-revoked', onRevoked);
  function stop() {
    done = true;
    clearInterval(timer);
    bus.off('ended', onEnded);
    bus.off('grant-revoked', onRevoked);
  }
  return () => { if (!done) stop(); };
}
