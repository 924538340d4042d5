import { Route, Routes } from 'react-router';
import { ClinicianProfile } from './ClinicianProfile';
import { FindDoctor } from './FindDoctor';

export { PhoneDirectory } from './PhoneDirectory';

export function FindDoctorRoutes() {
  return (
    <Routes>
      <Route index element={<FindDoctor />} />
      <Route path=":clinicianId" element={<ClinicianProfile />} />
    </Routes>
  );
}
