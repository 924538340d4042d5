import { z } from 'zod';

// Request shapes. Limits here are generous outer bounds; the clinic's own limits (e.g. message length) are checked in the
// service so the error can say what the limit is.
export const IdempotencyKey = z.string().trim().min(8).max(200);
export const Id = z.object({ id: z.string() });
export const AttachmentIds = z.array(z.string()).max(10).optional();

export const CreateThreadIn = z.object({
  category: z.string().trim().min(1).max(60),
  subject: z.string().max(200),
  body: z.string().max(100_000),
  clinicId: z.string().optional(),
  providerId: z.string().optional(),
  idempotencyKey: IdempotencyKey,
  attachmentIds: AttachmentIds,
  linkedThreadId: z.string().optional(),
  followUpId: z.string().optional(),
  urgentAcknowledged: z.boolean().optional(),
});

export const PostMessageIn = z.object({
  body: z.string().max(100_000),
  idempotencyKey: IdempotencyKey,
  attachmentIds: AttachmentIds,
  urgentAcknowledged: z.boolean().optional(),
});

export const DraftIn = z.object({
  subject: z.string().max(200).default(''),
  body: z.string().max(100_000).default(''),
  category: z.string().max(60).nullable().optional(),
  clinicId: z.string().nullable().optional(),
  providerId: z.string().nullable().optional(),
});

export const UploadIn = z.object({ filename: z.string().trim().min(1).max(255), dataBase64: z.string().min(1) });
