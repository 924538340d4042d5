import { useQuery } from '@tanstack/react-query';
import { Link, Route, Routes } from 'react-router';
import { api } from '../../api/client';
import { formatTime, useLiveUpdates, type ThreadSummary } from './api';
import { Composer } from './Composer';
import { Conversation } from './Conversation';
import './messaging.css';

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
  const q = useQuery({ queryKey: ['threads'], queryFn: () => api<{ threads: ThreadSummary[] }>('/api/threads') });
  return (
    <div className="page messaging">
      <h1>Messages</h1>
      <p className="lead">Write to your care team about things that are not urgent. Every message is kept in your record.</p>
      <p><Link className="button" to="/messages/new">Write a new message</Link></p>
      {q.isLoading && <p role="status">Loading…</p>}
      {q.isError && <p className="error" role="alert">We could not load your messages. Please reload the page.</p>}
      {q.data && q.data.threads.length === 0 && <p>You have no messages yet.</p>}
      {q.data && q.data.threads.length > 0 && (
        <ul className="thread-list">
          {q.data.threads.map((t) => (
            <li key={t.id} className={`thread-item ${t.unread ? 'unread' : ''}`}>
              <Link to={`/messages/${t.id}`}>{t.subject}</Link>
              {t.unread && <span className="tag">New reply</span>}
              {t.overdue && <span className="tag late">Reply is late</span>}
              <p className="hint">{t.category.label} · {t.statusText} · Last message {formatTime(t.lastMessageAt)}</p>
              {t.preview && <p className="preview">{t.preview}</p>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
