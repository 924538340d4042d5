import type { RoutePermission } from './policy';

/**
 * The permission of API routes that do not name one themselves. Feature routes say `policy: '…'` in their route()
 * declaration; this table covers routes declared in code owned elsewhere (sign-in, MFA, language, SMART apps) and routes
 * added before they name their own. Keyed by "METHOD /url" exactly as declared. A signed-in route with neither is reported
 * by name by the access-matrix test (matrix.test.ts): add it here, with the narrowest permission that lets it do its job.
 */
export const ROUTE_POLICY: Record<string, RoutePermission> = {
  // The signed-in person's own account: sign-out, profile, password, language, two-step sign-in (MFA)
  'POST /api/auth/logout': 'account.self',
  'GET /api/me': 'account.self',
  'POST /api/auth/password': 'account.self',
  'PUT /api/me/locale': 'account.self',
  'GET /api/auth/mfa': 'account.self',
  'POST /api/auth/mfa/totp/setup': 'account.self',
  'POST /api/auth/mfa/totp/enable': 'account.self',
  'POST /api/auth/mfa/recovery-codes': 'account.self',
  'POST /api/auth/mfa/totp/disable': 'account.self',
  // Admin: reset a user's MFA
  'POST /api/users/:userId/mfa/reset': 'user.manage',

  // Apps connected to a patient's record (SMART on FHIR)
  'GET /api/smart/authorize/:uid': 'apps.manage',
  'POST /api/smart/authorize/:uid': 'apps.manage',
  'GET /api/apps': 'apps.manage',
  'DELETE /api/apps/:appId': 'apps.manage',

  // Research (de-identified)
  'GET /api/research/report.html': 'research.read',
  'GET /api/research/report.csv': 'research.read',
  'POST /api/research/analysis/csv': 'research.read',

  // Secure record links the patient (or their proxy) made: listed and revoked one by one
  'GET /api/proxy/share-links': 'record.share',
  'DELETE /api/proxy/share-links/:linkId': 'record.share',

  // Home readings: blood pressure and weight (like the glucose log)
  'GET /api/record/blood-pressure': 'record.read:own',
  'POST /api/record/blood-pressure': 'record.write',
  'GET /api/patients/:patientId/record/blood-pressure': 'record.read',
  'DELETE /api/record/blood-pressure/:readingId': 'record.write',
  'POST /api/record/blood-pressure/share': 'record.share',
  'POST /api/record/blood-pressure/send': 'record.share',
  'GET /api/record/weight': 'record.read:own',
  'POST /api/record/weight': 'record.write',
  'GET /api/patients/:patientId/record/weight': 'record.read',
  'DELETE /api/record/weight/:readingId': 'record.write',
  'POST /api/record/weight/share': 'record.share',
  'POST /api/record/weight/send': 'record.share',
  'PUT /api/record/weight/unit': 'record.write',
};

export function routePolicy(method: string, url: string): RoutePermission | null {
  return ROUTE_POLICY[`${method} ${url}`] ?? null;
}
