import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../../api/client';
import type { ProxyInfo } from './RecordSwitcher';

/** A patient lets a family member or caregiver see their record and act for them, and can take it back at any time. */
export function ShareAccess() {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['proxy'], queryFn: () => api<ProxyInfo>('/api/proxy') });
  const [email, setEmail] = useState('');
  const [relationship, setRelationship] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const grant = useMutation({
    mutationFn: () => api('/api/proxy/grants', { method: 'POST', body: { email, relationship } }),
    onSuccess: () => {
      setDone(`${email} can now see your record.`);
      setEmail('');
      setRelationship('');
      setError(null);
      void qc.invalidateQueries({ queryKey: ['proxy'] });
    },
    onError: (e) => setError(e instanceof ApiError ? e.message : 'Something went wrong. Please try again.'),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/api/proxy/grants/${id}`, { method: 'DELETE' }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['proxy'] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    grant.mutate();
  };
  const acting = q.data && q.data.actingPatientId !== q.data.ownPatientId;
  return (
    <div className="page">
      <h1>Share access to your record</h1>
      <p className="lead">A family member or caregiver with their own Portico account can see your record, send messages and make requests for you.
        Everything they do is recorded under their name. You can stop it at any time.</p>
      {acting && <p className="notice">You are viewing someone else's record. Switch back to your own record to share it.</p>}
      <section aria-labelledby="given-h">
        <h2 id="given-h">People who can see your record</h2>
        {q.data?.given.length === 0 && <p>No one else can see your record.</p>}
        <ul className="plain">
          {q.data?.given.map((g) => (
            <li key={g.id} className="card">
              <strong>{g.granteeName}</strong> ({g.relationship}) since {new Date(g.createdAt).toLocaleDateString()}{' '}
              <button type="button" className="button secondary" onClick={() => revoke.mutate(g.id)}>Stop sharing with {g.granteeName}</button>
            </li>
          ))}
        </ul>
      </section>
      {!acting && (
        <section aria-labelledby="add-h">
          <h2 id="add-h">Give someone access</h2>
          <form onSubmit={submit} noValidate>
            {error && <div className="error" role="alert">{error}</div>}
            {done && <div className="notice" role="status">{done}</div>}
            <div className="field">
              <label htmlFor="proxy-email">Their Portico email</label>
              <input id="proxy-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
            </div>
            <div className="field">
              <label htmlFor="proxy-rel">How are they related to you?</label>
              <span className="hint" id="proxy-rel-hint">For example: daughter, husband, caregiver</span>
              <input id="proxy-rel" value={relationship} onChange={(e) => setRelationship(e.target.value)} aria-describedby="proxy-rel-hint" required />
            </div>
            <button className="button" type="submit" disabled={grant.isPending}>Give access</button>
          </form>
        </section>
      )}
      {q.data && q.data.received.length > 0 && (
        <section aria-labelledby="recv-h">
          <h2 id="recv-h">Records you can see</h2>
          <ul className="plain">
            {q.data.received.map((g) => <li key={g.id}>{g.patientName} ({g.relationship}) — choose it at the top of the page to view it.</li>)}
          </ul>
        </section>
      )}
    </div>
  );
}
