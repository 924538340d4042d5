import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { useAuth } from '../../app/auth';
import { DAYS, errorText, type Options } from './api';
import './appointments.css';

/** Shapes mirror server/features/scheduling/availability.ts. */
type Template = { id: string; locationId: string; locationName: string; weekday: number; startTime: string; endTime: string; slotMinutes: number; validFrom: string; validUntil: string | null; visitTypeIds?: string[] };
type Exception = { id: string; startsAt: string; endsAt: string; reason: string };
type Location = { id: string; name: string; clinicName: string | null };

const dayName = (n: number) => DAYS.find(([d]) => d === n)?.[1] ?? String(n);
const when = (iso: string) => new Date(iso).toLocaleString(undefined, { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' });
const QUARTERS = Array.from({ length: 24 * 4 }, (_, i) => `${String(Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`).filter((t) => t >= '06:00' && t <= '21:00');
const SLOT_LENGTHS = [15, 20, 30, 45, 60].filter((m) => m % 15 === 0);

function FieldError({ error, field }: { error: unknown; field: string }) {
  return error instanceof ApiError && error.field === field ? <span className="error">{error.message}</span> : null;
}

/** Staff: a clinician's weekly availability and time off. Physicians edit their own; front desk and admins anyone's. */
export function StaffAvailability() {
  const { user } = useAuth();
  const manager = user?.role === 'front_desk' || user?.role === 'admin';
  const opts = useQuery({ queryKey: ['scheduling-options'], queryFn: () => api<Options>('/api/scheduling/options'), enabled: manager });
  const [picked, setPicked] = useState('');
  const clinicianId = manager ? picked || opts.data?.clinicians[0]?.id || '' : user?.id ?? '';
  const clinicianName = manager ? opts.data?.clinicians.find((c) => c.id === clinicianId)?.displayName : user?.displayName;
  return (
    <div className="page">
      <h1>Clinician availability</h1>
      <p className="lead">The weekly hours a clinician sees patients, and time off. Patients and schedulers see open times from this. Booked visits do not change.</p>
      {manager && (
        <div className="field">
          <label htmlFor="av-clinician">Clinician</label>
          {opts.isError && <p className="error" role="alert">{errorText(opts.error)}</p>}
          <select id="av-clinician" value={clinicianId} onChange={(e) => setPicked(e.target.value)} disabled={!opts.data}>
            {opts.data?.clinicians.map((c) => <option key={c.id} value={c.id}>{c.displayName}</option>)}
          </select>
        </div>
      )}
      {clinicianId && <Editor key={clinicianId} clinicianId={clinicianId} name={clinicianName ?? 'This clinician'} />}
    </div>
  );
}

function Editor({ clinicianId, name }: { clinicianId: string; name: string }) {
  const qc = useQueryClient();
  const key = ['availability', clinicianId];
  const q = useQuery({ queryKey: key, queryFn: () => api<{ templates: Template[]; exceptions: Exception[] }>(`/api/scheduling/clinicians/${clinicianId}/availability`) });
  const locs = useQuery({ queryKey: ['locations'], queryFn: () => api<{ locations: Location[] }>('/api/locations') });
  const opts = useQuery({ queryKey: ['scheduling-options'], queryFn: () => api<Options>('/api/scheduling/options') });
  const vtName = (id: string) => opts.data?.visitTypes.find((v) => v.id === id)?.name ?? 'A visit type';
  const [vtIds, setVtIds] = useState<string[]>([]);
  const [status, setStatus] = useState('');
  const refresh = () => qc.invalidateQueries({ queryKey: key });

  const [weekday, setWeekday] = useState(1);
  const [start, setStart] = useState('08:00');
  const [end, setEnd] = useState('12:00');
  const [slot, setSlot] = useState(30);
  const [locationId, setLocationId] = useState('');
  const location = locationId || locs.data?.locations[0]?.id || '';
  const addTemplate = useMutation({
    mutationFn: () => api(`/api/scheduling/clinicians/${clinicianId}/templates`, { method: 'POST', body: { weekday, startTime: start, endTime: end, slotMinutes: slot, locationId: location, visitTypeIds: vtIds } }),
    onSuccess: () => { setStatus(`Added ${dayName(weekday)} ${start}–${end}.`); void refresh(); },
  });
  const endTemplate = useMutation({
    mutationFn: (t: Template) => api(`/api/scheduling/templates/${t.id}`, { method: 'DELETE' }),
    onSuccess: (_r, t) => { setStatus(`Removed ${dayName(t.weekday)} ${t.startTime}–${t.endTime}.`); void refresh(); },
  });

  const [offStart, setOffStart] = useState('');
  const [offEnd, setOffEnd] = useState('');
  const [reason, setReason] = useState('Time off');
  const [offError, setOffError] = useState('');
  const addOff = useMutation({
    mutationFn: () => api(`/api/scheduling/clinicians/${clinicianId}/exceptions`, {
      method: 'POST', body: { startsAt: new Date(offStart).toISOString(), endsAt: new Date(offEnd).toISOString(), reason: reason.trim() || 'Time off' },
    }),
    onSuccess: () => { setStatus('Time off added.'); setOffStart(''); setOffEnd(''); void refresh(); },
  });
  const removeOff = useMutation({
    mutationFn: (id: string) => api(`/api/scheduling/exceptions/${id}`, { method: 'DELETE' }),
    onSuccess: () => { setStatus('Time off removed.'); void refresh(); },
  });

  const submitTemplate = (e: FormEvent) => { e.preventDefault(); addTemplate.mutate(); };
  const submitOff = (e: FormEvent) => {
    e.preventDefault();
    if (!offStart || !offEnd) { setOffError('Enter when the time off starts and ends.'); return; }
    setOffError('');
    addOff.mutate();
  };

  return (
    <>
      <p role="status" className="success">{status}</p>
      {q.isLoading && <p role="status">Loading…</p>}
      {q.isError && <p className="error" role="alert">{errorText(q.error)}</p>}
      {q.data && (
        <>
          <section aria-labelledby="av-week-h">
            <h2 id="av-week-h">Weekly hours for {name}</h2>
            {q.data.templates.length === 0 ? <p>No weekly hours yet. Patients cannot book this clinician until you add some.</p> : (
              <div className="table-wrap"><table>
                <caption>Weekly hours, by day</caption>
                <thead><tr><th scope="col">Day</th><th scope="col">Hours</th><th scope="col">Location</th><th scope="col">Visit length</th><th scope="col">Visit types</th><th scope="col">From</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
                <tbody>{q.data.templates.map((t) => (
                  <tr key={t.id}>
                    <th scope="row">{dayName(t.weekday)}</th><td>{t.startTime}–{t.endTime}</td><td>{t.locationName}</td><td>{t.slotMinutes} minutes</td>
                    <td>{t.visitTypeIds?.length ? t.visitTypeIds.map(vtName).join(', ') : 'Any'}</td>
                    <td>{t.validFrom}{t.validUntil ? ` until ${t.validUntil}` : ''}</td>
                    <td><button type="button" className="button secondary" onClick={() => endTemplate.mutate(t)} disabled={endTemplate.isPending}>
                      Remove<span className="visually-hidden"> {dayName(t.weekday)} {t.startTime}–{t.endTime}</span></button></td>
                  </tr>))}
                </tbody></table></div>
            )}
            {endTemplate.isError && <p className="error" role="alert">{errorText(endTemplate.error)}</p>}
          </section>

          <form onSubmit={submitTemplate} noValidate className="panel" aria-labelledby="av-add-h">
            <h3 id="av-add-h">Add weekly hours</h3>
            {addTemplate.isError && <p className="error" role="alert">{errorText(addTemplate.error)}</p>}
            <div className="inline-fields">
              <div className="field">
                <label htmlFor="av-day">Day</label>
                <select id="av-day" value={weekday} onChange={(e) => setWeekday(Number(e.target.value))}>{DAYS.map(([d, l]) => <option key={d} value={d}>{l}</option>)}</select>
              </div>
              <div className="field">
                <label htmlFor="av-start">Start</label>
                <select id="av-start" value={start} onChange={(e) => setStart(e.target.value)}>{QUARTERS.map((t) => <option key={t}>{t}</option>)}</select>
              </div>
              <div className="field">
                <label htmlFor="av-end">End</label>
                <select id="av-end" value={end} onChange={(e) => setEnd(e.target.value)} aria-invalid={addTemplate.error instanceof ApiError && addTemplate.error.field === 'endTime'}>
                  {QUARTERS.map((t) => <option key={t}>{t}</option>)}
                </select>
                <FieldError error={addTemplate.error} field="endTime" />
              </div>
              <div className="field">
                <label htmlFor="av-slot">Visit length</label>
                <select id="av-slot" value={slot} onChange={(e) => setSlot(Number(e.target.value))}>
                  {SLOT_LENGTHS.map((m) => <option key={m} value={m}>{m} minutes</option>)}
                </select>
              </div>
              <div className="field">
                <label htmlFor="av-loc">Location</label>
                <select id="av-loc" value={location} onChange={(e) => setLocationId(e.target.value)}>
                  {locs.data?.locations.map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
                </select>
              </div>
            </div>
            {opts.data && opts.data.visitTypes.length > 0 && (
              <fieldset>
                <legend>Visit types in these hours (leave all unchecked for any)</legend>
                {opts.data.visitTypes.map((v) => (
                  <label key={v.id} className="checkbox">
                    <input type="checkbox" checked={vtIds.includes(v.id)}
                      onChange={(e) => setVtIds((cur) => (e.target.checked ? [...cur, v.id] : cur.filter((x) => x !== v.id)))} /> {v.name}
                  </label>))}
                <FieldError error={addTemplate.error} field="visitTypeIds" />
              </fieldset>
            )}
            <button className="button" type="submit" disabled={addTemplate.isPending || !location}>Add these hours</button>
          </form>

          <section aria-labelledby="av-off-h">
            <h2 id="av-off-h">Time off and other exceptions</h2>
            {q.data.exceptions.length === 0 ? <p>No time off coming up.</p> : (
              <ul className="cards">
                {q.data.exceptions.map((x) => (
                  <li key={x.id} className="card">
                    <strong>{x.reason}</strong>
                    <p>{when(x.startsAt)} to {when(x.endsAt)}</p>
                    <button type="button" className="button secondary" onClick={() => removeOff.mutate(x.id)} disabled={removeOff.isPending}>
                      Remove<span className="visually-hidden"> time off from {when(x.startsAt)}</span></button>
                  </li>))}
              </ul>
            )}
            {removeOff.isError && <p className="error" role="alert">{errorText(removeOff.error)}</p>}
          </section>

          <form onSubmit={submitOff} noValidate className="panel" aria-labelledby="av-addoff-h">
            <h3 id="av-addoff-h">Add time off</h3>
            {(offError || addOff.isError) && <p className="error" role="alert">{offError || errorText(addOff.error)}</p>}
            <div className="inline-fields">
              <div className="field">
                <label htmlFor="av-off-start">Starts</label>
                <input id="av-off-start" type="datetime-local" value={offStart} onChange={(e) => setOffStart(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="av-off-end">Ends</label>
                <input id="av-off-end" type="datetime-local" value={offEnd} onChange={(e) => setOffEnd(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="av-off-reason">Reason</label>
                <input id="av-off-reason" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
              </div>
            </div>
            <button className="button" type="submit" disabled={addOff.isPending}>Add time off</button>
          </form>
        </>
      )}
    </>
  );
}
