/**
 * The context of the tab the agent is looking at, kept current as they switch tabs, navigate, or settings change:
 * what the side panel and popup show.
 */
import { useEffect, useState } from 'preact/hooks';
import { request } from '../messaging/client.ts';
import type { TabContext } from '../messaging/protocol.ts';
import { browser } from '../platform/browser.ts';
import type { Loadable } from './hooks.ts';

export function useActiveTabContext(): Loadable<TabContext> {
  const [context, setContext] = useState<Loadable<TabContext>>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    const load = () =>
      request('context.forTab', {}).then(
        (value) => current && setContext({ state: 'ready', value }),
        (error: unknown) => current && setContext({ state: 'error', error: (error as Error).message }),
      );
    void load();
    const onUpdated = (_tabId: number, change: { url?: string; status?: string }) => {
      if (change.url || change.status === 'complete') void load();
    };
    browser.tabs.onActivated.addListener(load);
    browser.tabs.onUpdated.addListener(onUpdated);
    browser.storage.onChanged.addListener(load);
    return () => {
      current = false;
      browser.tabs.onActivated.removeListener(load);
      browser.tabs.onUpdated.removeListener(onUpdated);
      browser.storage.onChanged.removeListener(load);
    };
  }, []);
  return context;
}
