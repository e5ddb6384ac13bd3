/**
 * The side panel (Chrome) / sidebar (Firefox): the current tab's client at the top, then the views as tabs.
 * Follows the agent from tab to tab.
 */
import { useState } from 'preact/hooks';
import { useActiveTabContext } from '../ui/active-tab.ts';
import { views } from './views/index.ts';

export function SidePanelApp() {
  const context = useActiveTabContext();
  const [active, setActive] = useState(views[0]!.id);
  const View = views.find((view) => view.id === active)!.component;

  const onKeyDown = (event: KeyboardEvent) => {
    // Arrow keys move between tabs, as in any tablist.
    const index = views.findIndex((view) => view.id === active);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = views[(index + step + views.length) % views.length]!;
    setActive(next.id);
    (event.currentTarget as HTMLElement).querySelector<HTMLElement>(`#tab-${next.id}`)?.focus();
  };

  return (
    <div class="sidepanel">
      <div class="sidepanel-client" data-testid="sidepanel-client">
        {context.state === 'ready' && context.value.client ? (
          <>
            <span class="swatch" style={{ background: context.value.client.color ?? '#9aa5b1' }} />
            <strong>{context.value.client.name}</strong>
            {context.value.clientSource === 'override' && <span class="badge">chosen by hand</span>}
          </>
        ) : (
          <span class="muted">{context.state === 'loading' ? 'Loading…' : 'No client for this tab'}</span>
        )}
      </div>
      <div class="tabs" role="tablist" aria-label="Deskmate views" tabIndex={-1} onKeyDown={onKeyDown}>
        {views.map((view) => (
          <button
            key={view.id}
            id={`tab-${view.id}`}
            type="button"
            role="tab"
            aria-selected={view.id === active}
            aria-controls={`view-${view.id}`}
            tabIndex={view.id === active ? 0 : -1}
            onClick={() => setActive(view.id)}
          >
            {view.title}
          </button>
        ))}
      </div>
      <div class="sidepanel-view" role="tabpanel" id={`view-${active}`} aria-labelledby={`tab-${active}`}>
        {context.state === 'ready' ? (
          <View context={context.value} />
        ) : context.state === 'error' ? (
          <p class="notice error">{context.error}</p>
        ) : null}
      </div>
    </div>
  );
}
