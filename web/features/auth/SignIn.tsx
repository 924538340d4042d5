import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { useAuth } from '../../app/auth';
import { UrgentHelp } from '../../components/Layout';

export function SignIn() {
  const { signIn, signedOutReason } = useAuth();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await signIn(email, password);
      navigate('/', { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'We could not reach Portico. Check your internet connection and try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <UrgentHelp />
      <main id="main" className="signin">
        <h1>Sign in to Portico</h1>
        <p className="lead">See your test results, message your care team, and manage appointments and bills.</p>
        {signedOutReason === 'timeout' && (
          <div className="notice" role="status">
            You were signed out because there was no activity for 15 minutes. This protects your health information. Please sign in again.
          </div>
        )}
        {signedOutReason === 'signed-out' && <div className="notice" role="status">You have signed out.</div>}
        <form onSubmit={submit} noValidate>
          {error && <div className="error" role="alert" id="signin-error">{error}</div>}
          <div className="field">
            <label htmlFor="email">Email</label>
            <input id="email" name="email" type="email" autoComplete="username" required value={email}
              onChange={(e) => setEmail(e.target.value)} aria-describedby={error ? 'signin-error' : undefined} />
          </div>
          <div className="field">
            <label htmlFor="password">Password</label>
            <input id="password" name="password" type="password" autoComplete="current-password" required value={password}
              onChange={(e) => setPassword(e.target.value)} />
          </div>
          <button className="button" type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
        </form>
        <p className="help">Forgot your password or need an account? Call the clinic at <a href="tel:+16155550100">615-555-0100</a>.</p>
      </main>
    </>
  );
}
