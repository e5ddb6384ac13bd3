import { lazyBundleFile } from '../../messaging/lazy.ts';
import { CHANNEL } from '../../messaging/protocol.ts';
import type { Handlers } from '../router.ts';
import type { Services } from '../services.ts';

export function navigationHandlers(
  services: Services,
): Pick<Handlers, 'command.forward' | 'sidePanel.open' | 'options.open' | 'lazy.load'> {
  return {
    'command.forward': async ({ tabId, command }) => {
      const target = tabId ?? (await services.activeTab())?.id;
      if (target === undefined) return { delivered: false };
      return {
        delivered: await services.sendToTab(target, {
          channel: CHANNEL,
          push: 'command.run',
          payload: { command },
        }),
      };
    },
    'sidePanel.open': async (_input, { sender }) => {
      const target = sender.tab
        ? { tabId: sender.tab.id, windowId: sender.tab.windowId }
        : await services.activeTab();
      const opened = await services.openSidePanel({
        ...(target && 'tabId' in target && target.tabId !== undefined ? { tabId: target.tabId } : {}),
        ...(target?.windowId !== undefined ? { windowId: target.windowId } : {}),
      });
      return { opened };
    },
    'options.open': async () => {
      await services.openOptions();
      return { opened: true };
    },
    // Only into the frame that asked, and only a bundle of the fixed list (the router checked the name).
    'lazy.load': async ({ bundle }, { sender }) => {
      const tabId = sender.tab?.id;
      if (tabId === undefined) throw new Error('the sender has no tab');
      await services.injectIntoFrame({ tabId, frameId: sender.frameId ?? 0 }, lazyBundleFile(bundle));
      return { loaded: true };
    },
  };
}
