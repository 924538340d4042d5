import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../../api/client';
import type { Answers, PatientSurvey, Question, SurveyDetail, SurveyResponse } from './api';
import './research.css';

/** /surveys — the surveys I am asked to answer. */
export function SurveyList() {
  const q = useQuery({ queryKey: ['surveys'], queryFn: () => api<{ surveys: PatientSurvey[] }>('/api/surveys') });
  const status = { 'not-started': 'Not started', 'in-progress': 'Started, not sent yet', completed: 'Sent. Thank you!' };
  return (
    <div className="page">
      <h1>Surveys</h1>
      {q.isLoading && <p role="status">Loading…</p>}
      {q.isError && <p className="error" role="alert">We could not load your surveys. Please reload the page.</p>}
      {q.data && q.data.surveys.length === 0 && <p>You have no surveys to answer right now.</p>}
      <ul className="cards">
        {q.data?.surveys.map((s) => (
          <li key={s.id} className="card"><Link to={`/surveys/${s.id}`}>{s.title}</Link><p>{status[s.status]}</p></li>
        ))}
      </ul>
    </div>
  );
}

function QuestionField({ q, value, onChange, invalid }: { q: Question; value: number | string | undefined; onChange: (v: number | string | null) => void; invalid: boolean }) {
  const id = `q-${q.linkId}`;
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
      <span className="hint" id={`${id}-hint`}>A number from {q.min} to {q.max} ({q.unit}).</span>
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
      setNotice(submit ? 'Thank you! Your answers were sent.' : 'Your answers are saved. You can come back and finish later.');
      qc.setQueryData<SurveyDetail>(['survey', campaignId], (old) => (old ? { ...old, response: r.response } : old));
      void qc.invalidateQueries({ queryKey: ['home'] });
    },
    onError: (e) => { setNotice(null); setError(e instanceof ApiError ? { message: e.message, field: e.field } : { message: 'Something went wrong. Please try again.' }); },
  });

  if (q.isLoading) return <div className="page"><h1>Survey</h1><p role="status">Loading…</p></div>;
  if (q.isError || !q.data) return <div className="page"><h1>Survey</h1><p className="error" role="alert">We could not find this survey.</p></div>;
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
        <p className="notice" role="status">{notice ?? 'You already sent this survey. Thank you for your help!'}</p>
        <p><Link to="/">Back to home</Link></p>
      </div>
    );
  }
  return (
    <div className="page survey">
      <h1>{survey.title}</h1>
      <p className="lead">This survey asks how often you use this patient portal. It takes about 5 minutes. Your answers help us make the portal better.
        They do not change your care. You can save and finish later.</p>
      {!survey.open && <p className="warning">This survey is closed. You cannot send answers any more.</p>}
      <p role="status" aria-live="polite">{answered} of {all.length} questions answered.</p>
      <form onSubmit={onSubmit} noValidate>
        <h2>How often do you use the portal to…</h2>
        <p className="hint">1 means never. 6 means very often.</p>
        {questionnaire.featureQuestions.map((x) => <QuestionField key={x.linkId} q={x} value={answers[x.linkId]} onChange={set(x.linkId)} invalid={badField === x.linkId} />)}
        <h2>About you</h2>
        {questionnaire.aboutYou.map((x) => <QuestionField key={x.linkId} q={x} value={answers[x.linkId]} onChange={set(x.linkId)} invalid={badField === x.linkId} />)}
        {error && <p className="error" role="alert">{error.message}</p>}
        {notice && <p className="notice" role="status">{notice}</p>}
        <div className="row-actions">
          <button type="submit" className="button" disabled={save.isPending || !survey.open}>Send my answers</button>
          <button type="button" className="button secondary" disabled={save.isPending || !survey.open} onClick={() => save.mutate(false)}>Save and finish later</button>
        </div>
      </form>
    </div>
  );
}
