/**
 * One MutationObserver for the whole content script. Features ask it to wait for elements or to be told about
 * DOM changes instead of each running its own observer: helpdesk pages mutate constantly, and N observers
 * cost N times the work on every batch.
 */
import type { SelectorList } from '../sites/adapter.ts';

type Waiter = { selectors: SelectorList; root: ParentNode; resolve: (element: Element) => void };

export function queryFirst(root: ParentNode, selectors: SelectorList): Element | null {
  for (const selector of selectors) {
    const found = root.querySelector(selector);
    if (found) return found;
  }
  return null;
}

export class DomWatcher {
  private readonly waiters = new Set<Waiter>();
  private readonly listeners = new Set<(records: MutationRecord[]) => void>();
  private readonly observer: MutationObserver;
  private observing = false;

  constructor(
    private readonly document: Document,
    signal: AbortSignal,
  ) {
    this.observer = new MutationObserver((records) => this.onMutations(records));
    signal.addEventListener('abort', () => {
      this.observer.disconnect();
      this.waiters.clear();
      this.listeners.clear();
    });
  }

  private ensureObserving(): void {
    if (this.observing) return;
    this.observing = true;
    this.observer.observe(this.document.documentElement, { childList: true, subtree: true });
  }

  private maybeStop(): void {
    if (this.waiters.size === 0 && this.listeners.size === 0 && this.observing) {
      this.observer.disconnect();
      this.observing = false;
    }
  }

  private onMutations(records: MutationRecord[]): void {
    for (const waiter of [...this.waiters]) {
      const found = queryFirst(waiter.root, waiter.selectors);
      if (found) {
        this.waiters.delete(waiter);
        waiter.resolve(found);
      }
    }
    for (const listener of [...this.listeners]) listener(records);
    this.maybeStop();
  }

  /** Resolves with the first element matching any of the selectors (now or later), or null when the signal aborts. */
  waitFor(
    selectors: SelectorList,
    signal: AbortSignal,
    root: ParentNode = this.document,
  ): Promise<Element | null> {
    const present = queryFirst(root, selectors);
    if (present) return Promise.resolve(present);
    if (signal.aborted || selectors.length === 0) return Promise.resolve(null);
    return new Promise((resolve) => {
      const waiter: Waiter = { selectors, root, resolve };
      this.waiters.add(waiter);
      this.ensureObserving();
      signal.addEventListener(
        'abort',
        () => {
          if (this.waiters.delete(waiter)) resolve(null);
          this.maybeStop();
        },
        { once: true },
      );
    });
  }

  /** Calls `listener` with each batch of DOM mutations until the signal aborts. */
  onChange(listener: (records: MutationRecord[]) => void, signal: AbortSignal): void {
    this.listeners.add(listener);
    this.ensureObserving();
    signal.addEventListener(
      'abort',
      () => {
        this.listeners.delete(listener);
        this.maybeStop();
      },
      { once: true },
    );
  }
}
