import { z } from 'zod';

export const PatientOut = z.object({
  id: z.string(), mrn: z.string(), givenName: z.string(), familyName: z.string(), birthDate: z.string().nullable(),
  sex: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable(), preferredLanguage: z.string(),
  address: z.string().nullable(),
});

export type PatientRow = {
  id: string; mrn: string; given_name: string; family_name: string; birth_date: Date | string | null; sex: string | null;
  phone: string | null; email: string | null; preferred_language: string; address_line: string | null; city: string | null;
  state: string | null; postal_code: string | null;
};

export const isoDate = (d: Date | string | null) => (d === null ? null : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

export const presentPatient = (p: PatientRow): z.infer<typeof PatientOut> => ({
  id: p.id, mrn: p.mrn, givenName: p.given_name, familyName: p.family_name, birthDate: isoDate(p.birth_date), sex: p.sex,
  phone: p.phone, email: p.email, preferredLanguage: p.preferred_language,
  address: p.address_line ? `${p.address_line}, ${p.city}, ${p.state} ${p.postal_code}` : null,
});
