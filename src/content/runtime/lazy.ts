/**
 * Loads an on-demand part of the content script (src/messaging/lazy.ts): the built classic script calls this
 * loader where the sources say `import('…')` (scripts/content-script.ts rewrites those), through a `Symbol.for` key
 * on the content script's own global, which the page cannot see. The worker runs the bundle in this frame's content
 * script world; the bundle registers its modules, and the loader hands back the one asked for. One request per
 * bundle and frame; a failed load is retried on the next ask.
 */

import { request } from '../../messaging/client.ts';
import { LAZY_LOADER, LAZY_REGISTRY, type LazyBundle } from '../../messaging/lazy.ts';

type Modules = Record<string, unknown>;
const scope = globalThis as unknown as Record<symbol, unknown>;
const loading = new Map<LazyBundle, Promise<Modules>>();

export function loadLazy(bundle: LazyBundle, name: string): Promise<unknown> {
  let pending = loading.get(bundle);
  if (!pending) {
    pending = request('lazy.load', { bundle }).then(() => {
      const modules = (scope[Symbol.for(LAZY_REGISTRY)] as Record<string, Modules> | undefined)?.[bundle];
      if (!modules) throw new Error(`Deskmate's ${bundle} module did not load`);
      return modules;
    });
    loading.set(bundle, pending);
    pending.catch(() => loading.delete(bundle));
  }
  return pending.then((modules) => {
    const module = modules[name];
    if (!module) throw new Error(`Deskmate's ${bundle} bundle has no module "${name}"`);
    return module;
  });
}

scope[Symbol.for(LAZY_LOADER)] = loadLazy;
