import { z } from 'zod';

export type ReferralRow = {
  id: string; org_id: string; patient_id: string; clinic_id: string; specialty: string; reason: string; preferred_clinician_id: string | null;
  preferred_location_id: string | null; status: 'pending' | 'approved' | 'denied' | 'need_visit'; outcome_note: string | null; decided_at: Date | null;
  thread_id: string; created_at: Date; preferred_clinician_name: string | null; preferred_location_name: string | null; decided_by_name: string | null;
  patient_name: string; patient_mrn: string; clinic_name: string;
};

export const REFERRAL_STATUS_TEXT = {
  pending: 'Waiting for the care team',
  approved: 'Approved',
  denied: 'Not approved',
  need_visit: 'Needs a visit first',
} as const;

export const ReferralOut = z.object({
  id: z.string(), patientId: z.string(), patientName: z.string().optional(), clinic: z.object({ id: z.string(), name: z.string() }),
  specialty: z.string(), reason: z.string(), preferredClinician: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  preferredLocation: z.object({ id: z.string(), name: z.string() }).nullable(),
  status: z.enum(['pending', 'approved', 'denied', 'need_visit']), statusText: z.string(), outcomeNote: z.string().nullable(),
  decidedBy: z.string().nullable(), decidedAt: z.string().nullable(), threadId: z.string(), createdAt: z.string(),
});

export const presentReferral = (r: ReferralRow, staff: boolean): z.infer<typeof ReferralOut> => ({
  id: r.id, patientId: r.patient_id, ...(staff ? { patientName: `${r.patient_name} (${r.patient_mrn})` } : {}),
  clinic: { id: r.clinic_id, name: r.clinic_name }, specialty: r.specialty, reason: r.reason,
  preferredClinician: r.preferred_clinician_id ? { id: r.preferred_clinician_id, displayName: r.preferred_clinician_name ?? '' } : null,
  preferredLocation: r.preferred_location_id ? { id: r.preferred_location_id, name: r.preferred_location_name ?? '' } : null,
  status: r.status, statusText: REFERRAL_STATUS_TEXT[r.status], outcomeNote: r.outcome_note, decidedBy: r.decided_by_name,
  decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null, threadId: r.thread_id, createdAt: new Date(r.created_at).toISOString(),
});

export const InsuranceOut = z.object({ payer: z.string(), planName: z.string().nullable(), memberIdEnding: z.string().nullable() });
export const presentInsurance = (c: { payer: string; plan_name: string | null; member_id: string | null }): z.infer<typeof InsuranceOut> => ({
  payer: c.payer, planName: c.plan_name, memberIdEnding: c.member_id ? c.member_id.slice(-4) : null,
});
