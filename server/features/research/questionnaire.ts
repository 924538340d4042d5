// The portal-use questionnaire of the study (ten features, 1 = never … 6 = very often) plus the
// demographic items it collected. Age is not asked: it comes from the record (birth date).
// The linkIds are the analysis engine's column names, so a completed response maps 1:1 to a row.
import type { Questionnaire, QuestionnaireItem } from '@medplum/fhirtypes';

export const QUESTIONNAIRE_URL = 'https://portico.example/fhir/Questionnaire/portal-use-v1';

export const FEATURE_ITEMS = [
  ['use_lab_results', 'Look at my lab test results'],
  ['use_medical_record', 'Look at my medical record (problems, medicines, visits)'],
  ['use_message_doctor', 'Send a message to my doctor'],
  ['use_request_appointment', 'Ask for an appointment by message'],
  ['use_billing', 'Look at my bills'],
  ['use_directory', 'Look up clinic phone numbers'],
  ['use_find_doctor', 'Find a doctor'],
  ['use_pay_bills', 'Pay my bills'],
  ['use_maps', 'Get maps and directions to a clinic'],
  ['use_insurance', 'Look at my insurance information'],
] as const;
export type FeatureId = (typeof FEATURE_ITEMS)[number][0];
export const FEATURE_IDS = FEATURE_ITEMS.map(([id]) => id) as FeatureId[];

/** 1 = never … 6 = very often; "frequent use" is 4 or more (MISSION.md). */
export const FREQUENCY = [
  ['1', 'Never'], ['2', 'Almost never'], ['3', 'Sometimes'], ['4', 'Fairly often'], ['5', 'Often'], ['6', 'Very often'],
] as const;

export const GENDERS = ['Female', 'Male', 'Another gender'] as const;
export const RACES = ['White', 'Black or African American', 'Hispanic or Latino', 'Asian', 'American Indian or Alaska Native',
  'Native Hawaiian or Pacific Islander', 'More than one race', 'Other'] as const;
// Same labels as the analysis engine's income brackets, so Table 1 lists them in numeric order.
export const INCOMES = ['<$20,000', '$20,000-$49,999', '$50,000-$99,999', '>=$100,000'] as const;
export const MEDICATIONS = ['None (diet and exercise)', 'Oral only', 'Insulin only', 'Insulin and oral', 'Other injectable'] as const;

type ItemDef =
  | { linkId: string; text: string; kind: 'rating' }
  | { linkId: string; text: string; kind: 'choice'; options: readonly string[] }
  | { linkId: string; text: string; kind: 'integer' | 'decimal'; min: number; max: number; unit: string };

export const DEMOGRAPHIC_ITEMS: ItemDef[] = [
  { linkId: 'gender', text: 'What is your gender?', kind: 'choice', options: GENDERS },
  { linkId: 'race', text: 'What is your race or ethnic group?', kind: 'choice', options: RACES },
  { linkId: 'education_years', text: 'How many years of school have you finished? (12 = high school)', kind: 'integer', min: 0, max: 30, unit: 'years' },
  { linkId: 'income', text: 'What is your yearly household income?', kind: 'choice', options: INCOMES },
  { linkId: 'diabetes_years', text: 'How many years have you had diabetes?', kind: 'integer', min: 0, max: 90, unit: 'years' },
  { linkId: 'portal_duration', text: 'How many years have you used this patient portal?', kind: 'decimal', min: 0, max: 40, unit: 'years' },
  { linkId: 'diabetes_medication', text: 'What do you take for your diabetes?', kind: 'choice', options: MEDICATIONS },
];

export const ALL_ITEMS: ItemDef[] = [
  ...FEATURE_ITEMS.map(([linkId, text]): ItemDef => ({ linkId, text, kind: 'rating' })),
  ...DEMOGRAPHIC_ITEMS,
];
export const ITEM_BY_ID = new Map(ALL_ITEMS.map((i) => [i.linkId, i]));
export type { ItemDef };

const code = (c: string, display: string) => ({ valueCoding: { system: `${QUESTIONNAIRE_URL}/answers`, code: c, display } });

function fhirItem(d: ItemDef): QuestionnaireItem {
  const base = { linkId: d.linkId, text: d.text, required: true };
  if (d.kind === 'rating') return { ...base, type: 'choice', answerOption: FREQUENCY.map(([c, label]) => code(c, `${c} – ${label}`)) };
  if (d.kind === 'choice') return { ...base, type: 'choice', answerOption: d.options.map((o) => code(o, o)) };
  return {
    ...base, type: d.kind,
    extension: [
      { url: 'http://hl7.org/fhir/StructureDefinition/minValue', [d.kind === 'integer' ? 'valueInteger' : 'valueDecimal']: d.min },
      { url: 'http://hl7.org/fhir/StructureDefinition/maxValue', [d.kind === 'integer' ? 'valueInteger' : 'valueDecimal']: d.max },
      { url: 'http://hl7.org/fhir/StructureDefinition/questionnaire-unit', valueCoding: { system: 'http://unitsofmeasure.org', code: 'a', display: d.unit } },
    ],
  };
}

/** The FHIR R4 Questionnaire resource. */
export const PORTAL_USE_QUESTIONNAIRE: Questionnaire = {
  resourceType: 'Questionnaire',
  url: QUESTIONNAIRE_URL,
  version: '1',
  name: 'PortalUseSurvey',
  title: 'How you use the patient portal',
  status: 'active',
  subjectType: ['Patient'],
  description: 'Ten portal features rated 1 (never) to 6 (very often), and background questions, from the MyHealthAtVanderbilt type 2 diabetes study.',
  item: [
    { linkId: 'use', type: 'group', text: 'How often do you use the portal to …', item: FEATURE_ITEMS.map(([linkId, text]) => fhirItem({ linkId, text, kind: 'rating' })) },
    { linkId: 'about-you', type: 'group', text: 'About you', item: DEMOGRAPHIC_ITEMS.map(fhirItem) },
  ],
};
