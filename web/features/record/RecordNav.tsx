import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';

const LINKS = [
  ['/results', 'Test results'], ['/record/problems', 'Health problems'], ['/record/medications', 'Medicines'], ['/record/allergies', 'Allergies'],
  ['/record/immunizations', 'Shots'], ['/record/vitals', 'Blood pressure and weight'], ['/record/visits', 'Visits'], ['/record/procedures', 'Procedures'], ['/record/care-plans', 'Care plans'], ['/record/documents', 'Documents'],
  ['/glucose', 'Blood sugar log'], ['/blood-pressure', 'Blood pressure log'], ['/weight', 'Weight log'], ['/record/download', 'Download or print'], ['/record/activity', 'Who looked at my record'],
] as const;

/** The parts of the health record, on every record page. */
export function RecordNav() {
  const { t } = useTranslation('record');
  return (
    <nav className="record-nav" aria-label={t('nav.label')}>
      <ul>{LINKS.map(([to, label]) => <li key={to}><NavLink to={to} end>{t(`nav.${to}`, { defaultValue: label })}</NavLink></li>)}</ul>
    </nav>
  );
}
