import { useRecord } from './api';
import { Loading } from './AskAbout';
import { RecordNav } from './RecordNav';
import './record.css';
import { useTranslation } from 'react-i18next';
import { intlTag } from '../../i18n';

type Activity = { at: string; firstAt: string; count: number; who: string; action: string; text: string };
const when = (iso: string) => new Date(iso).toLocaleString(intlTag(), { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true });

/** Who looked at, downloaded or sent my record, and when (from the audit trail). */
export function ActivityLog() {
  const { t } = useTranslation('record');
  const q = useRecord<{ events: Activity[] }>('/activity');
  return (
    <div className="page">
      <h1>{t('activity.title')}</h1>
      <RecordNav />
      <p className="lead">{t('activity.lead')}</p>
      <Loading q={q} />
      {q.data && (q.data.events.length === 0 ? <p>{t('activity.none')}</p> : (
        <div className="table-wrap"><table>
          <caption>{t('activity.caption')}</caption>
          <thead><tr><th scope="col">{t('activity.when')}</th><th scope="col">{t('activity.what')}</th></tr></thead>
          <tbody>{q.data.events.map((e, i) => (
            <tr key={i}>
              <td>{e.count > 1 ? t('activity.range', { from: when(e.firstAt), to: when(e.at) }) : when(e.at)}</td>
              <td>{e.text}{e.count > 1 && <> {t('activity.times', { count: e.count })}</>}</td>
            </tr>
          ))}</tbody>
        </table></div>
      ))}
    </div>
  );
}
