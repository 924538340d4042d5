import { useEffect, useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import QRCode from 'qrcode';
import { ApiError, api } from '../../api/client';
import { useAuth } from '../../app/auth';
import { formatDate } from '../../i18n/format';
import './security.css';

type MfaStatus = { enabled: boolean; enabledAt: string | null; recoveryCodesLeft: number; required: boolean };
type Setup = { secret: string; otpauthUrl: string };

const message = (e: unknown, fallback: string) => (e instanceof ApiError ? e.message : fallback);
/** The secret in groups of four, easier to type into an app by hand. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

/** "Sign-in security": two-step sign-in (an authenticator app + recovery codes) and the password, for every user. */
export function SecurityPage() {
  const { t } = useTranslation('security');
  const { user, refresh } = useAuth();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const status = useQuery({ queryKey: ['mfa'], queryFn: () => api<MfaStatus>('/api/auth/mfa') });
  const [setup, setSetup] = useState<Setup | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mustEnroll = !!user?.mfaEnrollmentRequired;

  useEffect(() => {
    if (!setup) return setQr(null);
    let live = true;
    QRCode.toDataURL(setup.otpauthUrl, { margin: 2, width: 220 }).then((url) => live && setQr(url), () => live && setQr(null));
    return () => { live = false; };
  }, [setup]);

  async function run<T>(f: () => Promise<T>): Promise<T | undefined> {
    setError(null);
    setBusy(true);
    try {
      return await f();
    } catch (e) {
      setError(message(e, t('genericError')));
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  const start = () => run(async () => setSetup(await api<Setup>('/api/auth/mfa/totp/setup', { method: 'POST', body: {} })));
  const finished = async () => {
    setCodes(null);
    await qc.invalidateQueries({ queryKey: ['mfa'] });
    if (mustEnroll) {
      await refresh();
      navigate('/', { replace: true });
    }
  };

  const s = status.data;
  return (
    <div className="page security">
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      {mustEnroll && <div className="warning" role="status">{t('requiredNotice')}</div>}
      {error && <div className="error" role="alert">{error}</div>}

      <section aria-labelledby="mfa-h" className="panel">
        <h2 id="mfa-h">{t('mfa.heading')}</h2>
        {status.isLoading && <p role="status">{t('common:loading')}</p>}
        {codes ? (
          <RecoveryCodes codes={codes} onDone={() => void finished()} />
        ) : s?.enabled ? (
          <Enabled status={s} busy={busy} run={run} onCodes={setCodes} onOff={() => void qc.invalidateQueries({ queryKey: ['mfa'] })} />
        ) : setup ? (
          <Enroll setup={setup} qr={qr} busy={busy} run={run} onCodes={(c) => { setSetup(null); setCodes(c); }} />
        ) : s ? (
          <>
            <p><strong>{t('mfa.off')}</strong> {t('mfa.explain')}</p>
            <button type="button" className="button" onClick={() => void start()} disabled={busy}>{t('mfa.setUp')}</button>
          </>
        ) : null}
      </section>

      {!mustEnroll && <ChangePassword />}
    </div>
  );
}

type Run = <T>(f: () => Promise<T>) => Promise<T | undefined>;

function Enroll({ setup, qr, busy, run, onCodes }: { setup: Setup; qr: string | null; busy: boolean; run: Run; onCodes: (c: string[]) => void }) {
  const { t } = useTranslation('security');
  const [code, setCode] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await run(() => api<{ recoveryCodes: string[] }>('/api/auth/mfa/totp/enable', { method: 'POST', body: { code: code.replace(/\s/g, '') } }));
    if (r) onCodes(r.recoveryCodes);
    else setCode('');
  };
  return (
    <ol className="steps">
      <li>{t('enroll.step1')}</li>
      <li>
        {t('enroll.step2')}
        <div className="qr">{qr ? <img src={qr} alt={t('enroll.qrAlt')} width={220} height={220} /> : <span role="status">{t('common:loading')}</span>}</div>
        <p className="hint">{t('enroll.manual')} <code className="secret" data-testid="totp-secret">{grouped(setup.secret)}</code></p>
      </li>
      <li>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <div className="field">
            <label htmlFor="enroll-code">{t('enroll.codeLabel')}</label>
            <span className="hint" id="enroll-code-hint">{t('enroll.codeHint')}</span>
            <input id="enroll-code" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)}
              aria-describedby="enroll-code-hint" required />
          </div>
          <button className="button" type="submit" disabled={busy}>{t('enroll.turnOn')}</button>
        </form>
      </li>
    </ol>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation('security');
  return (
    <div>
      <p className="notice" role="status"><strong>{t('codes.on')}</strong></p>
      <h3>{t('codes.heading')}</h3>
      <p>{t('codes.explain')}</p>
      <ol className="recovery-codes" aria-label={t('codes.heading')}>
        {codes.map((c) => <li key={c}><code>{c}</code></li>)}
      </ol>
      <button type="button" className="button" onClick={onDone}>{t('codes.saved')}</button>
    </div>
  );
}

function Enabled({ status, busy, run, onCodes, onOff }: { status: MfaStatus; busy: boolean; run: Run; onCodes: (c: string[]) => void; onOff: () => void }) {
  const { t } = useTranslation('security');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const newCodes = async (e: FormEvent) => {
    e.preventDefault();
    const r = await run(() => api<{ recoveryCodes: string[] }>('/api/auth/mfa/recovery-codes', { method: 'POST', body: { code: code.replace(/\s/g, '') } }));
    setCode('');
    if (r) onCodes(r.recoveryCodes);
  };
  const turnOff = async (e: FormEvent) => {
    e.preventDefault();
    const r = await run(async () => { await api('/api/auth/mfa/totp/disable', { method: 'POST', body: { password } }); return true; });
    setPassword('');
    if (r) onOff();
  };
  return (
    <>
      <p><strong>{t('mfa.on')}</strong> {status.enabledAt ? t('mfa.since', { date: formatDate(status.enabledAt) }) : null}</p>
      <p>{t('mfa.codesLeft', { count: status.recoveryCodesLeft })}</p>
      <form onSubmit={(e) => void newCodes(e)} noValidate>
        <h3>{t('newCodes.heading')}</h3>
        <div className="field">
          <label htmlFor="new-codes-code">{t('newCodes.codeLabel')}</label>
          <input id="new-codes-code" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} required />
        </div>
        <button className="button secondary" type="submit" disabled={busy}>{t('newCodes.button')}</button>
      </form>
      {status.required ? (
        <p className="hint">{t('off.required')}</p>
      ) : (
        <form onSubmit={(e) => void turnOff(e)} noValidate>
          <h3>{t('off.heading')}</h3>
          <div className="field">
            <label htmlFor="off-password">{t('off.passwordLabel')}</label>
            <input id="off-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          </div>
          <button className="button secondary" type="submit" disabled={busy}>{t('off.button')}</button>
        </form>
      )}
    </>
  );
}

