import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import '../billing/billing.css';

export type Clinician = {
  id: string; name: string; displayName: string; credentials: string | null; specialties: string[]; languages: string[];
  gender: string | null; acceptingNewPatients: boolean; photoUrl: string | null; initials: string; clinics: string[];
};
type Filters = {
  specialties: string[]; languages: string[]; clinics: { id: string; name: string }[]; locations: { id: string; name: string }[];
  genders: { value: string; label: string }[];
};
const KEYS = ['q', 'specialty', 'clinicId', 'locationId', 'language', 'gender', 'accepting'] as const;

export function Avatar({ c, small }: { c: Pick<Clinician, 'initials' | 'photoUrl' | 'name'>; small?: boolean }) {
  if (c.photoUrl) return <img src={c.photoUrl} alt="" className={`avatar ${small ? 'small' : ''}`} />;
  return <span className={`avatar ${small ? 'small' : ''}`} aria-hidden="true">{c.initials}</span>;
}

/** Find a doctor: search by name or specialty (typos are forgiven), with filters kept in the address so Back works. */
export function FindDoctor() {
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const filters = useQuery({ queryKey: ['directory', 'filters'], queryFn: () => api<Filters>('/api/directory/filters') });
  const qs = new URLSearchParams();
  for (const k of KEYS) { const v = params.get(k); if (v) qs.set(k, v); }
  const results = useQuery({
    queryKey: ['directory', 'clinicians', qs.toString()],
    queryFn: () => api<{ query: { words: string[]; fuzzy: boolean }; clinicians: Clinician[] }>(`/api/directory/clinicians?${qs}`),
  });
  const setParam = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v); else next.delete(k);
    setParams(next, { replace: true });
  };
  const submit = (e: FormEvent) => { e.preventDefault(); setParam('q', text.trim()); };
  const select = (k: string, label: string, options: { value: string; label: string }[]) => (
    <div className="field">
      <label htmlFor={`f-${k}`}>{label}</label>
      <select id={`f-${k}`} value={params.get(k) ?? ''} onChange={(e) => setParam(k, e.target.value)}>
        <option value="">Any</option>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  );
  const f = filters.data;
  const n = results.data?.clinicians.length ?? 0;
  return (
    <div className="page">
      <h1>Find a doctor</h1>
      <form role="search" aria-label="Find a doctor" onSubmit={submit}>
        <div className="field">
          <label htmlFor="doc-q">Name or specialty</label>
          <input id="doc-q" type="search" value={text} onChange={(e) => setText(e.target.value)} aria-describedby="doc-q-hint" />
          <span id="doc-q-hint" className="hint">For example “Okafor”, “kidney” or “eye”. Close spellings work too.</span>
        </div>
        <div className="filters">
          {select('specialty', 'Specialty', (f?.specialties ?? []).map((s) => ({ value: s, label: s })))}
          {select('language', 'Speaks', (f?.languages ?? []).map((s) => ({ value: s, label: s })))}
          {select('clinicId', 'Clinic', (f?.clinics ?? []).map((c) => ({ value: c.id, label: c.name })))}
          {select('locationId', 'Location', (f?.locations ?? []).map((c) => ({ value: c.id, label: c.name })))}
          {select('gender', 'Gender', (f?.genders ?? []).map((g) => ({ value: g.value, label: g.label })))}
          <div className="check">
            <input id="f-accepting" type="checkbox" checked={params.get('accepting') === 'true'} onChange={(e) => setParam('accepting', e.target.checked ? 'true' : '')} />
            <label htmlFor="f-accepting">Only those taking new patients</label>
          </div>
        </div>
        <div className="actions">
          <button type="submit" className="button">Search</button>
          <button type="button" className="button secondary" onClick={() => { setText(''); setParams(new URLSearchParams(), { replace: true }); }}>Clear all</button>
        </div>
      </form>
      <section aria-labelledby="results-h">
        <h2 id="results-h">Results</h2>
        <p role="status">
          {results.isLoading ? 'Searching…' : results.isError ? '' : n === 0 ? 'No clinicians match. Try fewer words or fewer filters.'
            : `${n} ${n === 1 ? 'clinician' : 'clinicians'} found.${results.data?.query.fuzzy ? ' No exact match, so these are the closest spellings.' : ''}`}
        </p>
        {results.isError && <p className="error" role="alert">The search did not work. Please try again.</p>}
        <ul className="cards">
          {results.data?.clinicians.map((c) => (
            <li key={c.id} className="card person">
              <Avatar c={c} small />
              <div>
                <h3><Link to={`/find-a-doctor/${c.id}`}>{c.displayName}</Link></h3>
                <p>{c.specialties.join(', ')}</p>
                <p>{c.clinics.join(', ')}</p>
                <p>Speaks {c.languages.join(', ')}</p>
                <p>{c.acceptingNewPatients ? 'Taking new patients' : 'Not taking new patients'}</p>
              </div>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
