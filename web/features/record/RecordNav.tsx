import { NavLink } from 'react-router';

const LINKS = [
  ['/results', 'Test results'], ['/record/problems', 'Health problems'], ['/record/medications', 'Medicines'], ['/record/allergies', 'Allergies'],
  ['/record/immunizations', 'Shots'], ['/record/vitals', 'Blood pressure and weight'], ['/record/visits', 'Visits'], ['/record/documents', 'Documents'],
  ['/glucose', 'Blood sugar log'], ['/record/download', 'Download or print'], ['/record/activity', 'Who looked at my record'],
] as const;

/** The parts of the health record, on every record page. */
export function RecordNav() {
  return (
    <nav className="record-nav" aria-label="Health record">
      <ul>{LINKS.map(([to, label]) => <li key={to}><NavLink to={to} end>{label}</NavLink></li>)}</ul>
    </nav>
  );
}
