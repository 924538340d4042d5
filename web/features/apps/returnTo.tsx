import type { ReactNode } from 'react';
import { Navigate } from 'react-router';

// An app's consent page opened while signed out: after signing in (with MFA when asked), the person lands back on it.
const KEY = 'portico.apps.returnTo';
const CONSENT = /^\/apps\/authorize\/[A-Za-z0-9_-]+$/;
const TEN_MINUTES = 10 * 60_000;

/** Called where the app sends signed-out people to the sign-in page; remembers only app consent pages. */
export function rememberReturn(pathname: string): undefined {
  try {
    if (CONSENT.test(pathname)) sessionStorage.setItem(KEY, JSON.stringify({ path: pathname, at: Date.now() }));
  } catch { /* storage may be off: the person starts again from the app */ }
  return undefined;
}

function pending(): string | null {
  try {
    const v = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as { path?: string; at?: number } | null;
    if (v?.path && CONSENT.test(v.path) && typeof v.at === 'number' && Date.now() - v.at < TEN_MINUTES) return v.path;
  } catch { /* ignore */ }
  return null;
}

/** The consent page clears the note once it is shown. */
export function clearReturn() {
  try { sessionStorage.removeItem(KEY); } catch { /* ignore */ }
}

/** Wraps the home page: right after sign-in, go back to the app's consent page if one was waiting. */
export function ReturnAfterSignIn({ children }: { children: ReactNode }) {
  const path = pending();
  return path ? <Navigate to={path} replace /> : <>{children}</>;
}
