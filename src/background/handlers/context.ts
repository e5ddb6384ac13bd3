import type { Handlers } from '../router.ts';
import type { Services } from '../services.ts';

export function contextHandlers(
  services: Services,
): Pick<Handlers, 'context.get' | 'context.forTab' | 'client.switch'> {
  const resolveTab = async (tabId: number | undefined) => {
    if (tabId !== undefined) return { id: tabId, url: await services.tabUrl(tabId) };
    const active = await services.activeTab();
    if (!active) throw new Error('no active tab');
    return active;
  };
  return {
    'context.get': (_input, { tabId, pageUrl }) =>
      services.settings.contextFor(tabId ?? null, pageUrl ?? null),
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
