import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useAuth } from '../../app/auth';

export const SECURITY_PATH = '/security';

/**
 * Staff whose clinic requires two-step sign-in (PORTICO_MFA_REQUIRED_FOR_STAFF) and who have not set it up are signed in,
 * but every page sends them to Sign-in security until they do. The server enforces the same: such a session gets
 * 403 mfa_enrollment_required from every API route except /api/me and /api/auth/*.
 */
export function MfaEnrollmentGate({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  if (user?.mfaEnrollmentRequired && location.pathname !== SECURITY_PATH) return <Navigate to={SECURITY_PATH} replace />;
  return <>{children}</>;
}
