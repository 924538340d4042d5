import { useEffect, useState } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { useAuth } from '../app/auth';
import { IdleWarning } from './IdleWarning';
import { navFor, type NavItem } from '../app/nav';
import { RecordSwitcher } from '../features/proxy/RecordSwitcher';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch, useUserLocale } from '../i18n/LanguageSwitch';

// Sections of the menu, so a long list reads as a few short ones. A page not listed here goes under "More".
const SECTIONS: [string, RegExp][] = [
  ['My health', /^\/(results|record|glucose)/],
  ['Messages and requests', /^\/(messages|appointments|refills|referrals|survey)/],
  ['Care team work', /^\/(inbasket|staff|research|billing\/office|insurance\/requests|admin)/],
  ['Bills and insurance', /^\/(billing|insurance)/],
  ['Find care', /^\/(find-a-doctor|locations|directory)/],
];

function group(items: NavItem[]) {
  const out = new Map<string, NavItem[]>();
  for (const n of items) {
    const name = n.to === '/' ? '' : SECTIONS.find(([, re]) => re.test(n.to))?.[0] ?? 'More';
    out.set(name, [...(out.get(name) ?? []), n]);
  }
  return [...out.entries()];
}

/** Every signed-in page: skip link, header, the urgent-help strip, grouped navigation, then the page. */
export function Layout() {
  const { user, signOut } = useAuth();
  const [open, setOpen] = useState(false);
  const location = useLocation();
  useUserLocale();
  const { t } = useTranslation('common');
  useEffect(() => setOpen(false), [location.pathname]);
  if (!user) return null;
  return (
    <>
      <a className="skip-link" href="#main">{t('skipToMain')}</a>
      <header className="site-header">
        <div className="brand">
          <span aria-hidden="true" className="logo">◆</span> Portico
        </div>
        <button type="button" className="button secondary menu-button" aria-expanded={open} aria-controls="main-nav" onClick={() => setOpen(!open)}>
          {open ? t('closeMenu') : t('menu')}
        </button>
        <div className="who">
          <span className="who-name">{t('signedInAs')} <strong>{user.displayName}</strong></span>
          <LanguageSwitch />
          <button type="button" className="button secondary" onClick={() => void signOut()}>{t('signOut')}</button>
        </div>
      </header>
      <UrgentHelp />
      <RecordSwitcher />
      <div className="shell">
        <nav id="main-nav" aria-label={t('mainNav')} className={open ? 'open' : ''}>
          {group(navFor(user.role)).map(([name, items]) => (
            <div key={name || 'top'} className="nav-group">
              {name && <h2 className="nav-heading">{t(`section.${name}`, { defaultValue: name })}</h2>}
              <ul className="nav-list">
                {items.map((n) => (
                  <li key={n.to}><NavLink to={n.to} end={n.to === '/'}>{t(`nav.${n.to}`, { defaultValue: n.label })}</NavLink></li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
        <main id="main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
      <IdleWarning />
      <footer className="site-footer">
        <p>{t('footer')} <a href="/directory">{t('phoneNumbers')}</a></p>
      </footer>
    </>
  );
}

/** On every page: messaging is not for emergencies, and where to call instead (the nurse line of the person's own clinic). */
export function UrgentHelp() {
  const { user } = useAuth();
  const q = useUrgentHelp();
  const { t } = useTranslation('common');
  const nurse = q.data?.nurseLine;
  return (
    <aside className="urgent" aria-label={t('urgent.label')}>
      <p>
        <strong>{t('urgent.emergency')}</strong>{' '}
        {nurse
          ? <>{t('urgent.callNurseLine')}{q.data?.clinicName ? <span className="urgent-extra"> ({q.data.clinicName})</span> : ''}:{' '}
            <a href={`tel:${nurse.number.replace(/[^+\d]/g, '')}`}>{nurse.number.replace(/^\+1-/, '')}</a> {t('urgent.dayAndNight')}</>
          : user
            ? <>{t('urgent.callYourClinic')} <Link to="/directory">{t('urgent.phoneNumbersLink')}</Link>.</>
            : <>{t('urgent.callYourClinicShort')}</>}
        {/* On a phone the strip keeps to 911 and the nurse line (the footer and the message form say this too). */}
        <span className="urgent-extra">{' '}{t('urgent.notForUrgent')}</span>
      </p>
    </aside>
  );
}

export type UrgentHelpInfo = {
  emergencyNumber: string; clinicName: string | null;
  nurseLine: { label: string; number: string; kind: string } | null; afterHours: { label: string; number: string; kind: string } | null;
};

/** The organization's urgent-help numbers for this person; cached for the session (numbers rarely change). */
export function useUrgentHelp() {
  const { user } = useAuth();
  // A public endpoint (never a 401, so the sign-in page's "signed out because…" message stays), asked again after sign-in.
  return useQuery({
    queryKey: ['urgent-help', user?.id ?? 'signed-out'], queryFn: () => api<UrgentHelpInfo>('/api/directory/urgent-help'),
    staleTime: 30 * 60_000, retry: 1,
  });
}
