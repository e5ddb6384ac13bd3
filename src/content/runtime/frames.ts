/**
 * Same-origin frames and open shadow roots, seen from the top document. Editors often live in a frame (CKEditor 4,
 * TinyMCE, Request Tracker's reply box) or a shadow root (Salesforce Lightning, web components): their events,
 * coordinates and focus stay there, so everything that acts on the agent's input needs to know how to reach them
 * and how to translate what happens there into the top document's terms. Cross-origin frames stay out of reach,
 * as they must; `frameDocument` says so by returning undefined.
 */

/** The document of a frame element, when it is same-origin (else undefined). */
export function frameDocument(frame: Element): Document | undefined {
  try {
    return (frame as HTMLIFrameElement).contentDocument ?? undefined;
  } catch {
    return undefined;
  }
}

/** Whether a frame element shows another origin's document (one Deskmate cannot read or guard). */
export function isCrossOriginFrame(frame: Element): boolean {
  if (frame.tagName !== 'IFRAME' && frame.tagName !== 'FRAME') return false;
  try {
    // Reading the document throws (or gives null) across origins; about:blank frames are same-origin.
    return (frame as HTMLIFrameElement).contentDocument === null;
  } catch {
    return true;
  }
}

/**
 * The element of `top` that holds `element`: itself, the frame element its document is shown in (outermost first),
 * or the shadow host it sits under. Used to ask "is this editor inside that form / near that button" across
 * frame and shadow boundaries.
 */
export function anchorIn(element: Element, top: Document): Element {
  let current: Element = element;
  for (let guard = 0; guard < 64; guard++) {
    const root = current.getRootNode();
    if (root === top) return current;
    if (root instanceof (root.ownerDocument?.defaultView ?? window).ShadowRoot) {
      current = (root as ShadowRoot).host;
      continue;
    }
    const frame = (root as Document).defaultView?.frameElement;
    if (!frame) return current;
    current = frame;
  }
  return current;
}

export type Box = { top: number; left: number; bottom: number; right: number };

/**
 * For an element inside same-origin iframes of `top`: how far its frame's viewport is from `top`'s (the frames'
 * content boxes, nested), and the part of `top`'s viewport those frames show. Undefined for an element of `top`.
 */
export function frameOffset(
  element: Element | Document,
  top: Document,
): { dx: number; dy: number; clip: Box } | undefined {
  let doc = element.nodeType === 9 ? (element as Document) : (element as Element).ownerDocument;
  if (doc === top) return undefined;
  let dx = 0;
  let dy = 0;
  let clip: Box = { top: -Infinity, left: -Infinity, bottom: Infinity, right: Infinity };
  while (doc !== top) {
    const frame = doc.defaultView?.frameElement;
    if (!frame) break;
    const view = frame.ownerDocument.defaultView;
    const style = view?.getComputedStyle(frame);
    const rect = frame.getBoundingClientRect();
    const left = rect.left + frame.clientLeft + (style ? parseFloat(style.paddingLeft) || 0 : 0);
    const topEdge = rect.top + frame.clientTop + (style ? parseFloat(style.paddingTop) || 0 : 0);
    // The frame's content box in its parent's viewport, then everything so far shifted into the parent's.
    const inner = { left: rect.left + frame.clientLeft, top: rect.top + frame.clientTop };
    const box = {
      left: inner.left,
      top: inner.top,
      right: inner.left + frame.clientWidth,
      bottom: inner.top + frame.clientHeight,
    };
    clip = intersection(
      {
        top: clip.top + topEdge,
        left: clip.left + left,
        bottom: clip.bottom + topEdge,
        right: clip.right + left,
      },
      box,
    );
    dx += left;
    dy += topEdge;
    doc = frame.ownerDocument;
  }
  return { dx, dy, clip };
}

export function intersection(a: Box, b: Box): Box {
  return {
    top: Math.max(a.top, b.top),
    left: Math.max(a.left, b.left),
    bottom: Math.min(a.bottom, b.bottom),
    right: Math.min(a.right, b.right),
  };
}

/** A point in a frame's viewport, in `top`'s viewport. */
export function pointInTop(doc: Document, top: Document, x: number, y: number): { x: number; y: number } {
  const offset = frameOffset(doc, top);
  return offset ? { x: x + offset.dx, y: y + offset.dy } : { x, y };
}

/** A rectangle measured in an element's own frame, in `top`'s viewport. */
export function rectInTop(rect: DOMRectReadOnly, element: Element, top: Document): DOMRect {
  const offset = frameOffset(element, top);
  return offset
    ? new DOMRect(rect.left + offset.dx, rect.top + offset.dy, rect.width, rect.height)
    : new DOMRect(rect.left, rect.top, rect.width, rect.height);
}

/** Every same-origin frame document below `doc`, nested ones included (depth-first, at most `limit`). */
export function sameOriginFrames(doc: Document, limit = 64): Document[] {
  const out: Document[] = [];
  const visit = (current: Document) => {
    for (const frame of current.querySelectorAll('iframe, frame')) {
      if (out.length >= limit) return;
      const inner = frameDocument(frame);
      if (!inner?.defaultView) continue;
      out.push(inner);
      visit(inner);
    }
  };
  visit(doc);
  return out;
}
