import { Navigate, Route, Routes } from 'react-router';
import { useAuth } from '../../app/auth';
import { Guard } from '../../routes';
import { BillingPage } from './BillingPage';
import { ReceiptPage } from './ReceiptPage';
import { StaffAccountPage, StaffBillingPage } from './StaffBillingPage';
import { StatementPage } from './StatementPage';

const OFFICE = ['billing', 'admin'] as const;

/** /billing/*: the patient's bills; the billing office under /billing/office. */
export function BillingRoutes() {
  const { user } = useAuth();
  return (
    <Routes>
      <Route index element={user?.role === 'patient' ? <BillingPage /> : <Navigate to="/billing/office" replace />} />
      <Route path="statements/:statementId" element={<StatementPage />} />
      <Route path="payments/:paymentId" element={<ReceiptPage />} />
      <Route path="office" element={<Guard roles={[...OFFICE]}><StaffBillingPage /></Guard>} />
      <Route path="office/accounts/:accountId" element={<Guard roles={[...OFFICE]}><StaffAccountPage /></Guard>} />
    </Routes>
  );
}
