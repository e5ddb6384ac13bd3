/**
 * Context keys: named facts about the page right now (`ticket`, `site`, `client`, `paletteOpen`…) that
 * when-clauses test. Features set the keys they know about; a key set with a signal is cleared when it aborts.
 */
import type { ContextLookup, ContextValue } from '../../core/workbench/when.ts';
import { Store } from '../../ui/store.ts';

export class ContextKeys {
  readonly store = new Store<Readonly<Record<string, ContextValue>>>({});

  set(key: string, value: ContextValue, signal?: AbortSignal): void {
    this.store.update((keys) => ({ ...keys, [key]: value }));
    signal?.addEventListener('abort', () => this.delete(key), { once: true });
  }

  delete(key: string): void {
    if (!(key in this.store.value)) return;
    this.store.update(({ [key]: _removed, ...rest }) => rest);
  }

  readonly lookup: ContextLookup = (key) => this.store.value[key];
}
