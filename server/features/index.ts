import type { FastifyInstance } from 'fastify';
import { patientRoutes } from './patients/routes';
import { homeRoutes } from './home/routes';
import { proxyRoutes } from './proxy/routes';
import { fhirImportRoutes } from './fhir-import/routes';
import { recordRoutes } from './record/routes';

/** Every capability plugs in here: one line per feature folder. */
export function registerFeatures(app: FastifyInstance) {
  patientRoutes(app);
  homeRoutes(app);
  proxyRoutes(app);
  fhirImportRoutes(app);
  recordRoutes(app);
}
