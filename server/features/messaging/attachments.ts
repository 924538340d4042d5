import { createHash } from 'node:crypto';
import type { Db } from '../../db/client';
import type { Actor } from '../../platform/access/actor';
import { audit, auditRead } from '../../platform/audit/audit';
import { badRequest, HttpError, notFound } from '../../platform/errors';
import { findThread, isUuid, seesInternalNotes, settingsFor } from './repository';

// Files are checked by what they contain, not by their name: a ".pdf" that is really a program is refused.

export const ALLOWED_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;

export function sniffType(buf: Buffer): (typeof ALLOWED_TYPES)[number] | null {
  if (buf.length >= 5 && buf.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return null;
}

const EXT: Record<string, string> = { 'application/pdf': '.pdf', 'image/jpeg': '.jpg', 'image/png': '.png' };

/** Keeps a readable name but nothing a browser or file system could misread; the extension follows the real type. */
export function safeFilename(name: string, type: string): string {
  const base = name.replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/[^A-Za-z0-9 ._()-]/g, '_').replace(/^[.\s]+/, '').slice(0, 80) || 'file';
  return `${base}${EXT[type]}`;
}

export async function uploadAttachment(db: Db, actor: Actor, ip: string, input: { filename: string; dataBase64: string }) {
  const s = await settingsFor(db, actor.orgId);
  // Reject by encoded length first so an oversized upload is never decoded into memory twice.
  if (input.dataBase64.length > Math.ceil(s.max_attachment_bytes / 3) * 4 + 4)
    throw new HttpError(413, 'file_too_large', `This file is too large. The limit is ${Math.round(s.max_attachment_bytes / 1048576)} MB.`, 'dataBase64');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.dataBase64)) throw badRequest('The file could not be read. Try attaching it again.', 'dataBase64');
  const data = Buffer.from(input.dataBase64, 'base64');
  if (data.length === 0) throw badRequest('The file is empty.', 'dataBase64');
  if (data.length > s.max_attachment_bytes)
    throw new HttpError(413, 'file_too_large', `This file is too large. The limit is ${Math.round(s.max_attachment_bytes / 1048576)} MB.`, 'dataBase64');
  const type = sniffType(data);
  if (!type) throw new HttpError(415, 'unsupported_file_type', 'Only PDF, JPEG and PNG files can be attached.', 'dataBase64');
  const filename = safeFilename(input.filename, type);
  const row = await db.tx(async (q) => {
    const [r] = await q.query<{ id: string }>(
      `insert into msg_attachment (org_id, uploaded_by, patient_id, filename, content_type, size_bytes, sha256, data)
       values ($1,$2,$3,$4,$5,$6,$7,$8) returning id`,
      [actor.orgId, actor.userId, actor.patientId, filename, type, data.length, createHash('sha256').update(data).digest('hex'), data]);
    await audit(q, { actor, patientId: actor.patientId, action: 'create', resourceType: 'MessageAttachment', resourceId: r.id, ip });
    return r;
  });
  return { id: row.id, filename, contentType: type, size: data.length, url: `/api/attachments/${row.id}` };
}

/**
 * A file, if the actor may see it: their own unsent upload, or a file on a message in a conversation they reach.
 * A patient never gets a file from an internal note. Everything else is 404.
 */
export async function downloadAttachment(db: Db, actor: Actor, ip: string, id: string) {
  if (!isUuid(id)) throw notFound('This file');
  const [a] = await db.query<{ id: string; org_id: string; uploaded_by: string; thread_id: string | null; message_id: string | null; filename: string;
    content_type: string; data: Buffer | Uint8Array; kind: string | null }>(
    `select a.id, a.org_id, a.uploaded_by, a.thread_id, a.message_id, a.filename, a.content_type, a.data, m.kind
       from msg_attachment a left join msg_message m on m.id = a.message_id where a.id = $1`, [id]);
  if (!a) throw notFound('This file');
  let patientId: string | null = null;
  if (a.message_id === null || a.thread_id === null) {
    if (a.uploaded_by !== actor.userId) throw notFound('This file');
  } else {
    const t = await findThread(db, actor, a.thread_id);
    if (!t || (!seesInternalNotes(actor) && a.kind === 'internal_note')) throw notFound('This file');
    patientId = t.patient_id;
  }
  await auditRead(db, { actor, patientId, action: 'read', resourceType: 'MessageAttachment', resourceId: a.id, ip });
  return { filename: a.filename, contentType: a.content_type, data: Buffer.from(a.data) };
}
