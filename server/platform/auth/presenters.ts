import { z } from 'zod';
import { ROLES } from '../access/actor';

export const UserOut = z.object({
  id: z.string(),
  role: z.enum(ROLES),
  displayName: z.string(),
  credentials: z.string().nullable(),
  email: z.string(),
  patientId: z.string().optional(),
  orgId: z.string(),
  clinicIds: z.array(z.string()).optional(),
  /** The language the person chose ('en' | 'es'); null = never chosen (English). */
  locale: z.enum(['en', 'es']).nullable().optional(),
});

type UserRow = { id: string; role: (typeof ROLES)[number]; display_name: string; credentials: string | null; email: string; patient_id: string | null; org_id: string; locale?: string | null };

/** The only way a user leaves the server: no password hash, no internal flags. */
export const presentUser = (u: UserRow): z.infer<typeof UserOut> => ({
  id: u.id, role: u.role, displayName: u.display_name, credentials: u.credentials, email: u.email,
  patientId: u.patient_id ?? undefined, orgId: u.org_id, locale: u.locale === 'en' || u.locale === 'es' ? u.locale : null,
});
