import { Route, Routes } from 'react-router';
import { Results } from './Results';
import { Trend } from './Trend';
import { Allergies, Documents, Immunizations, Medications, Problems, RecordHome, Visits } from './RecordPages';
import { Vitals } from './Vitals';
import { GlucoseLog } from './GlucoseLog';
import { Download } from './Download';
import { ActivityLog } from './Activity';
import { CarePlans, Procedures } from './CarePages';

/** /results/* — test results and trends. */
export function ResultsRoutes() {
  return (
    <Routes>
      <Route index element={<Results />} />
      <Route path="trend/:code" element={<Trend />} />
    </Routes>
  );
}

/** /record/* — the medical record pages. */
export function RecordRoutes() {
  return (
    <Routes>
      <Route index element={<RecordHome />} />
      <Route path="problems" element={<Problems />} />
      <Route path="medications" element={<Medications />} />
      <Route path="allergies" element={<Allergies />} />
      <Route path="immunizations" element={<Immunizations />} />
      <Route path="vitals" element={<Vitals />} />
      <Route path="visits" element={<Visits />} />
      <Route path="documents" element={<Documents />} />
      <Route path="procedures" element={<Procedures />} />
      <Route path="care-plans" element={<CarePlans />} />
      <Route path="download" element={<Download />} />
      <Route path="activity" element={<ActivityLog />} />
    </Routes>
  );
}

export { GlucoseLog };
