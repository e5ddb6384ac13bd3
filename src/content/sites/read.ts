/**
 * Reading ticket facts through an adapter's selector lists: the first variant that matches wins.
 */
import type { SelectorList, SiteAdapter } from './adapter.ts';

function first(root: ParentNode, selectors: SelectorList | undefined): Element | null {
  for (const selector of selectors ?? []) {
    const found = root.querySelector(selector);
    if (found) return found;
  }
  return null;
}

/** The trimmed text of the first matching element, with runs of white space folded. */
export function readText(root: ParentNode, selectors: SelectorList | undefined): string | undefined {
  const text = first(root, selectors)?.textContent?.replace(/\s+/g, ' ').trim();
  return text ? text : undefined;
}

export function readTicketId(adapter: SiteAdapter, url: string, root: ParentNode): string | undefined {
  if (adapter.selectors.ticketId && adapter.ticketIdAttribute) {
    const value = first(root, adapter.selectors.ticketId)?.getAttribute(adapter.ticketIdAttribute)?.trim();
    if (value) return value;
  }
  if (adapter.ticketPath) {
    const match = adapter.ticketPath.exec(new URL(url).pathname);
    if (match?.[1]) return match[1];
  }
  return undefined;
}
