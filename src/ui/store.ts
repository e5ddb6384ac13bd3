/**
 * A minimal observable value: enough for our UI to react to state owned outside Preact (the workbench's
 * commands, status-bar items, context keys) without pulling a state library into the content script.
 */
import { useEffect, useState } from 'preact/hooks';

export class Store<T> {
  private listeners = new Set<(value: T) => void>();

  constructor(private current: T) {}

  get value(): T {
    return this.current;
  }

  set(next: T): void {
    if (Object.is(next, this.current)) return;
    this.current = next;
    for (const listener of [...this.listeners]) listener(next);
  }

  update(change: (value: T) => T): void {
    this.set(change(this.current));
  }

  subscribe(listener: (value: T) => void, signal?: AbortSignal): () => void {
    this.listeners.add(listener);
    const unsubscribe = () => this.listeners.delete(listener);
    signal?.addEventListener('abort', unsubscribe, { once: true });
    return unsubscribe;
  }
}

export function useStore<T>(store: Store<T>): T {
  const [value, setValue] = useState(store.value);
  useEffect(() => {
    setValue(store.value);
    return store.subscribe(setValue);
  }, [store]);
  return value;
}
