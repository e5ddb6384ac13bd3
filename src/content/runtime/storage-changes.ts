/**
 * Storage changes for the content script, through one `storage.onChanged` listener kept for its whole life.
 *
 * Why one: Chrome delivers storage events to a context only while that context has a listener, and removing the
 * last one unregisters it in the browser process. Handing over from one listener to the next (boot's "changed
 * while loading" to the page's live refresh, or to the paste guard's) left a moment with none, and a change made
 * then was never delivered: the demo clients installed on first run while a helpdesk page booted left that page
 * on "No client" until it was reloaded. Handlers come and go here instead; the listener stays.
 */
import { browser } from '../../platform/browser.ts';

export class StorageChanges {
  private readonly handlers = new Set<() => void>();

  constructor(signal: AbortSignal) {
    const listener = () => {
      for (const handler of [...this.handlers]) handler();
    };
    browser.storage.onChanged.addListener(listener);
    signal.addEventListener('abort', () => browser.storage.onChanged.removeListener(listener), {
      once: true,
    });
  }

  /** Calls `handler` on every change until the returned function is called or `signal` aborts. */
  subscribe(handler: () => void, signal?: AbortSignal): () => void {
    const entry = () => handler();
    this.handlers.add(entry);
    const remove = () => this.handlers.delete(entry);
    signal?.addEventListener('abort', remove, { once: true });
    return remove;
  }
}
