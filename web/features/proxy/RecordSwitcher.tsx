import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { useAuth } from '../../app/auth';
import { useTranslation } from 'react-i18next';

type Grant = { id: string; patientId: string; patientName: string; granteeName: string; granteeEmail?: string; relationship: string; createdAt: string; expiresAt: string | null };
export type ProxyInfo = { actingPatientId: string | null; ownPatientId: string | null; given: Grant[]; received: Grant[] };

/** For people who help a family member: choose whose record the portal shows. Hidden when there is no one to switch to. */
export function RecordSwitcher() {
  const { user, refresh } = useAuth();
  const qc = useQueryClient();
  const { t } = useTranslation('proxy');
  const q = useQuery({ queryKey: ['proxy'], queryFn: () => api<ProxyInfo>('/api/proxy'), enabled: user?.role === 'patient' });
  if (!q.data || q.data.received.length === 0) return null;
  const switchTo = async (patientId: string) => {
    await api('/api/proxy/acting-as', { method: 'POST', body: { patientId } });
    await refresh();
    qc.clear();
  };
  return (
    <div className="record-switcher">
      <label htmlFor="acting-as">{t('switcher.label')}</label>
      <select id="acting-as" value={q.data.actingPatientId ?? ''} onChange={(e) => void switchTo(e.target.value)}>
        <option value={q.data.ownPatientId ?? ''}>{t('switcher.myself')}</option>
        {q.data.received.map((g) => (
          <option key={g.id} value={g.patientId}>{t('switcher.option', { name: g.patientName, relationship: g.relationship })}</option>
        ))}
      </select>
    </div>
  );
}
