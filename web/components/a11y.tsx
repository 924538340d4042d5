import { useCallback, useEffect, useLayoutEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';
import { useLocation } from 'react-router';

/**
 * Page-level accessibility for every route, in one place:
 * - the document title follows the page's one h1 ("Messages – Portico"), unless the page names its title with usePageTitle;
 * - on navigation the scroll resets and focus moves to the page's h1 (useRouteFocus, used once by the app shell);
 * - one polite live region (<LiveRegion/>) that pages speak through with useAnnounce();
 * - <ActionMessage> shows a confirmation or an error after an action (a role=status / role=alert region) and moves focus to it.
 */

export const SITE_NAME = 'Portico';
export const titleFor = (heading: string) => {
  const h = heading.replace(/\s+/g, ' ').trim();
  if (!h) return SITE_NAME;
  return h.includes(SITE_NAME) ? h : `${h} – ${SITE_NAME}`;
};

// ---- document title -------------------------------------------------------------------------------------------------
let titleOverride: string | null = null;
const titleListeners = new Set<() => void>();
const syncTitle = () => titleListeners.forEach((l) => l());

/** A page that wants a title other than its h1 text (e.g. the home page, whose h1 greets the person). */
export function usePageTitle(title: string | null | undefined) {
  useLayoutEffect(() => {
    if (!title) return;
    titleOverride = title;
    syncTitle();
    return () => {
      if (titleOverride === title) titleOverride = null;
      syncTitle();
    };
  }, [title]);
}

function currentHeading(): HTMLElement | null {
  return document.querySelector<HTMLElement>('main h1') ?? document.querySelector<HTMLElement>('h1');
}

/** Keeps document.title equal to "<page title> – Portico" while headings load and change. Used once, at the top of the app. */
export function useDocumentTitle() {
  useEffect(() => {
    const apply = () => {
      const t = titleFor(titleOverride ?? currentHeading()?.textContent ?? '');
      if (document.title !== t) document.title = t;
    };
    apply();
    const mo = new MutationObserver(apply);
    mo.observe(document.body, { subtree: true, childList: true, characterData: true });
    titleListeners.add(apply);
    return () => {
      mo.disconnect();
      titleListeners.delete(apply);
    };
  }, []);
}

// ---- focus on navigation --------------------------------------------------------------------------------------------
/**
 * After a route change (not the first page load): scroll to the top and put focus on the new page's h1, so a screen
 * reader starts at the page's name and a keyboard user at its top. Waits for the heading of a page that is still loading.
 */
export function useRouteFocus() {
  const location = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (location.hash) return; // an in-page link (#field) keeps its own target
    window.scrollTo(0, 0);
    let done = false;
    const focusHeading = () => {
      if (done) return true;
      const h = currentHeading();
      if (!h) return false;
      // A page that already put focus on something of its own (e.g. a form's first error) keeps it.
      const active = document.activeElement;
      const main = document.querySelector('main');
      if (active && active !== document.body && main?.contains(active) && active !== main) {
        done = true;
        return true;
      }
      if (!h.hasAttribute('tabindex')) h.setAttribute('tabindex', '-1');
      h.focus({ preventScroll: true });
      done = true;
      return true;
    };
    if (focusHeading()) return;
    const mo = new MutationObserver(() => {
      if (focusHeading()) mo.disconnect();
    });
    mo.observe(document.body, { subtree: true, childList: true });
    const stop = window.setTimeout(() => mo.disconnect(), 8000);
    return () => {
      done = true;
      mo.disconnect();
      window.clearTimeout(stop);
    };
  }, [location.pathname]); // eslint-disable-line react-hooks/exhaustive-deps
}

// ---- tables that scroll in their own region -------------------------------------------------------------------------
/**
 * Every `.table-wrap` (a table that may be wider than a phone) becomes a labelled, focusable scrolling region
 * (role=region, aria-label from the table's caption, tabindex=0), so the table scrolls inside itself and never the page,
 * and a keyboard user can scroll it. Markup may set these itself; then they are left alone.
 */
