import type { FastifyInstance } from 'fastify';
import { patientRoutes } from './patients/routes';
import { homeRoutes } from './home/routes';
import { proxyRoutes } from './proxy/routes';
import { schedulingRoutes } from './scheduling/routes';
import { refillRoutes } from './refills/routes';
import { referralRoutes } from './referrals/routes';
import { fhirImportRoutes } from './fhir-import/routes';
import { fhirApiRoutes } from './fhir-api/routes';
import { recordRoutes } from './record/routes';
import { directoryRoutes } from './directory/routes';
import { billingRoutes } from './billing/routes';
import { messagingRoutes } from './messaging/routes';
import { inbasketRoutes } from './inbasket/routes';
import { inbasketAdminRoutes } from './inbasket/admin-routes';
import { evisitRoutes } from './inbasket/evisits';
import { researchRoutes } from './research/routes';
import { smartRoutes } from './smart/routes';
import { ccdaRoutes } from './ccda/routes';
import { breakGlassRoutes } from '../platform/access/breakglass-routes';
import { auditReportRoutes } from './audit-reports/routes';
import { guideRoutes } from './guide/routes';

/** Every capability plugs in here: one line per feature folder. */
export function registerFeatures(app: FastifyInstance) {
  patientRoutes(app);
  homeRoutes(app);
  proxyRoutes(app);
  schedulingRoutes(app);
  refillRoutes(app);
  referralRoutes(app);
  fhirImportRoutes(app);
  fhirApiRoutes(app);
  recordRoutes(app);
  directoryRoutes(app);
  billingRoutes(app);
  messagingRoutes(app);
  inbasketRoutes(app);
  inbasketAdminRoutes(app);
  evisitRoutes(app);
  researchRoutes(app);
  smartRoutes(app);
  ccdaRoutes(app);
  breakGlassRoutes(app);
  auditReportRoutes(app);
  guideRoutes(app);
}
