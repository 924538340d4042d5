import { useEffect, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { usePageTitle } from '../../components/a11y';
import type { ComposerInfo } from '../messaging/api';
import { recordGuideEvent, type GuideState } from './api';
import { Asked, GuideContent } from './GuideContent';
import { GuideWalkthrough } from './Walkthrough';
import './guide.css';

/** /messages/guide: "How messaging works", for patients (and proxies). Opening it is recorded once per visit. */
export function GuidePage() {
  const { t, i18n } = useTranslation(['guide', 'common']);
  usePageTitle(t('page.title'));
  const qc = useQueryClient();
  const state = useQuery({ queryKey: ['guide', i18n.language], queryFn: () => api<GuideState>('/api/guide') });
  const info = useQuery({ queryKey: ['composer', undefined, i18n.language], queryFn: () => api<ComposerInfo>('/api/messaging/categories') });
  const [tour, setTour] = useState(false);
  const tourButton = useRef<HTMLButtonElement>(null);
  const recorded = useRef(false);
  useEffect(() => {
    if (recorded.current) return;
    recorded.current = true;
    // Viewing the guide takes its card off the home page.
    void recordGuideEvent('viewed').then(() => qc.invalidateQueries({ queryKey: ['home'] }));
  }, [qc]);

  return (
    <div className="page guide-page">
      <h1>{t('page.title')}</h1>
      <p className="lead">{t('page.lead')}</p>
      <p className="guide-noprint row-actions">
        <Link to="/messages">{t('page.back')}</Link>{' · '}
        <Link to="/messages/new">{t('page.write')}</Link>{' · '}
        <button type="button" className="button secondary" ref={tourButton} onClick={() => setTour(true)} aria-expanded={tour}>{t('page.tour')}</button>{' '}
        <button type="button" className="button secondary" onClick={() => window.print()}>{t('page.print')}</button>
      </p>
      {tour && <GuideWalkthrough open onClose={() => { setTour(false); requestAnimationFrame(() => tourButton.current?.focus()); }} />}
      {(state.isLoading || info.isLoading) && <p role="status">{t('common:loading')}</p>}
      {(state.isError || info.isError) && <p className="error" role="alert">{t('page.loadError')}</p>}
      {state.data && <Asked explained={state.data.explained} />}
      {state.data && info.data && <GuideContent info={info.data} statuses={state.data.statuses} />}
    </div>
  );
}
