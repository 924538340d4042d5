import type { FastifyInstance } from 'fastify';
import type { SmartServer } from './provider';

// One authorization server per Fastify app (tests build many apps in one process).
const servers = new WeakMap<FastifyInstance, SmartServer>();

/** The SMART server of an app; from inside a plugin too (an encapsulated Fastify instance inherits from its parent). */
export function providerOf(app: FastifyInstance): SmartServer | undefined {
  for (let s: object | null = app; s; s = Object.getPrototypeOf(s)) {
    const found = servers.get(s as FastifyInstance);
    if (found) return found;
  }
  return undefined;
}
export const setProvider = (app: FastifyInstance, s: SmartServer) => { servers.set(app, s); };
