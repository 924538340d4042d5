import { Route, Routes } from 'react-router';
import { LocationDetail } from './LocationDetail';
import { Locations } from './Locations';

export function LocationRoutes() {
  return (
    <Routes>
      <Route index element={<Locations />} />
      <Route path=":locationId" element={<LocationDetail />} />
    </Routes>
  );
}
