import { Navigate, Route, Routes, useLocation } from 'react-router';
import type { ReactNode } from 'react';
import { useAuth } from './app/auth';
import type { Role } from './api/types';
import { Layout } from './components/Layout';
import { LiveRegion, useDocumentTitle, useRouteFocus, useScrollRegions } from './components/a11y';
import { SignIn } from './features/auth/SignIn';
import { Home } from './features/home/Home';
import { ShareAccess } from './features/proxy/ShareAccess';
import { SecurityPage } from './features/security/SecurityPage';
import { MfaEnrollmentGate } from './features/security/MfaGate';
import { MessagingPages } from './features/messaging/MessagesList';
import { GuideHandout, GuidePage } from './features/guide/routes';
import { InbasketPages } from './features/inbasket/Inbasket';
import { ChartPages } from './features/chart/ChartPages';
import { MySettings } from './features/chart/MySettings';
import { InbasketAdmin } from './features/chart/InbasketAdmin';
import { GlucoseLog, RecordRoutes, ResultsRoutes } from './features/record/routes';
import { BloodPressureLog, WeightLog } from './features/record/HomeVitalsLog';
import { AppointmentRoutes, RefillRoutes, ReferralRoutes, StaffRefills, StaffReferrals, StaffSchedulingRoutes } from './features/appointments/routes';
import { StaffAvailability } from './features/appointments/Availability';
import { BillingRoutes } from './features/billing/routes';
import { InsuranceRoutes } from './features/insurance/routes';
import { FindDoctorRoutes, PhoneDirectory } from './features/directory/routes';
import { LocationRoutes } from './features/locations/routes';
import { ResearchRoutes, SurveyRoutes } from './features/research/routes';
import { AppsRoutes } from './features/apps/routes';
import { ReturnAfterSignIn, rememberReturn } from './features/apps/returnTo';
import { AuditReport } from './features/audit/AuditReport';
import { BreakGlassReport } from './features/breakglass/BreakGlass';

/** Role guard: signed-out users go to sign-in; a role that may not see a page gets the home page. */
export function Guard({ roles, children }: { roles?: Role[]; children: ReactNode }) {
  const { user } = useAuth();
  if (!user) return <Navigate to="/signin" replace />;
  if (roles && !roles.includes(user.role)) return <Navigate to="/" replace />;
  return <>{children}</>;
}

export function AppRoutes() {
  const { user, loading } = useAuth();
  const location = useLocation();
  // Every route: its own document title, focus on its h1 after navigation, tables that scroll in their own region.
  useDocumentTitle();
  useRouteFocus();
  useScrollRegions();
  if (loading) return <p role="status" className="page">Loading Portico…</p>;
  if (!user && location.pathname !== '/signin') return <Navigate to="/signin" replace state={rememberReturn(location.pathname)} />;
  return (
    <>
    <LiveRegion />
    <Routes>
      <Route path="/signin" element={user ? <Navigate to="/" replace /> : <SignIn />} />
      <Route element={<Guard><MfaEnrollmentGate><Layout /></MfaEnrollmentGate></Guard>}>
        <Route index element={<ReturnAfterSignIn><Home /></ReturnAfterSignIn>} />
        {/* Feature routes are added here as they land. */}
        <Route path="/messages/*" element={<Guard roles={['patient']}><MessagingPages /></Guard>} />
        <Route path="/messages/guide" element={<Guard roles={['patient']}><GuidePage /></Guard>} />
        <Route path="/guide/handout/:patientId" element={<Guard roles={['physician', 'nurse', 'medical_assistant']}><GuideHandout /></Guard>} />
        <Route path="/inbasket/*" element={<Guard roles={['physician', 'nurse', 'medical_assistant', 'front_desk', 'billing', 'admin']}><InbasketPages /></Guard>} />
        <Route path="/chart/*" element={<Guard roles={['physician', 'nurse', 'medical_assistant', 'front_desk', 'admin']}><ChartPages /></Guard>} />
        <Route path="/staff/settings" element={<Guard roles={['physician', 'nurse', 'medical_assistant']}><MySettings /></Guard>} />
        <Route path="/admin/audit" element={<Guard roles={['admin']}><AuditReport /></Guard>} />
        <Route path="/admin/break-glass" element={<Guard roles={['admin']}><BreakGlassReport /></Guard>} />
        <Route path="/admin/inbasket" element={<Guard roles={['admin']}><InbasketAdmin /></Guard>} />
        <Route path="/results/*" element={<Guard roles={['patient']}><ResultsRoutes /></Guard>} />
        <Route path="/record/*" element={<Guard roles={['patient']}><RecordRoutes /></Guard>} />
        <Route path="/glucose" element={<Guard roles={['patient']}><GlucoseLog /></Guard>} />
        <Route path="/blood-pressure" element={<Guard roles={['patient']}><BloodPressureLog /></Guard>} />
        <Route path="/weight" element={<Guard roles={['patient']}><WeightLog /></Guard>} />
        <Route path="/appointments/*" element={<Guard roles={['patient']}><AppointmentRoutes /></Guard>} />
        <Route path="/refills/*" element={<Guard roles={['patient']}><RefillRoutes /></Guard>} />
        <Route path="/referrals/*" element={<Guard roles={['patient']}><ReferralRoutes /></Guard>} />
        <Route path="/staff/scheduling/*" element={<Guard roles={['front_desk', 'admin', 'physician', 'nurse', 'medical_assistant']}><StaffSchedulingRoutes /></Guard>} />
        <Route path="/staff/availability" element={<Guard roles={['physician', 'front_desk', 'admin']}><StaffAvailability /></Guard>} />
        <Route path="/staff/refills" element={<Guard roles={['physician', 'nurse', 'medical_assistant']}><StaffRefills /></Guard>} />
        <Route path="/staff/referrals" element={<Guard roles={['physician', 'nurse', 'medical_assistant']}><StaffReferrals /></Guard>} />
        <Route path="/billing/*" element={<Guard roles={['patient', 'billing', 'admin']}><BillingRoutes /></Guard>} />
        <Route path="/insurance/*" element={<InsuranceRoutes />} />
        <Route path="/find-a-doctor/*" element={<FindDoctorRoutes />} />
        <Route path="/directory" element={<PhoneDirectory />} />
        <Route path="/locations/*" element={<LocationRoutes />} />
        <Route path="/sharing" element={<Guard roles={['patient']}><ShareAccess /></Guard>} />
        <Route path="/security" element={<SecurityPage />} />
        <Route path="/apps/*" element={<Guard roles={['patient']}><AppsRoutes /></Guard>} />
        <Route path="/research/*" element={<Guard roles={['researcher', 'admin']}><ResearchRoutes /></Guard>} />
        <Route path="/surveys/*" element={<Guard roles={['patient']}><SurveyRoutes /></Guard>} />
        <Route path="*" element={<div className="page"><h1>Page not found</h1><p>This page does not exist. Use the menu to find what you need.</p></div>} />
      </Route>
    </Routes>
    </>
  );
}
