/**
 * The one import of the browser API: webextension-polyfill's promise-based `browser`, the same in Chrome and
 * Firefox. Chrome-only and Firefox-only APIs (side panel vs sidebar) are reached through typed feature tests here,
 * never by sniffing the user agent.
 */
import browser from 'webextension-polyfill';

export type { Runtime, Storage, Tabs } from 'webextension-polyfill';
export { browser };

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
