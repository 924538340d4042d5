import type { FastifyInstance } from 'fastify';
import { patientRoutes } from './patients/routes';
import { homeRoutes } from './home/routes';
import { proxyRoutes } from './proxy/routes';
import { schedulingRoutes } from './scheduling/routes';
import { refillRoutes } from './refills/routes';
import { referralRoutes } from './referrals/routes';
import { fhirImportRoutes } from './fhir-import/routes';
import { recordRoutes } from './record/routes';
import { directoryRoutes } from './directory/routes';
import { billingRoutes } from './billing/routes';
import { messagingRoutes } from './messaging/routes';
import { inbasketRoutes } from './inbasket/routes';
import { inbasketAdminRoutes } from './inbasket/admin-routes';
import { researchRoutes } from './research/routes';

/** Every capability plugs in here: one line per feature folder. */
export function registerFeatures(app: FastifyInstance) {
  patientRoutes(app);
  homeRoutes(app);
  proxyRoutes(app);
  schedulingRoutes(app);
  refillRoutes(app);
  referralRoutes(app);
  fhirImportRoutes(app);
  recordRoutes(app);
  directoryRoutes(app);
  billingRoutes(app);
  messagingRoutes(app);
  inbasketRoutes(app);
  inbasketAdminRoutes(app);
  researchRoutes(app);
}
