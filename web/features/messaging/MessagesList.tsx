import { useQuery } from '@tanstack/react-query';
import { Link, Route, Routes } from 'react-router';
import { api } from '../../api/client';
import { formatTime, useLiveUpdates, type ThreadSummary } from './api';
import { Composer } from './Composer';
import { Conversation } from './Conversation';
import './messaging.css';
import { useTranslation } from 'react-i18next';
import { GuideLink, GuideWalkthrough } from '../guide/routes';

/** /messages, /messages/new and /messages/:id, registered as one route in web/routes.tsx. */
export function MessagingPages() {
  return (
    <Routes>
      <Route index element={<MessagesList />} />
      <Route path="new" element={<Composer />} />
      <Route path=":id" element={<Conversation />} />
    </Routes>
  );
}

/** The patient's conversations: new replies first, then the newest. */
export function MessagesList() {
  useLiveUpdates();
  const { t: tr } = useTranslation(['messaging', 'common']);
  const q = useQuery({ queryKey: ['threads'], queryFn: () => api<{ threads: ThreadSummary[] }>('/api/threads') });
  return (
    <div className="page messaging">
      <h1>{tr('list.title')}</h1>
      <p className="lead">{tr('list.lead')}</p>
      <GuideWalkthrough />
      <GuideLink />
      <p><Link className="button" to="/messages/new">{tr('list.write')}</Link></p>
      {q.isLoading && <p role="status">{tr('common:loading')}</p>}
      {q.isError && <p className="error" role="alert">{tr('list.loadError')}</p>}
      {q.data && q.data.threads.length === 0 && <p>{tr('list.none')}</p>}
      {q.data && q.data.threads.length > 0 && (
        <ul className="thread-list">
          {q.data.threads.map((t) => (
            <li key={t.id} className={`thread-item ${t.unread ? 'unread' : ''}`}>
              <Link to={`/messages/${t.id}`}>{t.subject}</Link>
              {t.unread && <span className="tag">{tr('list.newReply')}</span>}
              {t.overdue && <span className="tag late">{tr('list.late')}</span>}
              <p className="hint">{t.category.label} · {t.statusText} · {tr('list.lastMessage', { when: formatTime(t.lastMessageAt) })}</p>
              {t.preview && <p className="preview">{t.preview}</p>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
