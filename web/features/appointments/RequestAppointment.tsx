import { useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, newIdempotencyKey } from '../../api/client';
import { DAYS, MODALITIES, TIMES, errorText, type Appointment, type AppointmentRequest, type Modality, type Options } from './api';
import './appointments.css';

/** Patient: ask for a new appointment, or to move or cancel one. It is sent as a message to the scheduling team. */
export function RequestAppointment() {
  const [params] = useSearchParams();
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
  const title = kind === 'cancel' ? 'Ask to cancel an appointment' : kind === 'reschedule' ? 'Ask to move an appointment' : 'Request an appointment';
  const fieldError = send.error instanceof ApiError ? send.error.field : undefined;

  if (send.data) {
    return (
      <div className="page">
        <h1>Request sent</h1>
        <p className="notice" role="status">The scheduling team has your request. They will answer in Messages, usually within one business day.</p>
        <p><Link className="button" to={`/messages/${send.data.request.threadId}`}>See the conversation</Link> <Link to="/appointments">Back to appointments</Link></p>
      </div>
    );
  }
  const submit = (e: FormEvent) => { e.preventDefault(); send.mutate(); };
  const visitTypes = opts.data?.visitTypes.filter((v) => v.modality === modality) ?? [];
  return (
    <div className="page">
      <h1>{title}</h1>
      <p className="lead">This is sent as a message to the scheduling team. Do not use it for emergencies: call 911.</p>
      {appt.data && <p className="notice">Appointment: <strong>{appt.data.appointment.whenText}</strong> with {appt.data.appointment.clinician.displayName}</p>}
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="reason">{kind === 'new' ? 'What is the visit for?' : kind === 'cancel' ? 'Why do you need to cancel?' : 'Why do you need to move it?'}</label>
          <textarea id="reason" value={reason} maxLength={1000} required aria-describedby="reason-hint" aria-invalid={fieldError === 'reason'}
            onChange={(e) => setReason(e.target.value)} />
          <span id="reason-hint" className="hint">{reason.length} of 1000 characters. For example: "Check my blood sugar" or "Sore knee".</span>
        </div>
        {kind !== 'cancel' && (
          <>
            <fieldset className="field">
              <legend className="label">How would you like to meet?</legend>
              {MODALITIES.map(([v, label]) => (
                <label key={v} className="choice"><input type="radio" name="modality" value={v} checked={modality === v}
                  onChange={() => { setModality(v); setVisitTypeId(''); }} /> {label}</label>
              ))}
            </fieldset>
            {visitTypes.length > 0 && (
              <div className="field">
                <label htmlFor="visit-type">Kind of visit (optional)</label>
                <select id="visit-type" value={visitTypeId} onChange={(e) => setVisitTypeId(e.target.value)}>
                  <option value="">Not sure – let the team choose</option>
                  {visitTypes.map((v) => <option key={v.id} value={v.id}>{v.name} ({v.durationMinutes} minutes)</option>)}
                </select>
              </div>
            )}
            <div className="field">
              <label htmlFor="clinician">Who would you like to see? (optional)</label>
              <select id="clinician" value={clinicianId} onChange={(e) => setClinicianId(e.target.value)} aria-invalid={fieldError === 'preferredClinicianId'}>
                <option value="">Anyone on my care team</option>
                {opts.data?.clinicians.map((c) => <option key={c.id} value={c.id}>{c.displayName}</option>)}
              </select>
            </div>
            <fieldset className="field">
              <legend className="label">Which days work for you? (choose any)</legend>
              <div className="choices">
                {DAYS.map(([d, label]) => (
                  <label key={d} className="choice"><input type="checkbox" checked={days.includes(d)} onChange={() => setDays(toggle(days, d))} /> {label}</label>
                ))}
              </div>
            </fieldset>
            <fieldset className="field">
              <legend className="label">What times work for you? (choose any)</legend>
              {TIMES.map(([t, label]) => (
                <label key={t} className="choice"><input type="checkbox" checked={times.includes(t)} onChange={() => setTimes(toggle(times, t))} /> {label}</label>
              ))}
            </fieldset>
          </>
        )}
        {send.isError && <p className="error" role="alert">{errorText(send.error)}</p>}
        <button className="button" type="submit" disabled={send.isPending}>{send.isPending ? 'Sending…' : 'Send request'}</button>{' '}
        <Link to="/appointments">Cancel</Link>
      </form>
    </div>
  );
}
