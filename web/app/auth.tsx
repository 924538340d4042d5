import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, onSignedOut } from '../api/client';
import type { User } from '../api/types';

type AuthState = {
  user: User | null;
  loading: boolean;
  signedOutReason: string | null;
  signIn: (email: string, password: string) => Promise<User>;
  signOut: () => Promise<void>;
  /** Re-reads the signed-in user (e.g. after switching to a record one has proxy access to). */
  refresh: () => Promise<void>;
};

const Ctx = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(true);
  const [signedOutReason, setReason] = useState<string | null>(null);

  useEffect(() => {
    api<{ user: User }>('/api/me').then((r) => setUser(r.user)).catch(() => setUser(null)).finally(() => setLoading(false));
    return onSignedOut((code) => {
      setUser(null);
      setReason(code === 'session_expired' ? 'timeout' : 'signed-out');
    });
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const r = await api<{ user: User }>('/api/auth/login', { method: 'POST', body: { email, password } });
    setReason(null);
    setUser(r.user);
    return r.user;
  }, []);

  const signOut = useCallback(async () => {
    await api('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
    setUser(null);
    setReason('signed-out');
  }, []);

  const refresh = useCallback(async () => {
    const r = await api<{ user: User }>('/api/me');
    setUser(r.user);
  }, []);

  return <Ctx.Provider value={{ user, loading, signedOutReason, signIn, signOut, refresh }}>{children}</Ctx.Provider>;
}

export function useAuth(): AuthState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}

/** Signs the user out on the client after the server's idle timeout, so a shared screen does not stay open. */
export function useIdleSignOut(minutes = 15) {
  const { user } = useAuth();
  useEffect(() => {
    if (!user) return;
    let timer = 0;
    const reset = () => {
      window.clearTimeout(timer);
      // One request after the idle period gets the server's 401 session_expired, which signs the app out with the reason.
      timer = window.setTimeout(() => void api('/api/me').catch(() => undefined), minutes * 60_000 + 2_000);
    };
    const events = ['pointerdown', 'keydown', 'scroll'] as const;
    events.forEach((e) => window.addEventListener(e, reset, { passive: true }));
    reset();
    return () => {
      window.clearTimeout(timer);
      events.forEach((e) => window.removeEventListener(e, reset));
    };
  }, [user, minutes]);
}
