import { Link } from 'react-router';

/**
 * "Ask about this": opens the message composer with a plain reference to the item. The reference travels in the page's
 * navigation state, not in the address, so no health detail ends up in an address bar, browser history or a server log.
 */
export function AskAbout({ about, label }: { about: string; label: string }) {
  return (
    <Link className="ask-about" to="/messages/new" state={{ about }}>
      Ask about this<span className="visually-hidden">: {label}</span>
    </Link>
  );
}

export function Loading({ q }: { q: { isLoading: boolean; isError: boolean } }) {
  if (q.isLoading) return <p role="status">Loading…</p>;
  if (q.isError) return <p className="error" role="alert">We could not load this part of your record. Please reload the page.</p>;
  return null;
}
