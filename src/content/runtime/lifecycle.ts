/**
 * The two events that end what a feature is doing: the extension being reloaded or updated (this content script
 * is orphaned: its messages fail and it must remove its UI) and single-page navigation (the helpdesk swapped
 * the ticket without loading a page).
 */
import { browser } from '../../platform/browser.ts';

/** Calls `onInvalidated` once when this content script no longer belongs to a running extension. */
export function watchExtensionContext(onInvalidated: () => void, signal: AbortSignal): void {
  // After a reload `runtime.id` reads undefined in the orphaned script. Checking a property costs nothing and,
  // unlike a port, does not wake the worker.
  const timer = setInterval(() => {
    let alive = false;
    try {
      alive = Boolean(browser.runtime?.id);
    } catch {
      alive = false;
    }
    if (!alive) {
      clearInterval(timer);
      onInvalidated();
    }
  }, 1000);
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}

interface NavigationLike extends EventTarget {}

/**
 * Calls `onNavigate(url)` whenever the page's URL changes without a page load (pushState, replaceState, back,
 * forward, hash routes). Uses the Navigation API where the browser has it, and a cheap URL check otherwise.
 */
export function watchNavigation(onNavigate: (url: string) => void, signal: AbortSignal): void {
  let last = location.href;
  const check = () => {
    if (location.href === last) return;
    last = location.href;
    onNavigate(last);
  };
  const navigation = (globalThis as { navigation?: NavigationLike }).navigation;
  navigation?.addEventListener('navigatesuccess', check, { signal });
  window.addEventListener('popstate', check, { signal });
  window.addEventListener('hashchange', check, { signal });
  // pushState from the page's own world fires no event we can hear without the Navigation API (Firefox ESR).
  const timer = setInterval(check, navigation ? 2000 : 300);
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}
