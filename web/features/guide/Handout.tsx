import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { usePageTitle } from '../../components/a11y';
import type { ComposerInfo } from '../messaging/api';
import type { StaffGuide } from './api';
import { Asked, GuideContent } from './GuideContent';
import './guide.css';

/**
 * /guide/handout/:patientId — the printable one-page hand-out a clinician gives at the visit: the same content as the
 * patient's guide, for the patient's own clinic (nurse line, reply targets), with the clinician's instructions. It is in
 * the page's language: switch to "Español" before printing for a patient who reads Spanish.
 */
export function GuideHandout() {
  const { patientId = '' } = useParams();
  const { t, i18n } = useTranslation(['guide', 'common']);
  const g = useQuery({ queryKey: ['guide-staff', patientId, i18n.language], queryFn: () => api<StaffGuide>(`/api/patients/${patientId}/guide`), retry: false });
  const clinicId = g.data?.patient.clinic?.id;
  const info = useQuery({ queryKey: ['composer', clinicId, i18n.language], enabled: !!g.data,
    queryFn: () => api<ComposerInfo>(`/api/messaging/categories${clinicId ? `?clinicId=${clinicId}` : ''}`) });
  const title = g.data ? t('handout.title', { name: g.data.patient.name }) : t('page.title');
  usePageTitle(title);
  return (
    <div className="page guide-handout">
      <h1>{title}</h1>
      <p className="guide-noprint row-actions">
        <Link to={`/chart/${patientId}`}>{t('handout.back')}</Link>{' '}
        <button type="button" className="button" onClick={() => window.print()}>{t('handout.print')}</button>
      </p>
      {(g.isLoading || info.isLoading) && <p role="status">{t('common:loading')}</p>}
      {g.isError && <p className="error" role="alert">{t('handout.notFound')}</p>}
      {info.isError && <p className="error" role="alert">{t('page.loadError')}</p>}
      <p className="lead">{t('page.lead')}</p>
      <p>{t('handout.portal')}</p>
      {g.data && <Asked explained={g.data.explained.slice(0, 1)} />}
      {g.data && info.data && <GuideContent info={info.data} statuses={g.data.statuses} />}
    </div>
  );
}
