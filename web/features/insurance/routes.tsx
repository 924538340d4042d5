import { Route, Routes } from 'react-router';
import { Guard } from '../../routes';
import { InsurancePage } from './InsurancePage';
import { InsuranceRequestsPage } from './InsuranceRequestsPage';

export function InsuranceRoutes() {
  return (
    <Routes>
      <Route index element={<Guard roles={['patient']}><InsurancePage /></Guard>} />
      <Route path="requests" element={<Guard roles={['front_desk', 'billing', 'admin']}><InsuranceRequestsPage /></Guard>} />
    </Routes>
  );
}
