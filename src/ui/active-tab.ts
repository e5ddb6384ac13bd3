/**
 * The context of the tab the agent is looking at, kept current as they switch tabs, navigate, or settings change:
 * what the side panel and popup show.
 */
import { useEffect, useState } from 'preact/hooks';
import { request } from '../messaging/client.ts';
import { NewestOnly, STALE } from '../messaging/newest-only.ts';
import type { TabContext } from '../messaging/protocol.ts';
import { browser } from '../platform/browser.ts';
import type { Loadable } from './hooks.ts';

export function useActiveTabContext(): Loadable<TabContext> {
  const [context, setContext] = useState<Loadable<TabContext>>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    // Tab switches and setting changes come in bursts: only the newest answer is shown.
    const newest = new NewestOnly();
    const load = () =>
      newest
        .run(() => request('context.forTab', {}))
        .then(
          (value) => current && value !== STALE && setContext({ state: 'ready', value }),
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
