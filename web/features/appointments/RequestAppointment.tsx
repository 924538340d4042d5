import { useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, newIdempotencyKey } from '../../api/client';
import { DAYS, MODALITIES, TIMES, errorText, type Appointment, type AppointmentRequest, type Modality, type Options } from './api';
import './appointments.css';
import { useTranslation } from 'react-i18next';

/** Patient: ask for a new appointment, or to move or cancel one. It is sent as a message to the scheduling team. */
export function RequestAppointment() {
  const [params] = useSearchParams();
  const { t } = useTranslation('appointments');
  const kind = (['cancel', 'reschedule'].includes(params.get('kind') ?? '') ? params.get('kind') : 'new') as AppointmentRequest['kind'];
  const appointmentId = params.get('appointmentId') ?? undefined;
  const qc = useQueryClient();
  const opts = useQuery({ queryKey: ['scheduling-options'], queryFn: () => api<Options>('/api/scheduling/options') });
  const appt = useQuery({
    queryKey: ['appointment', appointmentId], enabled: !!appointmentId,
    queryFn: () => api<{ appointment: Appointment }>(`/api/appointments/${appointmentId}`),
  });
  const [reason, setReason] = useState('');
  const [clinicianId, setClinicianId] = useState(params.get('clinicianId') ?? '');
  const [visitTypeId, setVisitTypeId] = useState('');
  const [modality, setModality] = useState<Modality>('in_person');
  const [days, setDays] = useState<number[]>([]);
  const [times, setTimes] = useState<string[]>([]);
  const key = useRef(newIdempotencyKey());
  const send = useMutation({
    mutationFn: () => api<{ request: AppointmentRequest }>('/api/appointment-requests', {
      method: 'POST',
      body: {
        kind, appointmentId, reason, modality, preferredDays: days, preferredTimes: times,
        preferredClinicianId: clinicianId || null, visitTypeId: visitTypeId || null, idempotencyKey: key.current,
      },
    }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['appointment-requests'] }); },
    onError: (e) => { if (!(e instanceof ApiError) || e.status !== 409) key.current = newIdempotencyKey(); },
  });
  const toggle = <T,>(list: T[], v: T) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const title = kind === 'cancel' ? t('request.titleCancel') : kind === 'reschedule' ? t('request.titleMove') : t('request.titleNew');
  const fieldError = send.error instanceof ApiError ? send.error.field : undefined;

  if (send.data) {
    return (
      <div className="page">
        <h1>{t('request.sentTitle')}</h1>
        <p className="notice" role="status">{t('request.sentText')}</p>
        <p><Link className="button" to={`/messages/${send.data.request.threadId}`}>{t('request.conversation')}</Link> <Link to="/appointments">{t('request.back')}</Link></p>
      </div>
    );
  }
  const submit = (e: FormEvent) => { e.preventDefault(); send.mutate(); };
  const visitTypes = opts.data?.visitTypes.filter((v) => v.modality === modality) ?? [];
  return (
    <div className="page">
      <h1>{title}</h1>
      <p className="lead">{t('request.lead')}</p>
      {appt.data && <p className="notice">{t('request.appointment')} <strong>{appt.data.appointment.whenText}</strong> {t('request.with', { clinician: appt.data.appointment.clinician.displayName })}</p>}
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="reason">{kind === 'new' ? t('request.reasonNew') : kind === 'cancel' ? t('request.reasonCancel') : t('request.reasonMove')}</label>
          <textarea id="reason" value={reason} maxLength={1000} required aria-describedby="reason-hint" aria-invalid={fieldError === 'reason'}
            onChange={(e) => setReason(e.target.value)} />
          <span id="reason-hint" className="hint">{t('request.reasonHint', { length: reason.length })}</span>
        </div>
        {kind !== 'cancel' && (
          <>
            <fieldset className="field">
              <legend className="label">{t('request.meet')}</legend>
              {MODALITIES.map(([v]) => (
                <label key={v} className="choice"><input type="radio" name="modality" value={v} checked={modality === v}
                  onChange={() => { setModality(v); setVisitTypeId(''); }} /> {t(`modalities.${v}`)}</label>
              ))}
            </fieldset>
            {visitTypes.length > 0 && (
              <div className="field">
                <label htmlFor="visit-type">{t('request.kind')}</label>
                <select id="visit-type" value={visitTypeId} onChange={(e) => setVisitTypeId(e.target.value)}>
                  <option value="">{t('request.notSure')}</option>
                  {visitTypes.map((v) => <option key={v.id} value={v.id}>{t('request.visitMinutes', { name: v.name, minutes: v.durationMinutes })}</option>)}
                </select>
              </div>
            )}
            <div className="field">
              <label htmlFor="clinician">{t('request.who')}</label>
              <select id="clinician" value={clinicianId} onChange={(e) => setClinicianId(e.target.value)} aria-invalid={fieldError === 'preferredClinicianId'}>
                <option value="">{t('request.anyone')}</option>
                {opts.data?.clinicians.map((c) => <option key={c.id} value={c.id}>{c.displayName}</option>)}
              </select>
            </div>
            <fieldset className="field">
              <legend className="label">{t('request.days')}</legend>
              <div className="choices">
                {DAYS.map(([d]) => (
                  <label key={d} className="choice"><input type="checkbox" checked={days.includes(d)} onChange={() => setDays(toggle(days, d))} /> {t(`days.${d}`)}</label>
                ))}
              </div>
            </fieldset>
            <fieldset className="field">
              <legend className="label">{t('request.times')}</legend>
              {TIMES.map(([tm]) => (
                <label key={tm} className="choice"><input type="checkbox" checked={times.includes(tm)} onChange={() => setTimes(toggle(times, tm))} /> {t(`times.${tm}`)}</label>
              ))}
            </fieldset>
          </>
        )}
        {send.isError && <p className="error" role="alert">{errorText(send.error)}</p>}
        <button className="button" type="submit" disabled={send.isPending}>{send.isPending ? t('request.sending') : t('request.send')}</button>{' '}
        <Link to="/appointments">{t('request.cancel')}</Link>
      </form>
    </div>
  );
}
