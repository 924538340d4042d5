import { Route, Routes } from 'react-router';
import { AuthorizeApp } from './AuthorizeApp';
import { ConnectedApps } from './ConnectedApps';

/** /apps (connected apps) and /apps/authorize/:uid (the consent page of a SMART app launch). */
export function AppsRoutes() {
  return (
    <Routes>
      <Route index element={<ConnectedApps />} />
      <Route path="authorize/:uid" element={<AuthorizeApp />} />
    </Routes>
  );
}
