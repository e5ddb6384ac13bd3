/**
 * What a feature is and what it gets. A feature is one file exporting a Feature, registered in features/index.ts.
 * The registry starts it for each page (each ticket, after every SPA navigation or client switch) and aborts
 * its signal when that page ends, so everything a feature sets up with the signal is torn down for it.
 */
import type { request } from '../../messaging/client.ts';
import type { TabContext } from '../../messaging/protocol.ts';
import type { Store } from '../../ui/store.ts';
import type { DomWatcher } from '../runtime/dom-watch.ts';
import type { FrameWatcher } from '../runtime/frame-watch.ts';
import type { SiteAdapter } from '../sites/adapter.ts';
import type { UiHost } from '../workbench/ui-host.tsx';
import type { Workbench } from '../workbench/workbench.tsx';

export interface FeatureContext {
  /** Aborts on SPA navigation, client switch, Deskmate being turned off, and extension reload. */
  signal: AbortSignal;
  url: string;
  site: SiteAdapter;
  /** The client and settings for this tab; updated live when settings change. */
  tab: Store<TabContext>;
  workbench: Workbench;
  dom: DomWatcher;
  /**
   * The page's same-origin frames: a listener for the agent's keys, pointer or focus must be added in each (an
   * editor in an iframe keeps its events there), through `frames.each(signal, …)`.
   */
  frames: FrameWatcher;
  ui: UiHost;
  request: typeof request;
  /**
   * Adds an event listener that is removed with the page and whose errors are reported instead of thrown into
   * the page: use it for every listener a feature adds. It hears only the agent's events (see
   * runtime/agent-events.ts): events the page's scripts make are ignored, unless `pageEvents` says why a
   * listener must hear them too.
   */
  listen<K extends keyof WindowEventMap>(
    target: EventTarget,
    type: K | string,
    handler: (event: WindowEventMap[K]) => void,
    options?: ListenOptions,
  ): void;
}

export interface ListenOptions {
  capture?: boolean;
  passive?: boolean;
  /**
   * Also hear events the page's scripts make. Only for listeners that watch the page rather than act for the
   * agent (a rescan after any edit, counting a send however it was made): the value is the reason, for readers.
   */
  pageEvents?: string;
  /** Ends this listener sooner than the feature (a frame's attachment, from `frames.each`). */
  signal?: AbortSignal;
}

export interface Feature {
  id: string;
  /** Whether to run on this page (default: only when the page belongs to a client). */
  appliesTo?(context: Pick<FeatureContext, 'site' | 'tab' | 'url'>): boolean;
  start(context: FeatureContext): void | Promise<void>;
}
