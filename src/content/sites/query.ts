/**
 * Selector queries that can step into open shadow roots and same-origin iframes (` >>> `, see adapter.ts), and
 * that say which variant of a list matched (for site diagnostics). A variant without ` >>> ` costs one
 * `querySelector`, exactly as before; closed shadow roots and cross-origin frames stay out of reach, as they must.
 */
import { PIERCE, type SelectorList } from './adapter.ts';

/** What an element contains for the next step of a piercing selector: its shadow root, its frame's document, or itself. */
function inside(element: Element): ParentNode | null {
  if (element.shadowRoot) return element.shadowRoot;
  if (element.tagName === 'IFRAME' || element.tagName === 'FRAME') {
    try {
      return (element as HTMLIFrameElement).contentDocument;
    } catch {
      return null;
    }
  }
  return element;
}

function safeQuery(root: ParentNode, selector: string): Element | null {
  try {
    return root.querySelector(selector);
  } catch {
    // An invalid selector (a custom adapter, a typo) matches nothing rather than throwing into the page.
    return null;
  }
}

function safeQueryAll(root: ParentNode, selector: string): Element[] {
  try {
    return [...root.querySelectorAll(selector)];
  } catch {
    return [];
  }
}

/** The first element matching one selector variant, stepping through ` >>> `. */
export function queryDeep(root: ParentNode, selector: string): Element | null {
  if (!selector.includes(PIERCE)) return safeQuery(root, selector);
  const [head, ...rest] = selector.split(PIERCE);
  const tail = rest.join(PIERCE);
  for (const host of safeQueryAll(root, head ?? '')) {
    const next = inside(host);
    if (!next) continue;
    const found = queryDeep(next, tail);
    if (found) return found;
  }
  return null;
}

/** Every element matching one selector variant, in document order per host, stepping through ` >>> `. */
export function queryAllDeep(root: ParentNode, selector: string): Element[] {
  if (!selector.includes(PIERCE)) return safeQueryAll(root, selector);
  const [head, ...rest] = selector.split(PIERCE);
  const tail = rest.join(PIERCE);
  const found: Element[] = [];
  for (const host of safeQueryAll(root, head ?? '')) {
    const next = inside(host);
    if (next) found.push(...queryAllDeep(next, tail));
  }
  return found;
}

export interface VariantMatch {
  element: Element;
  /** Which variant of the list matched (0 = the first, most stable hook). */
  variant: number;
}

/** The first variant of the list that matches, and its element. */
export function firstMatch(root: ParentNode, selectors: SelectorList | undefined): VariantMatch | null {
  const list = selectors ?? [];
  for (let variant = 0; variant < list.length; variant++) {
    const element = queryDeep(root, list[variant] ?? '');
    if (element) return { element, variant };
  }
  return null;
}

/** The first element matching any variant, or null. */
export function firstDeep(root: ParentNode, selectors: SelectorList | undefined): Element | null {
  return firstMatch(root, selectors)?.element ?? null;
}
