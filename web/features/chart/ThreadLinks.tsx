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
