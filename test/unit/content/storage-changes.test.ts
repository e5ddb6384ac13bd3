/**
 * The content script's storage listener. Chrome forgets a context's interest in storage events when its last
 * listener is removed, so a change made while boot handed over from one listener to the next was lost (a page
 * left on "No client" after the demo clients were installed). The fake below drops events, as Chrome does, whenever
 * no listener is registered.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

type Listener = () => void;
const registered = new Set<Listener>();
let emptyMoments = 0;
const fakeOnChanged = {
  addListener: (listener: Listener) => registered.add(listener),
  removeListener: (listener: Listener) => {
    registered.delete(listener);
    if (registered.size === 0) emptyMoments += 1;
  },
};
/** A storage change, delivered only to the listeners registered right now (none: lost). */
const change = () => {
  for (const listener of [...registered]) listener();
};

let StorageChanges: typeof import('../../../src/content/runtime/storage-changes.ts').StorageChanges;
beforeAll(async () => {
  (globalThis as { browser?: unknown }).browser = { storage: { onChanged: fakeOnChanged } };
  ({ StorageChanges } = await import('../../../src/content/runtime/storage-changes.ts'));
});
afterEach(() => {
  registered.clear();
  emptyMoments = 0;
});

describe('storage changes in the content script', () => {
  it('keeps one browser listener while handlers hand over, so no change falls in between', () => {
    const life = new AbortController();
    const changes = new StorageChanges(life.signal);
    const seen: string[] = [];
    const stopBoot = changes.subscribe(() => seen.push('boot'));
    change();
    stopBoot();
    change(); // between the two stages: reaches the listener, which now has no handler
    changes.subscribe(() => seen.push('page'), life.signal);
    change();
    expect(seen).toEqual(['boot', 'page']);
    expect(registered.size).toBe(1);
    expect(emptyMoments).toBe(0);
  });

  it('stops a handler when its signal aborts, and lets go of the browser listener with the extension', () => {
    const life = new AbortController();
    const page = new AbortController();
    const changes = new StorageChanges(life.signal);
    let calls = 0;
    changes.subscribe(() => calls++, page.signal);
    change();
    page.abort();
    change();
    expect(calls).toBe(1);
    life.abort();
    expect(registered.size).toBe(0);
  });
});
