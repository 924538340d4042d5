import type { FastifyInstance } from 'fastify';
import { patientRoutes } from './patients/routes';
import { homeRoutes } from './home/routes';

/** Every capability plugs in here: one line per feature folder. */
export function registerFeatures(app: FastifyInstance) {
  patientRoutes(app);
  homeRoutes(app);
}
