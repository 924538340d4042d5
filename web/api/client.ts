/** The one way the web app talks to the server: JSON in, JSON out, errors as ApiError with a readable message. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly field?: string) {
    super(message);
  }
}

type Listener = (code: string) => void;
const signedOutListeners = new Set<Listener>();
/** The app shell listens here to show the sign-in page (with the reason) when the session ends. */
export const onSignedOut = (l: Listener) => {
  signedOutListeners.add(l);
  return () => {
    signedOutListeners.delete(l);
  };
};

export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? 'GET',
    headers: init.body !== undefined ? { 'content-type': 'application/json' } : {},
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    credentials: 'same-origin',
    signal: init.signal,
  });
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const e = (data as { error?: { code?: string; message?: string; field?: string } }).error ?? {};
    if (res.status === 401 && path !== '/api/auth/login') signedOutListeners.forEach((l) => l(e.code ?? 'unauthorized'));
    throw new ApiError(res.status, e.code ?? 'error', e.message ?? 'Something went wrong. Please try again.', e.field);
  }
  return data as T;
}

export const newIdempotencyKey = () => crypto.randomUUID();
