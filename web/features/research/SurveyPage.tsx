import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../../api/client';
import type { Answers, PatientSurvey, Question, SurveyDetail, SurveyResponse } from './api';
import './research.css';
import { useTranslation } from 'react-i18next';

/** /surveys — the surveys I am asked to answer. */
export function SurveyList() {
  const { t } = useTranslation(['research', 'common']);
  const q = useQuery({ queryKey: ['surveys'], queryFn: () => api<{ surveys: PatientSurvey[] }>('/api/surveys') });
  return (
    <div className="page">
      <h1>{t('list.title')}</h1>
      {q.isLoading && <p role="status">{t('common:loading')}</p>}
      {q.isError && <p className="error" role="alert">{t('list.loadError')}</p>}
      {q.data && q.data.surveys.length === 0 && <p>{t('list.none')}</p>}
      <ul className="cards">
        {q.data?.surveys.map((s) => (
          <li key={s.id} className="card"><Link to={`/surveys/${s.id}`}>{s.title}</Link><p>{t(`list.${s.status}`)}</p></li>
        ))}
      </ul>
    </div>
  );
}

function QuestionField({ q, value, onChange, invalid }: { q: Question; value: number | string | undefined; onChange: (v: number | string | null) => void; invalid: boolean }) {
  const id = `q-${q.linkId}`;
  const { t } = useTranslation('research');
  if (q.options) {
    return (
      <fieldset className="survey-question" aria-invalid={invalid || undefined} id={id}>
        <legend>{q.text}</legend>
        <div className={q.kind === 'rating' ? 'scale' : 'choices'}>
          {q.options.map((o) => (
            <label key={o.value} className="choice">
              <input type="radio" name={q.linkId} value={o.value} checked={String(value ?? '') === o.value}
                onChange={() => onChange(q.kind === 'rating' ? Number(o.value) : o.value)} />
              <span>{q.kind === 'rating' ? `${o.value} · ${o.label}` : o.label}</span>
            </label>
          ))}
        </div>
      </fieldset>
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{q.text}</label>
      <span className="hint" id={`${id}-hint`}>{t('numberHint', { min: q.min ?? '', max: q.max ?? '', unit: q.unit ?? '' })}</span>
      <input id={id} type="number" inputMode={q.kind === 'integer' ? 'numeric' : 'decimal'} min={q.min} max={q.max} step={q.kind === 'integer' ? 1 : 0.1}
        aria-describedby={`${id}-hint`} aria-invalid={invalid || undefined} value={value ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))} />
    </div>
  );
}

/** /surveys/:campaignId — answer the portal-use survey; save and finish later; send when done. */
export function SurveyPage() {
  const { campaignId = '' } = useParams();
  const qc = useQueryClient();
  const { t } = useTranslation(['research', 'common']);
  const q = useQuery({ queryKey: ['survey', campaignId], queryFn: () => api<SurveyDetail>(`/api/surveys/${campaignId}`) });
  const [answers, setAnswers] = useState<Answers>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const loaded = useRef(false);
  useEffect(() => {
    if (q.data && !loaded.current) { setAnswers(q.data.response.answers); loaded.current = true; }
  }, [q.data]);

  const save = useMutation({
    mutationFn: (submit: boolean) => api<{ response: SurveyResponse }>(`/api/surveys/${campaignId}/response${submit ? '/submit' : ''}`,
      { method: submit ? 'POST' : 'PUT', body: { answers } }),
    onSuccess: (r, submit) => {
      setError(null);
      setNotice(submit ? t('page.sent') : t('page.saved'));
      qc.setQueryData<SurveyDetail>(['survey', campaignId], (old) => (old ? { ...old, response: r.response } : old));
      void qc.invalidateQueries({ queryKey: ['home'] });
    },
    onError: (e) => { setNotice(null); setError(e instanceof ApiError ? { message: e.message, field: e.field } : { message: t('page.error') }); },
  });

  if (q.isLoading) return <div className="page"><h1>{t('page.title')}</h1><p role="status">{t('common:loading')}</p></div>;
  if (q.isError || !q.data) return <div className="page"><h1>{t('page.title')}</h1><p className="error" role="alert">{t('page.notFound')}</p></div>;
  const { survey, questionnaire, response } = q.data;
  const all = [...questionnaire.featureQuestions, ...questionnaire.aboutYou];
  const answered = all.filter((x) => answers[x.linkId] !== undefined && answers[x.linkId] !== null).length;
  const badField = error?.field?.replace(/^answers\./, '');
  const set = (id: string) => (v: number | string | null) => setAnswers((a) => {
    const next = { ...a };
    if (v === null) delete next[id]; else next[id] = v;
    return next;
  });
  const onSubmit = (e: FormEvent) => { e.preventDefault(); save.mutate(true); };

  if (response.status === 'completed') {
    return (
      <div className="page">
        <h1>{survey.title}</h1>
        <p className="notice" role="status">{notice ?? t('page.already')}</p>
        <p><Link to="/">{t('page.home')}</Link></p>
      </div>
    );
  }
  return (
    <div className="page survey">
      <h1>{survey.title}</h1>
      <p className="lead">{t('page.lead')}</p>
      {!survey.open && <p className="warning">{t('page.closed')}</p>}
      <p role="status" aria-live="polite">{t('page.answered', { answered, total: all.length })}</p>
      <form onSubmit={onSubmit} noValidate>
        <h2>{t('page.howOften')}</h2>
        <p className="hint">{t('page.scale')}</p>
        {questionnaire.featureQuestions.map((x) => <QuestionField key={x.linkId} q={x} value={answers[x.linkId]} onChange={set(x.linkId)} invalid={badField === x.linkId} />)}
        <h2>{t('page.aboutYou')}</h2>
        {questionnaire.aboutYou.map((x) => <QuestionField key={x.linkId} q={x} value={answers[x.linkId]} onChange={set(x.linkId)} invalid={badField === x.linkId} />)}
        {error && <p className="error" role="alert">{error.message}</p>}
        {notice && <p className="notice" role="status">{notice}</p>}
        <div className="row-actions">
          <button type="submit" className="button" disabled={save.isPending || !survey.open}>{t('page.send')}</button>
          <button type="button" className="button secondary" disabled={save.isPending || !survey.open} onClick={() => save.mutate(false)}>{t('page.later')}</button>
        </div>
      </form>
    </div>
  );
}
