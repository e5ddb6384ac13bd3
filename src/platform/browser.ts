/**
 * The one import of the browser API: the promise-based `browser` namespace, the same in Chrome and Firefox. Both
 * provide it natively (Chrome from 148, hence the manifest's minimum_chrome_version; Firefox always), so no polyfill
 * is loaded: webextension-polyfill only passed the native object through on these versions, and its CommonJS
 * interop cost every helpdesk page ~4 ms (the bundler's wrapper enumerated — and so instantiated — every API
 * namespace). Its type definitions are still ours. Chrome-only and Firefox-only APIs (side panel vs sidebar) are
 * reached through typed feature tests here, never by sniffing the user agent.
 */
import type BrowserApi from 'webextension-polyfill';
import { withoutPort } from '../core/settings/match-pattern.ts';

export type { Runtime, Storage, Tabs } from 'webextension-polyfill';

export const browser = (globalThis as unknown as { browser: typeof BrowserApi }).browser;

/**
 * Whether the browser's match patterns may name a port (`http://127.0.0.1:8080/*`): Chrome's may; Firefox's may not
 * (bug 1362809): there such a pattern is accepted but matches nothing — no tab, no permission, no injection. Told by
 * the extension's own URL scheme, a property of the platform, not by the user agent.
 */
export function matchPatternsTakePorts(): boolean {
  return !browser.runtime.getURL('').startsWith('moz-extension:');
}

/**
 * Match patterns as this browser can use them for host permissions, registered scripts and tab queries: as they
 * are where patterns take ports; without their ports elsewhere (then they cover every port of the host, and the
 * content script itself checks the port: src/content/runtime/site-choice.ts).
 */
export function browserPatterns(patterns: readonly string[]): string[] {
  if (matchPatternsTakePorts()) return [...new Set(patterns)];
  return [...new Set(patterns.map(withoutPort))];
}

interface ChromeSidePanel {
  open(options: { tabId?: number; windowId?: number }): Promise<void>;
  setPanelBehavior(behavior: { openPanelOnActionClick: boolean }): Promise<void>;
}

interface FirefoxSidebarAction {
  open(): Promise<void>;
  toggle?(): Promise<void>;
}

/** Chrome's `sidePanel`, reached through the polyfill's `browser` (which passes unknown namespaces through). */
export function sidePanelApi(): ChromeSidePanel | undefined {
  return (browser as unknown as { sidePanel?: ChromeSidePanel }).sidePanel;
}

/** Firefox's `sidebarAction`. */
export function sidebarActionApi(): FirefoxSidebarAction | undefined {
  return (browser as unknown as { sidebarAction?: FirefoxSidebarAction }).sidebarAction;
}

/** Opens our side panel (Chrome) or sidebar (Firefox). Both must be called while handling a user gesture. */
export async function openSidePanel(target: { tabId?: number; windowId?: number }): Promise<boolean> {
  const sidebar = sidebarActionApi();
  if (sidebar) {
    await sidebar.open();
    return true;
  }
  const panel = sidePanelApi();
  if (panel) {
    await panel.open(target);
    return true;
  }
  return false;
}
