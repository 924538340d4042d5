import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError, newIdempotencyKey } from '../../api/client';
import { GuideLink } from '../guide/routes';
import { looksUrgent } from '../../../shared/messaging/emergency';
import { useDraft, type Attachment, type ComposerInfo, type Draft, type ThreadSummary } from './api';
import { AttachmentPicker, CharCounter, EmergencyWarning } from './parts';
import './messaging.css';
import { useTranslation } from 'react-i18next';
import { formatTime as formatClockTime } from '../../i18n/format';

/** New conversation: what it is about, who will read it, when to expect a reply, then the message itself. */
export function Composer() {
  const [params] = useSearchParams();
  const linked = params.get('linked');
  const followUp = params.get('followUp');
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { t, i18n } = useTranslation(['messaging', 'common']);
  const [clinicId, setClinicId] = useState<string | undefined>();
  const info = useQuery({ queryKey: ['composer', clinicId, i18n.language], queryFn: () => api<ComposerInfo>(`/api/messaging/categories${clinicId ? `?clinicId=${clinicId}` : ''}`) });
  // Links from elsewhere in the portal say what the message is about: "Ask about this" (?about=), a clinician's profile
  // (?providerId=), a bill (?category=billing&about=Statement …). They win over an older draft.
  // "Ask about this" passes its reference in navigation state (kept out of the address); other links use ?about=.
  const location = useLocation();
  const about = ((location.state as { about?: string } | null)?.about ?? params.get('about') ?? '').slice(0, 200);
  const fromLink = { category: params.get('category') ?? '', providerId: params.get('providerId') ?? '' };
  const [category, setCategory] = useState(followUp ? 'home_readings' : fromLink.category);
  const [providerId, setProviderId] = useState(fromLink.providerId);
  const [subject, setSubject] = useState(about);
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<Attachment[]>([]);
  const [ack, setAck] = useState(false);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [sending, setSending] = useState(false);
  const [loaded, setLoaded] = useState(false);
  // One key per message being written: a double click or a retry after a timeout sends it once.
  const key = useRef(newIdempotencyKey());
  const ids = { subject: useId(), body: useId(), counter: useId(), provider: useId(), clinic: useId() };

  useEffect(() => {
    api<{ draft: Draft | null }>('/api/drafts/new').then(({ draft }) => {
      if (draft) {
        if (!about) setSubject(draft.subject);
        setBody(draft.body);
        if (draft.category && !followUp && !fromLink.category) setCategory(draft.category);
        if (draft.providerId && !fromLink.providerId) setProviderId(draft.providerId);
      }
    }).catch(() => undefined).finally(() => setLoaded(true));
  }, [followUp]);
  const draftValue = useMemo(() => ({ subject, body, category: category || null, clinicId: clinicId ?? null, providerId: providerId || null }),
    [subject, body, category, clinicId, providerId]);
  const { savedAt, settle } = useDraft('new', draftValue, loaded);

  const data = info.data;
  // A link may name a category or clinician this patient cannot use: fall back to choosing, never to a failed send.
  useEffect(() => {
    if (!data) return;
    if (category && !data.categories.some((c) => c.code === category)) setCategory('');
    if (providerId && !data.providers.some((p) => p.id === providerId)) setProviderId('');
  }, [data, category, providerId]);
  const chosen = data?.categories.find((c) => c.code === category);
  const provider = data?.providers.find((p) => p.id === providerId) ?? data?.providers.find((p) => p.isMyProvider);
  const max = data?.limits.maxBodyChars ?? 5000;
  const urgent = looksUrgent(`${subject} ${body}`);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!category) return setError({ message: t('compose.chooseAbout'), field: 'category' });
    if (!subject.trim()) return setError({ message: t('compose.addSubject'), field: 'subject' });
    if (!body.trim()) return setError({ message: t('compose.writeFirst'), field: 'body' });
    if (body.length > max) return setError({ message: t('compose.tooLong', { max }), field: 'body' });
    if (urgent && !ack) return setError({ message: t('compose.readWarning'), field: 'ack' });
    setSending(true);
    // Sending removes the draft on the server; a save still waiting must not bring it back.
    settle(draftValue);
    try {
      const r = await api<{ thread: ThreadSummary }>('/api/threads', {
        method: 'POST',
        body: { category, subject, body, clinicId, providerId: providerId || undefined, idempotencyKey: key.current, attachmentIds: files.map((f) => f.id),
          linkedThreadId: linked ?? undefined, followUpId: followUp ?? undefined, urgentAcknowledged: urgent ? ack : undefined },
      });
      key.current = newIdempotencyKey();
      void qc.invalidateQueries({ queryKey: ['threads'] });
      navigate(`/messages/${r.thread.id}`, { state: { sent: true } });
    } catch (err) {
      setError(err instanceof ApiError ? { message: err.message, field: err.field } : { message: t('compose.notSent') });
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="page messaging">
      <h1>{t('compose.title')}</h1>
      <p><Link to="/messages">{t('compose.back')}</Link></p>
      <GuideLink />
      <div className="warning urgent-box">
        <h2>{t('compose.urgentTitle')}</h2>
        <p><strong>{t('compose.noEmergencies')}</strong> {t('compose.urgentCall')}
          {data?.clinic?.phoneNurseLine ? <> {t('compose.at')} <a href={`tel:${data.clinic.phoneNurseLine.replace(/[^+\d]/g, '')}`}>{data.clinic.phoneNurseLine.replace('+1-', '')}</a></> : null}.
          {' '}{t('compose.readDuringHours')}</p>
      </div>
      {linked && <p className="notice">{t('compose.linked')}</p>}
      {info.isLoading && <p role="status">{t('common:loading')}</p>}
      {info.isError && <p className="error" role="alert">{t('compose.loadError')}</p>}
      {data && (
        <form onSubmit={submit} noValidate>
          {data.clinics.length > 1 && (
            <div className="field">
              <label htmlFor={ids.clinic}>{t('compose.clinic')}</label>
              <select id={ids.clinic} value={clinicId ?? data.clinic?.id ?? ''} onChange={(e) => { setClinicId(e.target.value); setCategory(''); }}>
                {data.clinics.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
              </select>
            </div>
          )}
          <fieldset className="categories" aria-describedby={error?.field === 'category' ? 'compose-error' : undefined}>
            <legend>{t('compose.about')}</legend>
            {data.categories.map((c) => (
              <label key={c.code} className="category-option">
                <input type="radio" name="category" value={c.code} checked={category === c.code} onChange={() => setCategory(c.code)} />
                <span><strong>{c.label}</strong><br /><span className="hint">{c.description}</span></span>
              </label>
            ))}
          </fieldset>
          {chosen && (
            <div className="notice who-handles" aria-live="polite">
              <p><strong>{t('compose.whoReads')}</strong> {chosen.whoHandles}</p>
              <p><strong>{t('compose.whenReply')}</strong> {chosen.expectedReply}</p>
            </div>
          )}
          {data.providers.length > 0 && (
            <div className="field">
              <label htmlFor={ids.provider}>{t('compose.doctor')}</label>
              <select id={ids.provider} value={providerId} onChange={(e) => setProviderId(e.target.value)}>
                <option value="">{t('compose.clinicTeam')}</option>
                {data.providers.map((p) => <option key={p.id} value={p.id}>{p.isMyProvider ? t('compose.yourDoctor', { name: p.displayName }) : p.displayName}</option>)}
              </select>
            </div>
          )}
          {provider?.instructions && (
            <div className="notice"><p><strong>{t('compose.says', { name: provider.displayName })}</strong> “{provider.instructions}”</p></div>
          )}
          <div className="field">
            <label htmlFor={ids.subject}>{t('compose.subject')}</label>
            <input id={ids.subject} value={subject} maxLength={200} onChange={(e) => setSubject(e.target.value)} aria-invalid={error?.field === 'subject'} />
          </div>
          <div className="field wide">
            <label htmlFor={ids.body}>{t('compose.message')}</label>
            <textarea id={ids.body} value={body} rows={8} onChange={(e) => setBody(e.target.value)} aria-describedby={ids.counter} aria-invalid={error?.field === 'body'} />
            <CharCounter id={ids.counter} length={body.length} max={max} />
          </div>
          <EmergencyWarning text={`${subject} ${body}`} acknowledged={ack} onAcknowledge={setAck} nurseLine={data.clinic?.phoneNurseLine} />
          <AttachmentPicker files={files} onChange={setFiles} maxBytes={data.limits.maxAttachmentBytes} />
          {error && <p id="compose-error" className="error" role="alert">{error.message}</p>}
          <p className="actions">
            <button className="button" type="submit" disabled={sending}>{sending ? t('compose.sending') : t('compose.send')}</button>
            <span className="hint" role="status">{savedAt ? t('compose.draftSaved', { time: formatClockTime(savedAt) }) : ''}</span>
          </p>
        </form>
      )}
    </div>
  );
}
