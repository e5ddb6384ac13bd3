// Every unit test gets a fresh in-memory IndexedDB (the real one exists only in browsers; the e2e suite uses it).
import 'fake-indexeddb/auto';

// DOM tests (happy-dom) have no layout: every element measures 0×0 there, so nothing would count as visible to the
// composer pipeline (src/content/runtime/composer.ts), which guards what the agent can see. Give elements the
// layout a browser would: a box when rendered, none inside `hidden` or `display: none` (inline or by attribute).
if (typeof Element !== 'undefined' && typeof window !== 'undefined') {
  const rendered = (element: Element): boolean => {
    for (let node: Element | null = element; node; node = node.parentElement) {
      if (node.hasAttribute('hidden')) return false;
      const style = (node as HTMLElement).style;
      if (style?.display === 'none' || style?.visibility === 'hidden') return false;
    }
    return true;
  };
  const proto = Element.prototype as Element & { checkVisibility?: unknown };
  proto.checkVisibility = function (this: Element) {
    return rendered(this);
  };
  const measured = Element.prototype.getBoundingClientRect;
  Element.prototype.getBoundingClientRect = function (this: Element) {
    const own = measured.call(this);
    if (own.width > 0 || own.height > 0 || !rendered(this)) return own;
    return new DOMRect(0, 0, 300, 40);
  };
}
