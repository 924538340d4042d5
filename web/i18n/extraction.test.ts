import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findLiterals } from './extract';
import { describe, expect, it } from 'vitest';

// The extraction check: a patient-facing page may not show an English sentence that is not in the catalog. It parses
// each .tsx file with the TypeScript compiler and reports JSX text, user-visible attributes (aria-label, title,
// placeholder, alt, label) and string literals rendered directly inside JSX ({busy ? 'Saving…' : 'Save'}).

const web = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Patient pages whose every visible string comes from web/i18n. */
export const EXTRACTED = [
  'components/Layout.tsx',
  'features/auth',
  'features/home',
  'features/messaging',
  'features/proxy',
  'features/locations',
  'features/directory',
  'features/record/Results.tsx', 'features/record/RecordNav.tsx', 'features/record/AskAbout.tsx', 'features/record/Download.tsx',
  'features/record/RecordPages.tsx', 'features/record/Trend.tsx', 'features/record/Activity.tsx', 'features/record/Charts.tsx', 'features/record/CarePages.tsx',
  'features/appointments/Appointments.tsx', 'features/appointments/RequestAppointment.tsx',
  'features/billing/BillingPage.tsx', 'features/billing/StatementPage.tsx', 'features/billing/PayForm.tsx', 'features/billing/PlanSection.tsx',
  'features/billing/QuestionSection.tsx', 'features/billing/ReceiptPage.tsx',
  'features/insurance/InsurancePage.tsx',
  'features/refills/Refills.tsx',
  'features/referrals/Referrals.tsx',
  'features/research/SurveyPage.tsx',
  'features/record/HomeReadings.tsx', 'features/record/HomeVitalsLog.tsx', 'features/record/GlucoseLog.tsx', 'features/record/Vitals.tsx',
  'features/security',
  'features/apps',
  'features/guide/GuidePage.tsx', 'features/guide/GuideContent.tsx', 'features/guide/Walkthrough.tsx', 'features/guide/Handout.tsx',
];

/** Patient pages still being moved into the catalogs (staff-only screens may stay English and are not listed). */
export const NOT_YET: string[] = [];

function tsxFiles(rel: string): string[] {
  const abs = path.join(web, rel);
  if (fs.statSync(abs).isFile()) return [abs];
  return fs.readdirSync(abs, { recursive: true }).map(String).filter((f) => f.endsWith('.tsx')).map((f) => path.join(abs, f));
}

describe('extraction check', () => {
  it('finds the kinds of literal it is meant to find (and ignores keys and class names)', () => {
    const src = `export const A = ({ busy, open }: any) => (<main>
      <h1>Your test results</h1>
      <button aria-label="Close this" className={open ? 'button secondary' : 'button'}>{busy ? 'Saving…' : t('save')}</button>
      <p title={t('x')}>{t('lead', { name: 'Ana' })} {count} · 5 mg/dL</p>
      <img alt="Map of the clinic" /><span>{\`Hello \${name}\`}</span>
    </main>);`;
    expect(findLiterals('x.tsx', src).map((f) => [f.line, f.text])).toEqual([
      [2, 'Your test results'], [3, 'Close this'], [3, 'Saving…'], [5, 'Map of the clinic'], [5, 'Hello'],
    ]);
  });

  it('patient pages that were extracted show no English literal outside the catalog', () => {
    const findings = EXTRACTED.flatMap(tsxFiles).flatMap((f) => findLiterals(path.relative(web, f), fs.readFileSync(f, 'utf8')));
    expect(findings.map((f) => `${f.file}:${f.line} "${f.text}"`)).toEqual([]);
  });

  it('every patient folder is either extracted or listed as not yet', () => {
    const listed = [...EXTRACTED, ...NOT_YET];
    for (const p of listed) expect(fs.existsSync(path.join(web, p)), p).toBe(true);
    expect(new Set(listed).size).toBe(listed.length);
  });
});
