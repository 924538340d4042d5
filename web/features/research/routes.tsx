import { Route, Routes } from 'react-router';
import { Dashboard } from './Dashboard';
import { Campaigns } from './Campaigns';
import { AnalyzeCsv } from './AnalyzeCsv';
import { SurveyList, SurveyPage } from './SurveyPage';

/** /research/* — researcher and admin pages. */
export function ResearchRoutes() {
  return (
    <Routes>
      <Route index element={<Dashboard />} />
      <Route path="campaigns" element={<Campaigns />} />
      <Route path="csv" element={<AnalyzeCsv />} />
    </Routes>
  );
}

/** /surveys/* — the patient's surveys. */
export function SurveyRoutes() {
  return (
    <Routes>
      <Route index element={<SurveyList />} />
      <Route path=":campaignId" element={<SurveyPage />} />
    </Routes>
  );
}
