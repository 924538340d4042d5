import { NavLink, Outlet } from 'react-router';
import { useAuth, useIdleSignOut } from '../app/auth';
import { navFor } from '../app/nav';
import { RecordSwitcher } from '../features/proxy/RecordSwitcher';

/** Every signed-in page: skip link, header with navigation, the urgent-help strip, then the page. */
export function Layout() {
  const { user, signOut } = useAuth();
  useIdleSignOut();
  if (!user) return null;
  const nav = navFor(user.role);
  return (
    <>
      <a className="skip-link" href="#main">Skip to main content</a>
      <header className="site-header">
        <div className="brand">
          <span aria-hidden="true" className="logo">◆</span> Portico
        </div>
        <nav aria-label="Main">
          <ul className="nav-list">
            {nav.map((n) => (
              <li key={n.to}>
                <NavLink to={n.to} end={n.to === '/'}>{n.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span>Signed in as <strong>{user.displayName}</strong></span>
          <button type="button" className="button secondary" onClick={() => void signOut()}>Sign out</button>
        </div>
      </header>
      <UrgentHelp />
      <RecordSwitcher />
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>Portico patient portal · Messages are not for emergencies · <a href="/directory">Phone numbers</a></p>
      </footer>
    </>
  );
}

/** On every page: messaging is not for emergencies, and where to call instead. */
export function UrgentHelp() {
  return (
    <aside className="urgent" aria-label="Urgent help">
      <p>
        <strong>Emergency? Call 911.</strong> For urgent questions call the nurse line:{' '}
        <a href="tel:+16155550101">615-555-0101</a> (day and night). Do not use messages for urgent problems.
      </p>
    </aside>
  );
}
