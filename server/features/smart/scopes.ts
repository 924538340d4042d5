/** What an app may ask for, and how each scope reads to a patient. */

export const RESOURCE_WORDS: Record<string, string> = {
  Patient: 'Your name, birth date and contact details',
  Observation: 'Test results and vital signs (like blood pressure and weight)',
  Condition: 'Your health problems',
  MedicationRequest: 'Your medicines',
  Medication: 'Details about your medicines',
  AllergyIntolerance: 'Your allergies',
  Immunization: 'Your shots (vaccines)',
  Encounter: 'Your visits',
  Procedure: 'Procedures you had',
  DiagnosticReport: 'Lab and imaging reports',
  DocumentReference: 'Documents in your record (like visit notes)',
  CarePlan: 'Your care plans',
  Goal: 'Your health goals',
  CareTeam: 'Your care team',
  Coverage: 'Your insurance',
  Practitioner: 'The doctors and nurses who care for you',
  Organization: 'The clinics that care for you',
  Location: 'The places where you got care',
  Provenance: 'Where each part of your record came from',
};
export const RESOURCE_TYPES = Object.keys(RESOURCE_WORDS);

/** OpenID and SMART context scopes (not about a FHIR resource type). */
export const CONTEXT_SCOPES = ['openid', 'fhirUser', 'launch/patient', 'offline_access'];

/** Every FHIR data scope the server grants: SMART v2 (`.rs`, `.r`, `.s`) and v1 (`.read`), per type and for all types. */
export const DATA_SCOPES = ['*', ...RESOURCE_TYPES].flatMap((t) => ['rs', 'r', 's', 'read'].map((p) => `patient/${t}.${p}`));

export const SCOPES_SUPPORTED = [...CONTEXT_SCOPES, 'patient/*.rs', 'patient/*.read',
  ...RESOURCE_TYPES.flatMap((t) => [`patient/${t}.rs`, `patient/${t}.read`])];

/**
 * What a set of scopes lets an app read, as codes the web page puts in plain words (in the patient's language):
 * 'all' (the whole record), a FHIR resource type (one part of it), 'identity' (who you are), 'offline' (keeps access).
 * Most important first; each once.
 */
export function scopeCodes(scopes: string[]): string[] {
  const out: string[] = [];
  const add = (s: string) => { if (!out.includes(s)) out.push(s); };
  const data = scopes.filter((s) => s.startsWith('patient/'));
  if (data.some((s) => s.startsWith('patient/*.'))) add('all');
  else for (const s of data) {
    const type = s.slice('patient/'.length, s.indexOf('.'));
    if (RESOURCE_WORDS[type]) add(type);
  }
  if (scopes.includes('openid') || scopes.includes('fhirUser')) add('identity');
  if (scopes.includes('offline_access')) add('offline');
  return out;
}
