import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import '../billing/billing.css';
import { useTranslation } from 'react-i18next';

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
  const { t } = useTranslation('directory');
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
        <option value="">{t('find.any')}</option>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  );
  const f = filters.data;
  const n = results.data?.clinicians.length ?? 0;
  return (
    <div className="page">
      <h1>{t('find.title')}</h1>
      <form role="search" aria-label={t('find.title')} onSubmit={submit}>
        <div className="field">
          <label htmlFor="doc-q">{t('find.nameOrSpecialty')}</label>
          <input id="doc-q" type="search" value={text} onChange={(e) => setText(e.target.value)} aria-describedby="doc-q-hint" />
          <span id="doc-q-hint" className="hint">{t('find.hint')}</span>
        </div>
        <div className="filters">
          {select('specialty', t('find.specialty'), (f?.specialties ?? []).map((s) => ({ value: s, label: s })))}
          {select('language', t('find.speaks'), (f?.languages ?? []).map((s) => ({ value: s, label: s })))}
          {select('clinicId', t('find.clinic'), (f?.clinics ?? []).map((c) => ({ value: c.id, label: c.name })))}
          {select('locationId', t('find.location'), (f?.locations ?? []).map((c) => ({ value: c.id, label: c.name })))}
          {select('gender', t('find.gender'), (f?.genders ?? []).map((g) => ({ value: g.value, label: g.label })))}
          <div className="check">
            <input id="f-accepting" type="checkbox" checked={params.get('accepting') === 'true'} onChange={(e) => setParam('accepting', e.target.checked ? 'true' : '')} />
            <label htmlFor="f-accepting">{t('find.accepting')}</label>
          </div>
        </div>
        <div className="actions">
          <button type="submit" className="button">{t('find.search')}</button>
          <button type="button" className="button secondary" onClick={() => { setText(''); setParams(new URLSearchParams(), { replace: true }); }}>{t('find.clear')}</button>
        </div>
      </form>
      <section aria-labelledby="results-h">
        <h2 id="results-h">{t('find.results')}</h2>
        <p role="status">
          {results.isLoading ? t('find.searching') : results.isError ? '' : n === 0 ? t('find.none')
            : `${t('find.found', { count: n })}${results.data?.query.fuzzy ? ` ${t('find.fuzzy')}` : ''}`}
        </p>
        {results.isError && <p className="error" role="alert">{t('find.error')}</p>}
        <ul className="cards">
          {results.data?.clinicians.map((c) => (
            <li key={c.id} className="card person">
              <Avatar c={c} small />
              <div>
                <h3><Link to={`/find-a-doctor/${c.id}`}>{c.displayName}</Link></h3>
                <p>{c.specialties.join(', ')}</p>
                <p>{c.clinics.join(', ')}</p>
                <p>{t('find.speaksList', { languages: c.languages.join(', ') })}</p>
                <p>{c.acceptingNewPatients ? t('find.taking') : t('find.notTaking')}</p>
              </div>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
