export type Role = 'patient' | 'physician' | 'nurse' | 'medical_assistant' | 'front_desk' | 'billing' | 'admin' | 'researcher';
export type User = {
  id: string; role: Role; displayName: string; credentials: string | null; email: string; patientId?: string; orgId: string; clinicIds?: string[];
};
export type AttentionItem = { kind: string; title: string; detail?: string; href: string; priority: 'high' | 'normal' };
export type Home = {
  greetingName: string; items: AttentionItem[];
  clinic: { name: string; phoneMain: string | null; phoneNurseLine: string | null; phoneAfterHours: string | null } | null;
};
