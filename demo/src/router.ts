/**
 * Client-side routing of the demo helpdesk. Like Zendesk's Agent Workspace, a ticket lives at
 * `/agent/tickets/<id>` and opening another ticket is a `history.pushState`, never a page load: the extension must
 * follow single-page navigation, so the demo has to do it the way real helpdesks do.
 */

export type Route = { kind: 'home' } | { kind: 'ticket'; id: number } | { kind: 'not-found'; path: string };

const TICKET_PATH = /^\/agent\/tickets\/(\d{1,9})\/?$/;

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '' || pathname === '/agent' || pathname === '/agent/') {
    return { kind: 'home' };
  }
  const match = TICKET_PATH.exec(pathname);
  if (match?.[1]) return { kind: 'ticket', id: Number(match[1]) };
  return { kind: 'not-found', path: pathname };
}

export function ticketPath(id: number): string {
  return `/agent/tickets/${id}`;
}

type RouteListener = (route: Route) => void;
const listeners = new Set<RouteListener>();

function notify(): void {
  const route = parseRoute(location.pathname);
  for (const listener of listeners) listener(route);
}

/** Navigates within the app: a new history entry (or a replaced one), then the app re-renders. */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', path);
  else if (path !== location.pathname) history.pushState(null, '', path);
  else return;
  notify();
}

/** Calls `listener` with the new route on every navigation: ours, and the browser's back/forward. */
export function onRouteChange(listener: RouteListener): () => void {
  // pushState fires no event, so in-app navigation notifies directly; back/forward arrive as popstate.
  if (listeners.size === 0) addEventListener('popstate', notify);
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) removeEventListener('popstate', notify);
  };
}

/**
 * Whether a click on a link should be left to the browser (a new tab, a download...) rather than routed in-app,
 * as every SPA router does so that Ctrl+click and middle-click keep working.
 */
export function isModifiedClick(event: MouseEvent): boolean {
  return event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey;
}
