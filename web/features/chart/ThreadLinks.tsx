import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client';
import './chart.css';

// Small pieces the staff conversation view shows: a link to the patient's chart, and, for an appointment, refill or referral
// request, a panel that leads to the staff page that processes it.

export function OpenChartLink({ patientId }: { patientId: string }) {
  return <Link to={`/chart/${patientId}`}>Open chart</Link>;
}

type StructuredRequest = { kind: 'appointment' | 'refill' | 'referral'; id: string; staffHref: string; patientHref: string };
const WORDS: Record<StructuredRequest['kind'], { title: string; text: string; link: string }> = {
  appointment: { title: 'Appointment request', text: 'The patient asked for an appointment through the request form.', link: 'Process this appointment request' },
  refill: { title: 'Refill request', text: 'The patient asked for a medicine refill through the request form.', link: 'Process refill requests' },
  referral: { title: 'Referral request', text: 'The patient asked for a referral through the request form.', link: 'Process referral requests' },
};

export function StructuredRequestPanel({ threadId }: { threadId: string }) {
  const q = useQuery({ queryKey: ['structured-request', threadId], retry: false,
    queryFn: () => api<{ request: StructuredRequest | null }>(`/api/structured-requests?threadId=${encodeURIComponent(threadId)}`) });
  const r = q.data?.request;
  if (!r) return null;
  const w = WORDS[r.kind];
  return (
    <div className="panel request-panel" role="region" aria-label={w.title}>
      <h2>{w.title}</h2>
      <p>{w.text}</p>
      <p><Link className="button secondary" to={r.staffHref}>{w.link}</Link></p>
    </div>
  );
}

type Result = { code: string; display: string; value: number | string | null; unit: string | null; effectiveAt: string; interpretation?: string };
type GlucoseSummary = { unit: string; days: number; summary: { count: number; average: number | null; inRangePercent: number | null; lows: number; highs: number } };

/**
 * For clinicians answering a message: the numbers they most often need beside it (latest HbA1c values and the home blood-sugar
 * readings the patient shared in the last two weeks), so "should I come in?" can be answered without leaving the conversation.
 */
export function ClinicalContextPanel({ patientId }: { patientId: string }) {
  const a1c = useQuery({ queryKey: ['ctx-a1c', patientId], retry: false,
    queryFn: () => api<{ results: Result[] }>(`/api/patients/${patientId}/record/results?code=4548-4&limit=3`) });
  const glucose = useQuery({ queryKey: ['ctx-glucose', patientId], retry: false,
    queryFn: () => api<GlucoseSummary>(`/api/patients/${patientId}/record/glucose?days=14`) });
  const g = glucose.data;
  return (
    <div className="panel" role="region" aria-label="Recent numbers">
      <h2>Recent numbers</h2>
      {a1c.data && (a1c.data.results.length === 0 ? <p>No HbA1c results on file.</p> : (
        <ul className="plain">
          {a1c.data.results.map((r) => (
            <li key={r.effectiveAt}>HbA1c {String(r.value)}{r.unit ?? ''} on {new Date(r.effectiveAt).toLocaleDateString()}</li>
          ))}
        </ul>
      ))}
      {g && (g.summary.count === 0 ? <p>No home blood-sugar readings shared in the last {g.days} days.</p> : (
        <p>Home blood sugar, last {g.days} days: {g.summary.count} readings shared, average {g.summary.average} {g.unit},
          {' '}{g.summary.inRangePercent}% in range, {g.summary.lows} low.</p>
      ))}
      <p><Link to={`/chart/${patientId}`}>More in the chart</Link></p>
    </div>
  );
}
