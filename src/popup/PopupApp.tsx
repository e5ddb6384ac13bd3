/**
 * The toolbar popup: which client this tab belongs to (and switching it), Deskmate on or off, and the way into
 * the palette, side panel and settings.
 */
import { useState } from 'preact/hooks';
import { chooseSite } from '../content/runtime/site-choice.ts';
import { request } from '../messaging/client.ts';
import { browser, openSidePanel } from '../platform/browser.ts';
import { useActiveTabContext } from '../ui/active-tab.ts';
import { ClientSelect, useClients } from '../ui/clients.tsx';

export function PopupApp() {
  const context = useActiveTabContext();
  const clients = useClients();
  const [error, setError] = useState<string>();
  const act = (action: () => Promise<unknown>) => {
    setError(undefined);
    action().catch((failure: unknown) => setError((failure as Error).message));
  };
  const tab = context.state === 'ready' ? context.value : undefined;
  const enabledLocked = tab?.origins.enabled.lockedBy !== undefined;

  return (
    <div class="stack" style={{ width: 320, padding: 14 }}>
      <div class="row" style={{ justifyContent: 'space-between' }}>
        <strong>Deskmate</strong>
        <label class="row" title={enabledLocked ? 'Locked by your administrator' : undefined}>
          <input
            type="checkbox"
            checked={tab?.settings.enabled ?? true}
            disabled={!tab || enabledLocked}
            onChange={(event) =>
              act(() =>
                request('settings.write', {
                  layer: 'agent',
                  key: 'enabled',
                  value: (event.target as HTMLInputElement).checked,
                }),
              )
            }
          />
          On
        </label>
      </div>
      {error && (
        <div class="notice error" role="alert">
          {error}
        </div>
      )}
      <label class="stack">
        <span class="muted">Client for this tab</span>
        <ClientSelect
          clients={clients}
          ariaLabel="Client for this tab"
          disabled={!tab || tab.tabId === null}
          value={tab?.clientSource === 'override' ? (tab.client?.id ?? '') : ''}
          onChange={(picked) => act(() => request('client.switch', { clientId: picked || null }))}
          none={`Automatic${tab?.clientSource === 'url' && tab.client ? ` (${tab.client.name})` : tab ? ' (none)' : ''}`}
        />
      </label>
      {tab?.url && /^https?:/.test(tab.url) && chooseSite(tab.url, tab.settings).adapter.id === 'generic' && (
        <button
          type="button"
          onClick={() =>
            act(async () => {
              const origin = new URL(tab.url!).origin;
              const matches = [`${origin}/*`];
              // Ask inside the click: access is granted only during a user gesture.
              if (!(await browser.permissions.request({ origins: matches })))
                throw new Error('The browser did not grant access.');
              const host = new URL(origin).hostname;
              const site = {
                id: host
                  .replace(/[^a-z0-9]+/gi, '-')
                  .toLowerCase()
                  .slice(0, 40),
                name: host,
                matches,
              };
              await request('settings.write', {
                layer: 'agent',
                key: 'sites.custom',
                value: [...tab.settings['sites.custom'], site],
              });
              if (tab.tabId !== null) await browser.tabs.reload(tab.tabId);
              window.close();
            })
          }
        >
          Run Deskmate on {new URL(tab.url).hostname}
        </button>
      )}
      <div class="row">
        <button
          type="button"
          onClick={() =>
            act(() =>
              request('command.forward', { command: 'workbench.action.showCommands' }).then(() =>
                window.close(),
              ),
            )
          }
        >
          Command palette
        </button>
        <button
          type="button"
          onClick={() =>
            act(async () => {
              const [active] = await browser.tabs.query({ active: true, currentWindow: true });
              await openSidePanel({
                ...(active?.windowId !== undefined ? { windowId: active.windowId } : {}),
              });
              window.close();
            })
          }
        >
          Side panel
        </button>
        <button type="button" onClick={() => act(() => browser.runtime.openOptionsPage())}>
          Settings
        </button>
      </div>
    </div>
  );
}
