import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

/**
 * "Ask about this": opens the message composer with a plain reference to the item. The reference travels in the page's
 * navigation state, not in the address, so no health detail ends up in an address bar, browser history or a server log.
 */
export function AskAbout({ about, label }: { about: string; label: string }) {
  const { t } = useTranslation('record');
  return (
    <Link className="ask-about" to="/messages/new" state={{ about }}>
      {t('ask')}<span className="visually-hidden">: {label}</span>
    </Link>
  );
}

export function Loading({ q }: { q: { isLoading: boolean; isError: boolean } }) {
  const { t } = useTranslation(['record', 'common']);
  if (q.isLoading) return <p role="status">{t('common:loading')}</p>;
  if (q.isError) return <p className="error" role="alert">{t('loadError')}</p>;
  return null;
}
