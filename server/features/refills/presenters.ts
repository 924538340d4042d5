import { z } from 'zod';
import { t as tr } from '../../platform/i18n';

export type PharmacyRow = {
  id: string; name: string; address_line: string; city: string; state: string; postal_code: string; phone: string | null; hours: string | null;
  mail_order: boolean; preferred?: boolean;
};
export const PharmacyOut = z.object({
  id: z.string(), name: z.string(), address: z.string(), phone: z.string().nullable(), hours: z.string().nullable(), mailOrder: z.boolean(), preferred: z.boolean(),
});
export const presentPharmacy = (p: PharmacyRow): z.infer<typeof PharmacyOut> => ({
  id: p.id, name: p.name, address: `${p.address_line}, ${p.city}, ${p.state} ${p.postal_code}`, phone: p.phone, hours: p.hours, mailOrder: p.mail_order,
  preferred: p.preferred ?? false,
});

export type MedicationRow = { id: string; display: string; dose: string | null; instructions: string | null; prescriber_name: string | null };
export const MedicationOut = z.object({ id: z.string(), display: z.string(), dose: z.string().nullable(), instructions: z.string().nullable(), prescriber: z.string().nullable() });
export const presentMedication = (m: MedicationRow): z.infer<typeof MedicationOut> => ({
  id: m.id, display: m.display, dose: m.dose, instructions: m.instructions, prescriber: m.prescriber_name,
});

export type RefillRow = {
  id: string; org_id: string; patient_id: string; clinic_id: string; pharmacy_id: string; note: string; status: 'pending' | 'completed'; thread_id: string;
  created_at: Date; completed_at: Date | null; pharmacy_name: string; patient_name: string; patient_mrn: string; clinic_name: string;
};
export type ItemRow = {
  request_id: string; medication_id: string; medication_display: string; decision: 'approved' | 'denied' | null; reason: string | null;
  decided_at: Date | null; decided_by_name: string | null;
};

export const DECISION_TEXT = { approved: 'Approved', denied: 'Not approved', pending: 'Waiting for a decision' } as const;

export const RefillOut = z.object({
  id: z.string(), patientId: z.string(), patientName: z.string().optional(), clinic: z.object({ id: z.string(), name: z.string() }),
  pharmacy: z.object({ id: z.string(), name: z.string() }), note: z.string(), status: z.enum(['pending', 'completed']), statusText: z.string(),
  threadId: z.string(), createdAt: z.string(), completedAt: z.string().nullable(),
  items: z.array(z.object({
    medicationId: z.string(), display: z.string(), decision: z.enum(['approved', 'denied']).nullable(), decisionText: z.string(),
    reason: z.string().nullable(), decidedBy: z.string().nullable(), decidedAt: z.string().nullable(),
  })),
});
export type RefillOutT = z.infer<typeof RefillOut>;

export function presentRefill(r: RefillRow, items: ItemRow[], staff: boolean): RefillOutT {
  const mine = items.filter((i) => i.request_id === r.id);
  const decided = mine.filter((i) => i.decision).length;
  return {
    id: r.id, patientId: r.patient_id, ...(staff ? { patientName: `${r.patient_name} (${r.patient_mrn})` } : {}),
    clinic: { id: r.clinic_id, name: r.clinic_name }, pharmacy: { id: r.pharmacy_id, name: r.pharmacy_name }, note: r.note, status: r.status,
    statusText: r.status === 'completed' ? tr('refill.answered') : decided ? tr('refill.partlyAnswered', { decided, total: mine.length }) : tr('refill.waiting'),
    threadId: r.thread_id, createdAt: new Date(r.created_at).toISOString(), completedAt: r.completed_at ? new Date(r.completed_at).toISOString() : null,
    items: mine.map((i) => ({
      medicationId: i.medication_id, display: i.medication_display, decision: i.decision, decisionText: DECISION_TEXT[i.decision ?? 'pending'],
      reason: i.reason, decidedBy: i.decided_by_name, decidedAt: i.decided_at ? new Date(i.decided_at).toISOString() : null,
    })),
  };
}
