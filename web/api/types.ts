export type Role = 'patient' | 'physician' | 'nurse' | 'medical_assistant' | 'front_desk' | 'billing' | 'admin' | 'researcher';
export type User = {
  id: string; role: Role; displayName: string; credentials: string | null; email: string; patientId?: string; orgId: string; clinicIds?: string[];
  /** The language the person chose; null = never chosen (English). */
  locale?: 'en' | 'es' | null;
  /** Staff who must use two-step sign-in and have not set it up: the app sends them to /security first. */
  mfaEnrollmentRequired?: boolean;
};
export type AttentionItem = { kind: string; title: string; detail?: string; href: string; priority: 'high' | 'normal' };
export type Home = {
  greetingName: string; items: AttentionItem[];
  clinic: { name: string; phoneMain: string | null; phoneNurseLine: string | null; phoneAfterHours: string | null } | null;
};
