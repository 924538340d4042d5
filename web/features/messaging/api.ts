import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { intlTag } from '../../i18n';

// Shapes of the messaging API (server/features/messaging/presenters.ts) and small shared hooks.

export type Person = { displayName: string; credentials: string | null; role: string };
export type Category = { code: string; label: string; description: string; whoHandles: string; poolName: string; expectedReply: string; targetBusinessHours: number };
export type Provider = { id: string; displayName: string; instructions: string | null; isMyProvider: boolean };
export type ComposerInfo = {
  clinic: { id: string; name: string; phoneMain: string | null; phoneNurseLine: string | null } | null;
  clinics: { id: string; name: string }[]; categories: Category[]; providers: Provider[];
  limits: { maxBodyChars: number; maxAttachmentBytes: number; allowedTypes: string[]; reopenWindowDays: number }; urgent: string;
};
export type Attachment = { id: string; filename: string; contentType: string; size: number; url: string };
export type MessageStatus = { sentAt: string; receivedBy: string; readBy: (Person & { at: string }) | null; answeredAt: string | null };
export type Message = { id: string; kind: 'patient' | 'staff_reply' | 'internal_note' | 'phone_encounter'; body: string; createdAt: string; author: Person;
  attachments: Attachment[]; status?: MessageStatus;
  /** Written by a proxy: whom for (byline "Ben Carter for Ava Thompson"). */
  onBehalfOf?: { patientName: string; relationship: string | null }; byline?: string };
export type ThreadEvent = { kind: string; at: string; actor: Person | null; poolName: string | null; text: string };
export type ThreadSummary = {
  id: string; subject: string; category: { code: string; label: string }; status: 'open' | 'answered' | 'closed'; statusText: string;
  clinic: { id: string; name: string }; pool: { id: string; name: string }; assignee: { id: string; displayName: string } | null;
  provider: { id: string; displayName: string } | null; patient: { id: string; name: string; mrn?: string; language?: 'English' | 'Spanish' }; priority: number; createdAt: string;
  lastMessageAt: string; dueAt: string | null; overdue: boolean; escalated: boolean; escalatedAt: string | null; linkedThreadId: string | null;
  resolution: string | null; closedAt: string | null; unread?: boolean; preview?: string | null;
};
export type ThreadDetail = { thread: ThreadSummary; status: string; statusText: string; messages: Message[]; events: ThreadEvent[]; canReply: boolean; canReopen: boolean };
export type Draft = { key: string; subject: string; body: string; category: string | null; clinicId: string | null; providerId: string | null };

// In the page's language: "Thu, Mar 5, 2:30 PM" / "jue, 5 mar, 2:30 p.m." (always 12-hour).
export const formatTime = (iso: string) =>
  new Date(iso).toLocaleString(intlTag(), { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true });

/** Refreshes conversation data when the server says something changed (server-sent events; ids only). */
export function useLiveUpdates() {
  const qc = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const es = new EventSource('/api/events');
    es.addEventListener('thread', (e) => {
      const { threadId } = JSON.parse((e as MessageEvent<string>).data) as { threadId: string };
      void qc.invalidateQueries({ queryKey: ['thread', threadId] });
      void qc.invalidateQueries({ queryKey: ['threads'] });
      void qc.invalidateQueries({ queryKey: ['inbasket'] });
    });
    return () => es.close();
  }, [qc]);
}

/**
 * Saves a draft on the server shortly after typing stops, so closing the tab loses nothing: words typed in the last moment
 * before the tab closes, the page is hidden or the person navigates away are sent right then (fetch keepalive).
 * `settle(value)` says "the server already has this (or the message was sent)": pending and closing saves are skipped,
 * so a sent message never comes back as a draft.
 */
export function useDraft(key: string, value: Omit<Draft, 'key'>, enabled: boolean) {
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const last = useRef('');
  const timer = useRef<number | undefined>(undefined);
  const latest = useRef({ key, value, enabled });
  latest.current = { key, value, enabled };
  useEffect(() => {
    if (!enabled) return;
    const snapshot = JSON.stringify(value);
    if (snapshot === last.current) return;
    timer.current = window.setTimeout(() => {
      last.current = snapshot;
      api(`/api/drafts/${key}`, { method: 'PUT', body: value }).then(() => setSavedAt(new Date())).catch(() => undefined);
    }, 800);
    return () => window.clearTimeout(timer.current);
  }, [key, value, enabled]);
  useEffect(() => {
    const flush = () => {
      const { key: k, value: v, enabled: on } = latest.current;
      const snapshot = JSON.stringify(v);
      if (!on || snapshot === last.current) return;
      window.clearTimeout(timer.current);
      last.current = snapshot;
      void fetch(`/api/drafts/${k}`, { method: 'PUT', keepalive: true, credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: snapshot })
        .catch(() => undefined);
    };
    const onHidden = () => { if (document.visibilityState === 'hidden') flush(); };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onHidden);
      flush();
    };
  }, []);
  const settle = useCallback((v: Omit<Draft, 'key'>) => {
    window.clearTimeout(timer.current);
    last.current = JSON.stringify(v);
  }, []);
  return { savedAt, settle };
}

export async function readAsBase64(file: File): Promise<string> {
  const buf = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  for (let i = 0; i < buf.length; i += 0x8000) bin += String.fromCharCode(...buf.subarray(i, i + 0x8000));
  return btoa(bin);
}
