import { Route, Routes } from 'react-router';
import { Appointments, AppointmentDetail } from './Appointments';
import { RequestAppointment } from './RequestAppointment';
import { StaffRequest, StaffScheduling } from './StaffScheduling';
import { Refills, RequestRefill } from '../refills/Refills';
import { StaffRefills } from '../refills/StaffRefills';
import { Referrals, RequestReferral } from '../referrals/Referrals';
import { StaffReferrals } from '../referrals/StaffReferrals';

const NotFound = () => <div className="page"><h1>Page not found</h1><p>This page does not exist. Use the menu to find what you need.</p></div>;

/** /appointments/* (patient) */
export function AppointmentRoutes() {
  return (
    <Routes>
      <Route index element={<Appointments />} />
      <Route path="request" element={<RequestAppointment />} />
      <Route path=":id" element={<AppointmentDetail />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

/** /refills/* (patient) */
export function RefillRoutes() {
  return (
    <Routes>
      <Route index element={<Refills />} />
      <Route path="new" element={<RequestRefill />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

/** /referrals/* (patient) */
export function ReferralRoutes() {
  return (
    <Routes>
      <Route index element={<Referrals />} />
      <Route path="new" element={<RequestReferral />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

/** /staff/scheduling/* (scheduling team) */
export function StaffSchedulingRoutes() {
  return (
    <Routes>
      <Route index element={<StaffScheduling />} />
      <Route path=":id" element={<StaffRequest />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}

export { StaffRefills, StaffReferrals };