export function useScrollRegions() {
  useEffect(() => {
    const label = (w: HTMLElement) => {
      if (!w.hasAttribute('role')) w.setAttribute('role', 'region');
      if (!w.hasAttribute('tabindex')) w.setAttribute('tabindex', '0');
      if (!w.hasAttribute('aria-label') && !w.hasAttribute('aria-labelledby')) {
        const cap = w.querySelector('caption')?.textContent?.trim();
        const heading = w.closest('section')?.querySelector('h2,h3')?.textContent?.trim();
        const name = cap || heading || document.querySelector('main h1')?.textContent?.trim() || 'Table';
        w.setAttribute('aria-label', name);
        w.dataset.autoLabel = 'true';
      } else if (w.dataset.autoLabel === 'true') {
        const cap = w.querySelector('caption')?.textContent?.trim();
        if (cap && w.getAttribute('aria-label') !== cap) w.setAttribute('aria-label', cap);
      }
    };
    const scan = () => document.querySelectorAll<HTMLElement>('.table-wrap').forEach(label);
    scan();
    const mo = new MutationObserver(scan);
    mo.observe(document.body, { subtree: true, childList: true, characterData: true });
    return () => mo.disconnect();
  }, []);
}

// ---- live region ----------------------------------------------------------------------------------------------------
let liveText = '';
const liveListeners = new Set<() => void>();
let liveTimer = 0;

/** Says a message politely through the one live region (clears first so the same words are said again). */
export function announce(message: string) {
  liveText = '';
  liveListeners.forEach((l) => l());
  window.clearTimeout(liveTimer);
  liveTimer = window.setTimeout(() => {
    liveText = message;
    liveListeners.forEach((l) => l());
  }, 60);
}

export function useAnnounce() {
  return useCallback((message: string) => announce(message), []);
}

/** The one polite live region; rendered by the app shell (and the sign-in page). */
export function LiveRegion() {
  const text = useSyncExternalStore(
    (l) => {
      liveListeners.add(l);
      return () => liveListeners.delete(l);
    },
    () => liveText,
    () => '',
  );
  // aria-live without role=status, so a page's own status messages stay the only role=status on the page.
  return <div className="announcer" aria-live="polite" aria-atomic="true" data-testid="live-region">{text}</div>;
}

// ---- confirmation / error after an action ---------------------------------------------------------------------------
/**
 * The result of an action (sent, saved, paid, declined, or what went wrong): shown where the person is, and focused when
 * it appears or its words change. It is its own live region (role=status, polite; an error is role=alert), so the words
 * are said once — by the region, or by the focus landing on it. `tone` picks the look: 'success' (notice) or 'error'.
 */
export function ActionMessage({ tone = 'success', children, id, className, focus = true }: {
  tone?: 'success' | 'error' | 'warning'; children: ReactNode; id?: string; className?: string; focus?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const said = useRef<string | null>(null);
  // After every render: act only when the words changed (a new confirmation or a different error).
  useEffect(() => {
    const el = ref.current;
    const words = el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    if (!el || words === said.current) return;
    said.current = words;
    if (focus) el.focus();
  });
  const cls = className ?? (tone === 'error' ? 'error' : tone === 'warning' ? 'warning' : 'notice');
  return (
    <div ref={ref} id={id} tabIndex={-1} className={`${cls} action-message`} data-tone={tone} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

/** Focus an element and say a message (for a page that already has its own confirmation element). */
export function focusAndAnnounce(el: HTMLElement | null, message?: string) {
  if (!el) return;
  if (!el.hasAttribute('tabindex') && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) el.setAttribute('tabindex', '-1');
  el.focus();
  const words = message ?? el.textContent?.replace(/\s+/g, ' ').trim();
  if (words) announce(words);
}
