/**
 * Where to guard and insert when an adapter has drifted: the adapter's own composers and send controls when they
 * match, else the generic adapter's (every textarea and contenteditable, every submit button). The data guard and
 * answer insertion (other features) ask here, so a helpdesk's markup change degrades to generic guarding instead
 * of no guarding.
 */
import type { SiteAdapter } from './adapter.ts';
import { genericAdapter } from './generic.ts';
import { firstDeep, queryAllDeep } from './query.ts';

function all(root: ParentNode, selectors: readonly string[]): Element[] {
  for (const selector of selectors) {
    const found = queryAllDeep(root, selector);
    if (found.length > 0) return found;
  }
  return [];
}

export interface Targets {
  composers: Element[];
  send: Element[];
  /** True when the adapter's own selectors found nothing and the generic fallback's are in use. */
  fallback: boolean;
}

export function guardTargets(adapter: SiteAdapter, root: ParentNode): Targets {
  const own = all(root, adapter.selectors.composer ?? []);
  if (own.length > 0)
    return { composers: own, send: all(root, adapter.selectors.send ?? []), fallback: false };
  return {
    // Every editable box on the page, in document order (the generic variants are not alternatives).
    composers: queryAllDeep(root, (genericAdapter.selectors.composer ?? []).join(', ')).filter(
      (element) => !element.closest('#deskmate-root'),
    ),
    send: all(root, [...(adapter.selectors.send ?? []), ...(genericAdapter.selectors.send ?? [])]),
    fallback: true,
  };
}

/** The adapter to use for guarding and inserting: itself, or, once drifted, one whose composer is the generic's. */
export function withGenericFallback(adapter: SiteAdapter, root: ParentNode): SiteAdapter {
  if (firstDeep(root, adapter.selectors.composer) !== null) return adapter;
  return {
    ...adapter,
    selectors: {
      ...adapter.selectors,
      composer: genericAdapter.selectors.composer ?? [],
      send: [...(adapter.selectors.send ?? []), ...(genericAdapter.selectors.send ?? [])],
    },
  };
}
