import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client';

type Report = {
  days: number;
  pools: { poolId: string; pool: string; clinic: string; targetBusinessHours: number; volume: number; answered: number; medianHoursToFirstReply: number | null;
    p90HoursToFirstReply: number | null; shareWithinTarget: number | null; overdueNow: number; phoneEncounters: number }[];
  phoneEncounters: number;
  byCategory: { category: string; label: string; volume: number }[];
  byDay: { day: string; volume: number; answered_within_target: number; phoneEncounters: number }[];
  workload: { userId: string; name: string; role: string; minutes: number; conversations: number; replies: number }[];
};

/** The clinic's audit of timely replies, per team; downloadable as CSV. */
export function ResponseReport() {
  const [days, setDays] = useState('30');
  const q = useQuery({ queryKey: ['inbasket-report', days], queryFn: () => api<Report>(`/api/inbasket/report?days=${days}`) });
  const h = (v: number | null) => (v === null ? '—' : `${v} h`);
  return (
    <div className="page messaging">
      <h1>Response times</h1>
      <p><Link to="/inbasket">Back to the in-basket</Link> · <Link to="/inbasket/evisits">E-visits to bill</Link></p>
      <div className="field">
        <label htmlFor="r-days">Period</label>
        <select id="r-days" value={days} onChange={(e) => setDays(e.target.value)}>
          <option value="7">Last 7 days</option><option value="30">Last 30 days</option><option value="90">Last 90 days</option><option value="365">Last year</option>
        </select>
      </div>
      <p className="actions">
        <a className="button secondary" href={`/api/inbasket/report.csv?days=${days}`} download>Download teams as CSV</a>
        {' '}<a className="button secondary" href={`/api/inbasket/report.csv?days=${days}&section=categories`} download>Categories as CSV</a>
        {' '}<a className="button secondary" href={`/api/inbasket/report.csv?days=${days}&section=days`} download>Days as CSV</a>
        {' '}<a className="button secondary" href={`/api/inbasket/report.csv?days=${days}&section=workload`} download>Workload as CSV</a>
      </p>
      {q.isLoading && <p role="status">Loading…</p>}
      {q.data && (
        <>
          <p>Phone calls logged in this period: {q.data.phoneEncounters}. They are counted apart from messages and are not part of the reply times.</p>
          <div className="table-wrap">
            <table>
              <caption>Time to first reply by team</caption>
              <thead><tr><th scope="col">Clinic</th><th scope="col">Team</th><th scope="col">Messages</th><th scope="col">Answered</th>
                <th scope="col">Median</th><th scope="col">90th percentile</th><th scope="col">Within target</th><th scope="col">Overdue now</th><th scope="col">Phone calls</th></tr></thead>
              <tbody>
                {q.data.pools.map((p) => (
                  <tr key={p.poolId}><td>{p.clinic}</td><td>{p.pool}</td><td>{p.volume}</td><td>{p.answered}</td><td>{h(p.medianHoursToFirstReply)}</td>
                    <td>{h(p.p90HoursToFirstReply)}</td><td>{p.shareWithinTarget === null ? '—' : `${p.shareWithinTarget}%`}</td><td>{p.overdueNow}</td><td>{p.phoneEncounters}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="table-wrap">
            <table>
              <caption>Messages by category</caption>
              <thead><tr><th scope="col">Category</th><th scope="col">Messages</th></tr></thead>
              <tbody>{q.data.byCategory.map((c) => <tr key={c.category}><td>{c.label}</td><td>{c.volume}</td></tr>)}</tbody>
            </table>
          </div>
          <div className="table-wrap">
            <table>
              <caption>Messages by day</caption>
              <thead><tr><th scope="col">Day</th><th scope="col">Messages</th><th scope="col">Answered within target</th><th scope="col">Phone calls</th></tr></thead>
              <tbody>{q.data.byDay.map((d) => <tr key={d.day}><td>{d.day}</td><td>{d.volume}</td><td>{d.answered_within_target}</td><td>{d.phoneEncounters}</td></tr>)}</tbody>
            </table>
          </div>
          <div className="table-wrap">
            <table>
              <caption>Messaging workload by person</caption>
              <thead><tr><th scope="col">Person</th><th scope="col">Role</th><th scope="col">Minutes recorded</th><th scope="col">Conversations</th>
                <th scope="col">Written answers</th></tr></thead>
              <tbody>{(q.data.workload ?? []).map((x) => <tr key={x.userId}><td>{x.name}</td><td>{x.role.replace(/_/g, ' ')}</td><td>{x.minutes}</td>
                <td>{x.conversations}</td><td>{x.replies}</td></tr>)}</tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
