import { MAIN_BUNDLE_FILE } from '../../messaging/lazy.ts';
import type { TabContext } from '../../messaging/protocol.ts';
import type { Handlers } from '../router.ts';
import type { Services } from '../services.ts';

export function contextHandlers(
  services: Services,
): Pick<Handlers, 'context.get' | 'context.forTab' | 'client.switch' | 'content.start'> {
  const resolveTab = async (tabId: number | undefined) => {
    if (tabId !== undefined) return { id: tabId, url: await services.tabUrl(tabId) };
    const active = await services.activeTab();
    if (!active) throw new Error('no active tab');
    return active;
  };
  return {
    'context.get': (_input, { tabId, pageUrl }) =>
      services.settings.contextFor(tabId ?? null, pageUrl ?? null),
    // Only into the frame that asked, and only the main bundle: the loader there waits for it with the answer.
    'content.start': async (_input, { tabId, pageUrl, sender }) => {
      if (tabId === undefined) throw new Error('the sender has no tab');
      const context = await services.settings.contextFor(tabId, pageUrl ?? null);
      if (!runsOn(context)) return { started: false };
      await services.injectIntoFrame({ tabId, frameId: sender.frameId ?? 0 }, MAIN_BUNDLE_FILE);
      return { started: true, context };
    },
    'context.forTab': async ({ tabId }) => {
      const tab = await resolveTab(tabId);
      return services.settings.contextFor(tab.id, tab.url);
    },
    'client.switch': async ({ tabId, clientId }, context) => {
      // A content script may only switch its own tab.
      const tab =
        context.kind === 'content'
          ? { id: context.tabId!, url: context.pageUrl ?? null }
          : await resolveTab(tabId);
      await services.settings.switchTabClient(tab.id, clientId);
      return services.settings.contextFor(tab.id, tab.url);
    },
  };
}

/**
 * Whether the content script's main bundle runs on a page of this context: Deskmate is on, or the page is a paste
 * site (the paste guard is the client's policy: it runs whatever the agent's switch says). A helpdesk turned off
 * in `sites.disabled` is the main bundle's to tell: only it knows which adapter a page is (it then waits, building
 * nothing, until a setting turns the helpdesk on).
 */
export function runsOn(context: TabContext): boolean {
  return context.settings.enabled || (context.client === null && context.pasteGuard !== undefined);
}
