import { useRecord } from './api';
import { Loading } from './AskAbout';
import { RecordNav } from './RecordNav';
import './record.css';

type Activity = { at: string; who: string; action: string; text: string };
const when = (iso: string) => new Date(iso).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

/** Who looked at, downloaded or sent my record, and when (from the audit trail). */
export function ActivityLog() {
  const q = useRecord<{ events: Activity[] }>('/activity');
  return (
    <div className="page">
      <h1>Who looked at my record</h1>
      <RecordNav />
      <p className="lead">Each time you, your care team, or someone with a link you sent opens your record, we write it down. Here is the list, newest first.</p>
      <Loading q={q} />
      {q.data && (q.data.events.length === 0 ? <p>No one has looked at your record yet.</p> : (
        <div className="table-wrap"><table>
          <caption>Record activity</caption>
          <thead><tr><th scope="col">When</th><th scope="col">What happened</th></tr></thead>
          <tbody>{q.data.events.map((e, i) => <tr key={i}><td>{when(e.at)}</td><td>{e.text}</td></tr>)}</tbody>
        </table></div>
      ))}
    </div>
  );
}
