/**
 * Our UI on someone else's page lives in one shadow root attached to an element we own, so the helpdesk's CSS
 * never reaches ours and ours never reaches theirs. The host hangs off <html> rather than <body>, because
 * single-page apps sometimes replace <body>.
 */
import { type ComponentChildren, render } from 'preact';
import { shieldFromPageEvents } from '../runtime/agent-events.ts';
import styles from './workbench.css?inline';

export const HOST_ID = 'deskmate-root';

export interface UiHost {
  host: HTMLElement;
  shadow: ShadowRoot;
  render(children: ComponentChildren): void;
  /**
   * A container inside the shadow root for a feature's own UI (an underline layer, a card, a hint), removed when
   * the signal aborts. Features render into it with attachLayer (./layer.ts).
   */
  layer(signal: AbortSignal): HTMLElement;
  /** True when an event came from inside our shadow root. */
  contains(event: Event): boolean;
  dispose(): void;
}

export function createUiHost(): UiHost {
  // A previous instance of the content script (before the extension was reloaded) may have left its host.
  document.getElementById(HOST_ID)?.remove();
  const host = document.createElement('div');
  host.id = HOST_ID;
  // The host itself takes no space and no clicks; the strip and palette inside opt back in.
  host.style.cssText = 'all: initial; position: fixed; inset: 0; pointer-events: none; z-index: 2147483646;';
  // Closed: the page's scripts cannot read what we show (another client's name in the client switcher, the
  // findings of the data guard). Our isolated world's attachShadow cannot be patched by the page.
  const shadow = host.attachShadow({ mode: 'closed' });
  // Every button, field and list in here acts for the agent only: input events a script made stop at the root.
  shieldFromPageEvents(shadow);
  // Keys typed into our UI (the palette, the fill-in form, a quick fix's reason) are ours: they stop at our root, so
  // a page's single-key shortcuts (Request Tracker's `r`, Gmail's `c`) never hear them as keys pressed on the page.
  for (const type of ['keydown', 'keypress', 'keyup'])
    shadow.addEventListener(type, (event) => event.stopPropagation());
  const style = document.createElement('style');
  style.textContent = styles;
  const mount = document.createElement('div');
  mount.className = 'dm-root';
  shadow.append(style, mount);
  document.documentElement.append(host);

  // Keep the host attached: some apps rewrite <html>'s children when they boot or navigate.
  const keeper = new MutationObserver(() => {
    if (!host.isConnected) document.documentElement.append(host);
  });
  keeper.observe(document.documentElement, { childList: true });

  return {
    host,
    shadow,
    render: (children) => render(children, mount),
    layer(signal) {
      const container = document.createElement('div');
      container.className = 'dm-root dm-layer';
      // Feature layers go under the workbench: the palette and status bar must cover underlines and hints.
      shadow.insertBefore(container, mount);
      signal.addEventListener('abort', () => container.remove(), { once: true });
      return container;
    },
    contains: (event) => event.composedPath().includes(host),
    dispose() {
      keeper.disconnect();
      render(null, mount);
      host.remove();
    },
  };
}