function ChangePassword() {
  const { t } = useTranslation('security');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<{ text: string; field?: string } | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(false);
    setBusy(true);
    try {
      await api('/api/auth/password', { method: 'POST', body: { currentPassword: current, newPassword: next } });
      setDone(true);
      setCurrent('');
      setNext('');
    } catch (err) {
      setError({ text: message(err, t('genericError')), field: err instanceof ApiError ? err.field : undefined });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="pw-h" className="panel">
      <h2 id="pw-h">{t('password.heading')}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {error && <div className="error" role="alert" id="pw-error">{error.text}</div>}
        {done && <div className="notice" role="status">{t('password.done')}</div>}
        <div className="field">
          <label htmlFor="pw-current">{t('password.current')}</label>
          <input id="pw-current" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required
            aria-invalid={error?.field === 'currentPassword' || undefined} aria-describedby={error?.field === 'currentPassword' ? 'pw-error' : undefined} />
        </div>
        <div className="field">
          <label htmlFor="pw-new">{t('password.new')}</label>
          <span className="hint" id="pw-new-hint">{t('password.newHint')}</span>
          <input id="pw-new" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} required
            aria-invalid={error?.field === 'newPassword' || undefined} aria-describedby={error?.field === 'newPassword' ? 'pw-new-hint pw-error' : 'pw-new-hint'} />
        </div>
        <button className="button" type="submit" disabled={busy}>{t('password.button')}</button>
      </form>
    </section>
  );
}
