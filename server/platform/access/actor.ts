export const STAFF_ROLES = ['physician', 'nurse', 'medical_assistant', 'front_desk', 'billing', 'admin', 'researcher'] as const;
export const ROLES = ['patient', ...STAFF_ROLES] as const;
export type Role = (typeof ROLES)[number];
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Who is making the request. Built once per request from the session; every data access carries it. */
export type Actor = {
  userId: string;
  role: Role;
  orgId: string;
  displayName: string;
  credentials: string | null;
  email: string;
  /** Set for patients: the one patient record this session acts on (their own, or one a proxy grant allows). */
  patientId: string | null;
  /** The patient record of the user themself; differs from patientId while acting as someone's proxy. */
  ownPatientId?: string | null;
  clinicIds: string[];
  sessionId: string;
};

export const isStaff = (a: Actor) => a.role !== 'patient';
export const CLINICAL_ROLES: Role[] = ['physician', 'nurse', 'medical_assistant'];
