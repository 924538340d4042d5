import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { api, onSignedOut } from '../api/client';
import type { User } from '../api/types';

type AuthState = {
  user: User | null;
  loading: boolean;
  /** 'timeout' (signed out after inactivity), 'signed-out' (pressed Sign out), or null (nothing to say, e.g. a first visit). */
  signedOutReason: string | null;
  /** The server's idle timeout (PORTICO_SESSION_IDLE_MINUTES), from /api/me; the browser's timer follows it. */
  idleTimeoutSeconds: number | null;
  /** mfaCode: the second step when the server answered mfa_required (a 6-digit code or a recovery code). */
  signIn: (email: string, password: string, mfaCode?: string) => Promise<User>;
  signOut: (reason?: 'signed-out' | 'timeout') => Promise<void>;
  /** Re-reads the signed-in user (e.g. after switching to a record one has proxy access to). */
  refresh: () => Promise<void>;
};

const Ctx = createContext<AuthState | null>(null);

/** Remembers, for this tab only, that the session ended for inactivity, so a reload of the sign-in page still says why. */
const REASON_KEY = 'portico.signedOutReason';
const rememberTimeout = (on: boolean) => {
  try {
    if (on) sessionStorage.setItem(REASON_KEY, 'timeout');
    else sessionStorage.removeItem(REASON_KEY);
  } catch { /* storage may be off */ }
};
const rememberedTimeout = () => {
  try { return sessionStorage.getItem(REASON_KEY) === 'timeout'; } catch { return false; }
};

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(true);
  const [signedOutReason, setReason] = useState<string | null>(null);
  const [idleTimeoutSeconds, setIdle] = useState<number | null>(null);
  const signedIn = useRef(false);
  signedIn.current = user !== null;

  useEffect(() => {
    api<{ user: User; session?: { idleTimeoutSeconds: number } }>('/api/me')
      .then((r) => {
        setUser(r.user);
        setIdle(r.session?.idleTimeoutSeconds ?? null);
      })
      .catch(() => {
        setUser(null);
        // A reload after an idle sign-out in this tab still explains it; anyone else (a first visit) is told nothing.
        setReason((r) => r ?? (rememberedTimeout() ? 'timeout' : null));
      }).finally(() => setLoading(false));
    return onSignedOut((code) => {
      // Say "signed out after inactivity" only when the server says that is what happened; a first-time visitor
      // (no session at all) is told nothing.
      const wasSignedIn = signedIn.current;
      setUser(null);
      if (code === 'session_expired') rememberTimeout(true);
      setReason(code === 'session_expired' ? 'timeout' : wasSignedIn ? 'signed-out' : rememberedTimeout() ? 'timeout' : null);
    });
  }, []);

  const signIn = useCallback(async (email: string, password: string, mfaCode?: string) => {
    const r = await api<{ user: User }>('/api/auth/login', { method: 'POST', body: { email, password, ...(mfaCode ? { mfaCode } : {}) } });
    setReason(null);
    rememberTimeout(false);
    setUser(r.user);
    // The idle timeout comes with the session (GET /api/me); without it the browser falls back to 15 minutes.
    api<{ session?: { idleTimeoutSeconds: number } }>('/api/me').then((m) => setIdle(m.session?.idleTimeoutSeconds ?? null)).catch(() => undefined);
    return r.user;
  }, []);

  const signOut = useCallback(async (reason: 'signed-out' | 'timeout' = 'signed-out') => {
    rememberTimeout(reason === 'timeout');
    await api('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
    setUser(null);
    setReason(reason);
  }, []);

  const refresh = useCallback(async () => {
    const r = await api<{ user: User }>('/api/me');
    setUser(r.user);
  }, []);

  return <Ctx.Provider value={{ user, loading, signedOutReason, idleTimeoutSeconds, signIn, signOut, refresh }}>{children}</Ctx.Provider>;
}

export function useAuth(): AuthState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}

/** How long before the idle sign-out the warning shows: 2 minutes, or a third of a short idle time (tests use 3 s). */
export const warningLeadMs = (idleMs: number) => Math.min(120_000, Math.round(idleMs / 3));

export type IdleState = { warning: boolean; secondsLeft: number; staySignedIn: () => void };

/**
 * The browser's idle timer follows the server's idle timeout (GET /api/me → session.idleTimeoutSeconds). Real activity
 * (typing, pointer, scrolling) restarts it and, now and then, tells the server (so its idle clock restarts too).
 * Shortly before the end a warning offers "Stay signed in"; at the end the app signs out and the sign-in page says why.
 */
export function useIdleSignOut(): IdleState {
  const { user, idleTimeoutSeconds, signOut } = useAuth();
  const idleMs = (idleTimeoutSeconds ?? 15 * 60) * 1000;
  const lead = warningLeadMs(idleMs);
  const [warning, setWarning] = useState(false);
  const [secondsLeft, setSecondsLeft] = useState(0);
  const last = useRef(Date.now());
  const lastPing = useRef(Date.now());
  const warningRef = useRef(false);
  warningRef.current = warning;

  const ping = useCallback(() => {
    lastPing.current = Date.now();
    // Any signed-in request restarts the server's idle clock; a 401 here signs the app out with the reason.
    void api('/api/me').catch(() => undefined);
  }, []);

  const staySignedIn = useCallback(() => {
    last.current = Date.now();
    setWarning(false);
    ping();
  }, [ping]);

  useEffect(() => {
    if (!user) return;
    last.current = Date.now();
    lastPing.current = Date.now();
    setWarning(false);
    // The server restarts its idle clock at most every 30 s (platform/auth/sessions.ts), so on a real idle time the
    // browser counts from its last request less that slack, and tells the server about activity every minute or so.
    const slack = idleMs >= 120_000 ? 30_000 : 0;
    const pingEvery = Math.min(60_000, idleMs / 6);
    const onActivity = () => {
      // While the warning shows, only its button keeps the session (a stray mouse move should not hide it unseen).
      if (warningRef.current) return;
      last.current = Date.now();
      if (Date.now() - lastPing.current > pingEvery) ping();
    };
    const events = ['pointerdown', 'keydown', 'scroll', 'wheel', 'touchstart', 'input'] as const;
    events.forEach((e) => window.addEventListener(e, onActivity, { passive: true, capture: true }));
    const tick = window.setInterval(() => {
      const left = Math.min(last.current + idleMs, lastPing.current + idleMs - slack) - Date.now();
      if (left <= 0) {
        window.clearInterval(tick);
        void signOut('timeout');
        return;
      }
      if (left <= lead) {
        setWarning(true);
        setSecondsLeft(Math.ceil(left / 1000));
      } else if (warningRef.current) setWarning(false);
    }, Math.min(1000, Math.max(250, Math.round(lead / 4))));
    return () => {
      window.clearInterval(tick);
      events.forEach((e) => window.removeEventListener(e, onActivity, { capture: true }));
    };
  }, [user, idleMs, lead, signOut, ping]);

  return { warning, secondsLeft, staySignedIn };
}
